"""Helpers (no tests): small sources made in tmp_path for the layout reader tests."""

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

from models import ImportTaskRequest
from sources.layouts import SourceProblem, SourceSample, read_source
from sources.storage import LocalStorage

BUCKET = "bkt"


def jpeg(width: int = 8, height: int = 6) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 100, 50)).save(out, format="JPEG")
    return out.getvalue()


def make(root: Path, files: dict[str, bytes | str]) -> LocalStorage:
    """Files by their key below the bucket ("imgs/cat/1.jpg" -> <root>/obs/bkt/imgs/cat/1.jpg)."""
    (root / "obs" / BUCKET).mkdir(parents=True, exist_ok=True)
    for key, data in files.items():
        path = root / "obs" / BUCKET / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return LocalStorage(root)


def key(relative: str) -> str:
    return f"obs/{BUCKET}/{relative}"


def request(path: str, **fields: Any) -> ImportTaskRequest:
    return ImportTaskRequest.model_validate({"import_path": f"s3://{BUCKET}/{path}", **fields})


def read(storage: LocalStorage, req: ImportTaskRequest, dataset_type: int, **options: Any
         ) -> tuple[list[SourceSample], list[SourceProblem]]:
    items = list(read_source(storage, req, dataset_type, **options))
    samples = [i for i in items if isinstance(i, SourceSample)]
    return samples, [i for i in items if isinstance(i, SourceProblem)]


def where(problems: list[SourceProblem]) -> list[tuple[str, int | None, str]]:
    return [(p.file, p.line, p.code) for p in problems]


def labels(samples: list[SourceSample]) -> dict[str, list[str]]:
    return {s.key: sorted(a.name for a in s.annotations) for s in samples}


def manifest(*records: Any) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


SIZE_20_BY_10 = "<size><width>20</width><height>10</height><depth>3</depth></size>"


def voc_xml(objects: str, size: str = SIZE_20_BY_10) -> str:
    return f'<?xml version="1.0"?>\n<annotation>\n{size}\n{objects}\n</annotation>\n'
