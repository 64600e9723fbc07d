"""First start: copy the demo files into the data root and create the demo datasets they fit."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sandbox.db import Database, DuplicateName, now_ms

if TYPE_CHECKING:
    from models import CreateDatasetRequest

log = logging.getLogger("sandbox.seed")

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_STORAGE_FOLDERS = ("obs", "hdfs")
SEEDED_KEY = "demo_seeded_ms"


def seed_demo(db: Database, data_root: Path, demo_dir: Path = DEMO_DIR) -> list[str]:
    """Copy the demo files (never overwriting) and create the demo datasets, once per data root."""
    for folder in DEMO_STORAGE_FOLDERS:
        copy_missing(demo_dir / folder, data_root / folder)
    if db.get_meta(SEEDED_KEY) is not None:
        return []
    from models import CreateDatasetRequest  # only now: a data root seeded before starts without it

    created = []
    for entry in demo_datasets(demo_dir):
        request = CreateDatasetRequest.model_validate(_create_body(entry))
        try:
            dataset_id = db.create_dataset(
                name=request.dataset_name,
                dataset_type=request.dataset_type,
                description=request.description or "",
                labels=[label.to_body() for label in request.labels or []],
                schema=_schema(request),
                dataset_id=entry.get("dataset_id"),
            )
        except DuplicateName:
            continue
        created.append(dataset_id)
    db.set_meta(SEEDED_KEY, str(now_ms()))
    return created


def demo_datasets(demo_dir: Path = DEMO_DIR) -> list[dict[str, Any]]:
    path = demo_dir / "datasets.json"
    if not path.is_file():
        log.warning("no demo datasets: %s is missing", path)
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("datasets", []) if isinstance(data, dict) else data
    return [entry for entry in entries if isinstance(entry, dict)]


def copy_missing(source: Path, target: Path) -> int:
    """Copy every regular file below `source` to the same place below `target` unless it exists there."""
    if not source.is_dir():
        return 0
    copied = 0
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        copied += 1
    return copied


def _create_body(entry: dict[str, Any]) -> dict[str, Any]:
    """The CreateDatasetRequest part of a demo entry (it may carry more, e.g. the paths that fit it)."""
    from models import CreateDatasetRequest

    fields = CreateDatasetRequest.model_fields
    known = {field.alias or name for name, field in fields.items()}
    return {key: value for key, value in entry.items() if key in known}


def _schema(request: CreateDatasetRequest) -> list[dict[str, Any]]:
    columns = []
    for index, column in enumerate(request.schema_ or []):
        body = column.to_body()
        body.setdefault("schema_id", index)
        columns.append(body)
    return columns
