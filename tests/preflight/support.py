"""Helpers for the preflight tests: a source folder made for each case, datasets and requests."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

from models import Dataset, ImportTaskRequest
from sources.storage import LocalStorage

BUCKET = "bkt"


def jpeg(width: int = 32, height: int = 24, colour: str = "#3366CC") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


def make(root: Path, files: dict[str, bytes | str]) -> LocalStorage:
    """Files below <root>/obs/bkt/ (keys relative to the bucket); a LocalStorage on root."""
    for name, content in files.items():
        path = root / "obs" / BUCKET / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return LocalStorage(root)


def sparse(root: Path, name: str, size: int) -> None:
    """A file of `size` bytes that takes no time to write."""
    path = root / "obs" / BUCKET / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.truncate(size)


def key(name: str) -> str:
    return f"obs/{BUCKET}/{name}"


def url(name: str) -> str:
    return f"s3://{BUCKET}/{name}"


def dataset(dataset_type: int, labels: tuple[str, ...] = (), schema: tuple[str, ...] = ()) -> Dataset:
    return Dataset.model_validate({
        "dataset_id": "ds-1", "dataset_name": "test", "dataset_type": dataset_type,
        "labels": [{"name": name} for name in labels],
        "schema": [{"schema_id": i, "name": name, "type": "STRING"} for i, name in enumerate(schema)],
    })


def request(path: str, **fields: Any) -> ImportTaskRequest:
    return ImportTaskRequest.model_validate({"import_path": url(path), **fields})


def manifest_line(source: str, *labels: str, **extra: Any) -> str:
    record: dict[str, Any] = {"source": source, **extra}
    if labels:
        record["annotation"] = [{"name": name, "type": "modelarts/image_classification"} for name in labels]
    return json.dumps(record)


def voc(width: int | None, height: int | None, *objects: tuple[str, tuple[int, int, int, int]]) -> str:
    """A VOC file; line numbers: <annotation> on 2, <size> (when given) on 3, each <object> on its own
    line after it, its <bndbox> on the next line."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<annotation>"]
    if width is not None:
        lines.append(f"<size><width>{width}</width><height>{height}</height><depth>3</depth></size>")
    for name, (xmin, ymin, xmax, ymax) in objects:
        lines.append(f"<object><name>{name}</name><difficult>0</difficult>")
        lines.append(f"<bndbox><xmin>{xmin}</xmin><ymin>{ymin}</ymin><xmax>{xmax}</xmax><ymax>{ymax}</ymax>"
                     "</bndbox></object>")
    lines.append("</annotation>")
    return "\n".join(lines) + "\n"
