"""The sandbox's state in one SQLite file under the data root: datasets, labels, import tasks, samples.

One connection, serialised by a lock: the sandbox is one process (the data root is locked, see
`sandbox.lockfile`), and SQLite serialises writers anyway. "One running import per dataset" is a partial
unique index, so it holds however many requests race for it.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import string
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

SCHEMA_VERSION = 1
ACTIVE_STATUSES = ("QUEUING", "STARTING", "RUNNING")
WAL_AUTOCHECKPOINT_PAGES = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
    dataset_id TEXT PRIMARY KEY,
    dataset_name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    dataset_type INTEGER NOT NULL,
    dataset_format INTEGER NOT NULL,
    status INTEGER NOT NULL DEFAULT 1,
    work_path TEXT NOT NULL,
    schema_json TEXT NOT NULL DEFAULT '[]',
    data_sources_json TEXT NOT NULL DEFAULT '[]',
    create_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS labels (
    dataset_id TEXT NOT NULL REFERENCES datasets(dataset_id),
    name TEXT NOT NULL,
    type INTEGER,
    property_json TEXT NOT NULL DEFAULT '{}',
    attributes_json TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, name)
);
CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets(dataset_id),
    status TEXT NOT NULL,
    active INTEGER,
    request_json TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    import_path TEXT,
    import_type INTEGER,
    data_source_json TEXT,
    error_code TEXT,
    error_msg TEXT,
    total_sample_count INTEGER NOT NULL DEFAULT 0,
    imported_sample_count INTEGER NOT NULL DEFAULT 0,
    annotated_sample_count INTEGER NOT NULL DEFAULT 0,
    unconfirmed_sample_count INTEGER NOT NULL DEFAULT 0,
    total_file_count INTEGER NOT NULL DEFAULT 0,
    finished_file_count INTEGER NOT NULL DEFAULT 0,
    total_file_size INTEGER NOT NULL DEFAULT 0,
    finished_file_size INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    create_time INTEGER NOT NULL,
    update_ms INTEGER NOT NULL,
    started_ms INTEGER,
    finished_ms INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS one_active_import_per_dataset ON tasks(dataset_id) WHERE active = 1;
CREATE INDEX IF NOT EXISTS tasks_by_dataset ON tasks(dataset_id, create_time);
CREATE TABLE IF NOT EXISTS samples (
    dataset_id TEXT NOT NULL REFERENCES datasets(dataset_id),
    folder TEXT NOT NULL,
    sample_key TEXT NOT NULL,
    task_id TEXT NOT NULL,
    annotation_task_id TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    annotations_json TEXT NOT NULL DEFAULT '[]',
    annotated INTEGER NOT NULL DEFAULT 0,
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    hard INTEGER NOT NULL DEFAULT 0,
    create_time INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, folder, sample_key)
);
DROP INDEX IF EXISTS samples_by_task;
DROP INDEX IF EXISTS samples_by_annotation_task;
CREATE INDEX IF NOT EXISTS samples_by_key ON samples(dataset_id, sample_key);
"""

_TASK_COUNTERS = (
    "total_sample_count",
    "imported_sample_count",
    "annotated_sample_count",
    "unconfirmed_sample_count",
    "total_file_count",
    "finished_file_count",
    "total_file_size",
    "finished_file_size",
)
_TASK_UPDATABLE = frozenset(
    {*_TASK_COUNTERS, "status", "error_code", "error_msg", "attempts", "started_ms", "finished_ms"}
)
_ID_ALPHABET = string.ascii_letters + string.digits


def now_ms() -> int:
    return int(time.time() * 1000)


def new_id(length: int = 19) -> str:
    """An id shaped like the service's (`gfghHSokody6AJigS5A`)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


class DuplicateName(Exception):
    pass


class ImportAlreadyRunning(Exception):
    def __init__(self, task_id: str) -> None:
        super().__init__(task_id)
        self.task_id = task_id


@dataclass(frozen=True)
class SampleCounts:
    """What an import's writes did: samples added, and samples it gave (un)confirmed annotations."""

    imported: int = 0
    annotated: int = 0
    unconfirmed: int = 0

    def __add__(self, other: SampleCounts) -> SampleCounts:
        return SampleCounts(
            self.imported + other.imported,
            self.annotated + other.annotated,
            self.unconfirmed + other.unconfirmed,
        )


class SampleRow(NamedTuple):  # a tuple: made for every sample, ~4x cheaper than a frozen dataclass
    sample_key: str
    source: str
    kind: str
    size: int
    annotations_json: str  # the JSON list of the sample's annotations, as stored
    annotated: bool
    unconfirmed: bool
    hard: bool


_FLAGS = itemgetter(5, 6)  # (annotated, unconfirmed) of a SampleRow


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        # Checkpoint (copy the WAL back, with an fsync) every ~40 MB instead of every 4 MB: an import of
        # 100,000 samples otherwise checkpoints some ten times while it writes.
        self._conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(_SCHEMA)
        self.set_meta_default("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    # meta

    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def set_meta_default(self, key: str, value: str) -> None:
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # datasets

    def create_dataset(
        self,
        *,
        name: str,
        dataset_type: int,
        description: str = "",
        labels: Iterable[dict[str, Any]] = (),
        schema: list[dict[str, Any]] | None = None,
        work_path: str | None = None,
        data_sources: list[dict[str, Any]] | None = None,
        dataset_id: str | None = None,
    ) -> str:
        dataset_id = dataset_id or new_id()
        dataset_format = 1 if dataset_type == 400 else 0
        try:
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO datasets(dataset_id, dataset_name, description, dataset_type,"
                    " dataset_format, status, work_path, schema_json, data_sources_json, create_time)"
                    " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                    (
                        dataset_id,
                        name,
                        description,
                        dataset_type,
                        dataset_format,
                        work_path or f"/sandbox-work/{dataset_id}/",
                        _dumps(schema or []),
                        _dumps(data_sources or []),
                        now_ms(),
                    ),
                )
                self._upsert_labels(conn, dataset_id, labels, dataset_type)
        except sqlite3.IntegrityError as exc:
            if "dataset_name" in str(exc):
                raise DuplicateName(name) from exc
            raise
        return dataset_id

    def get_dataset(self, dataset_id: str) -> dict[str, Any] | None:
        rows = self._query("SELECT * FROM datasets WHERE dataset_id = ?", (dataset_id,))
        return self._dataset(rows[0]) if rows else None

    def dataset_exists(self, dataset_id: str) -> bool:
        """Whether the dataset exists; unlike get_dataset, without counting its samples (a scan of them all)."""
        return bool(self._query("SELECT 1 FROM datasets WHERE dataset_id = ?", (dataset_id,)))

    def dataset_by_name(self, name: str) -> dict[str, Any] | None:
        rows = self._query("SELECT * FROM datasets WHERE dataset_name = ?", (name,))
        return self._dataset(rows[0]) if rows else None

    def list_datasets(
        self, *, limit: int, offset: int, search: str | None = None, dataset_type: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        where, params = ["1 = 1"], []
        if search:
            where.append("instr(lower(dataset_name), lower(?)) > 0")
            params.append(search)
        if dataset_type is not None:
            where.append("dataset_type = ?")
            params.append(dataset_type)
        clause = " AND ".join(where)
        with self._lock:
            total = self._conn.execute(f"SELECT count(*) FROM datasets WHERE {clause}", params).fetchone()[0]
            rows = self._conn.execute(
                f"SELECT * FROM datasets WHERE {clause}"
                " ORDER BY create_time DESC, rowid DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [self._dataset(row) for row in rows], total

    def _dataset(self, row: sqlite3.Row) -> dict[str, Any]:
        dataset_id = row["dataset_id"]
        counts = self._query(
            "SELECT count(*) AS total, coalesce(sum(annotated), 0) AS annotated,"
            " coalesce(sum(unconfirmed), 0) AS unconfirmed FROM samples WHERE dataset_id = ?",
            (dataset_id,),
        )[0]
        importing = self._query("SELECT 1 FROM tasks WHERE dataset_id = ? AND active = 1", (dataset_id,))
        return {
            "dataset_id": dataset_id,
            "dataset_name": row["dataset_name"],
            "description": row["description"],
            "dataset_type": row["dataset_type"],
            "dataset_format": row["dataset_format"],
            "status": 8 if importing else row["status"],
            "work_path": row["work_path"],
            "schema": json.loads(row["schema_json"]),
            "data_sources": json.loads(row["data_sources_json"]),
            "create_time": row["create_time"],
            "total_sample_count": counts["total"],
            "annotated_sample_count": counts["annotated"],
            "unconfirmed_sample_count": counts["unconfirmed"],
        }

    # labels

    def dataset_labels(self, dataset_id: str) -> list[dict[str, Any]]:
        rows = self._query("SELECT * FROM labels WHERE dataset_id = ? ORDER BY position, name", (dataset_id,))
        labels = []
        for row in rows:
            label: dict[str, Any] = {"name": row["name"]}
            if row["type"] is not None:
                label["type"] = row["type"]
            label["property"] = json.loads(row["property_json"])
            label["attributes"] = json.loads(row["attributes_json"])
            labels.append(label)
        return labels

    def upsert_labels(self, dataset_id: str, labels: Iterable[dict[str, Any]], default_type: int) -> None:
        """Add labels; a label that exists keeps its definition, except for the parts `labels` gives."""
        with self._tx() as conn:
            self._upsert_labels(conn, dataset_id, labels, default_type)

    def _upsert_labels(
        self, conn: sqlite3.Connection, dataset_id: str, labels: Iterable[dict[str, Any]], default_type: int
    ) -> None:
        position = conn.execute(
            "SELECT coalesce(max(position), -1) FROM labels WHERE dataset_id = ?", (dataset_id,)
        ).fetchone()[0]
        for label in labels:
            existing = conn.execute(
                "SELECT * FROM labels WHERE dataset_id = ? AND name = ?", (dataset_id, label["name"])
            ).fetchone()
            if existing is None:
                position += 1
                conn.execute(
                    "INSERT INTO labels(dataset_id, name, type, property_json, attributes_json, position)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        dataset_id,
                        label["name"],
                        label.get("type", default_type),
                        _dumps(label.get("property") or {}),
                        _dumps(label.get("attributes") or []),
                        position,
                    ),
                )
                continue
            prop = {**json.loads(existing["property_json"]), **(label.get("property") or {})}
            attributes = label.get("attributes") or json.loads(existing["attributes_json"])
            conn.execute(
                "UPDATE labels SET type = ?, property_json = ?, attributes_json = ?"
                " WHERE dataset_id = ? AND name = ?",
                (
                    label.get("type", existing["type"]),
                    _dumps(prop),
                    _dumps(attributes),
                    dataset_id,
                    label["name"],
                ),
            )

    # tasks

    def create_task(
        self,
        *,
        dataset_id: str,
        request_body: dict[str, Any],
        source_kind: str,
        import_path: str | None,
        import_type: int | None,
        data_source: dict[str, Any] | None,
    ) -> str:
        """Insert a QUEUING task; raise ImportAlreadyRunning if the dataset has one that is not finished."""
        task_id = f"{dataset_id}_{new_id()}"
        stamp = now_ms()
        with self._lock:
            try:
                with self._tx() as conn:
                    conn.execute(
                        "INSERT INTO tasks(task_id, dataset_id, status, active, request_json, source_kind,"
                        " import_path, import_type, data_source_json, create_time, update_ms)"
                        " VALUES (?, ?, 'QUEUING', 1, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            task_id,
                            dataset_id,
                            _dumps(request_body),
                            source_kind,
                            import_path,
                            import_type,
                            _dumps(data_source) if data_source is not None else None,
                            stamp,
                            stamp,
                        ),
                    )
            except sqlite3.IntegrityError as exc:
                running = self._query(
                    "SELECT task_id FROM tasks WHERE dataset_id = ? AND active = 1", (dataset_id,)
                )
                if running:
                    raise ImportAlreadyRunning(running[0]["task_id"]) from exc
                raise
        return task_id

    def get_task(self, task_id: str, dataset_id: str | None = None) -> dict[str, Any] | None:
        rows = self._query("SELECT * FROM tasks WHERE task_id = ?", (task_id,))
        if not rows or (dataset_id is not None and rows[0]["dataset_id"] != dataset_id):
            return None
        return _task(rows[0])

    def list_tasks(self, dataset_id: str, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        with self._lock:
            total = self._conn.execute(
                "SELECT count(*) FROM tasks WHERE dataset_id = ?", (dataset_id,)
            ).fetchone()[0]
            rows = self._conn.execute(
                "SELECT * FROM tasks WHERE dataset_id = ? ORDER BY create_time DESC, rowid DESC"
                " LIMIT ? OFFSET ?",
                (dataset_id, limit, offset),
            ).fetchall()
        return [_task(row) for row in rows], total

    def update_task(self, task_id: str, **fields: Any) -> None:
        unknown = set(fields) - _TASK_UPDATABLE
        if unknown:
            raise ValueError(f"not task fields: {sorted(unknown)}")
        fields["update_ms"] = now_ms()
        status = fields.get("status")
        if status is not None:
            fields["active"] = 1 if status in ACTIVE_STATUSES else None
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._tx() as conn:
            conn.execute(f"UPDATE tasks SET {assignments} WHERE task_id = ?", [*fields.values(), task_id])

    def unfinished_tasks(self) -> list[dict[str, Any]]:
        rows = self._query("SELECT * FROM tasks WHERE active = 1 ORDER BY create_time, rowid")
        return [_task(row) for row in rows]

    # samples

    # An import's counts come from its own writes (no index by task is kept up to date for them), so
    # the samples given to one call must have distinct keys (the runner keeps the first, or for
    # annotate_samples the last, of a key), and a resumed import first forgets what its interrupted
    # attempt added (forget_task_samples).

    def insert_samples(
        self, dataset_id: str, folder: str, task_id: str, samples: Sequence[SampleRow]
    ) -> SampleCounts:
        """Insert the samples not yet in `folder` of the dataset; count those that were new."""
        extra = (dataset_id, folder, task_id, now_ms())  # parameters ?9 to ?12, after a SampleRow's eight
        counts = SampleCounts()
        with self._tx() as conn:
            for (annotated, unconfirmed), run in groupby(samples, key=_FLAGS):
                before = conn.total_changes
                conn.executemany(
                    "INSERT OR IGNORE INTO samples(dataset_id, folder, sample_key, task_id, annotation_task_id,"
                    " source, kind, size, annotations_json, annotated, unconfirmed, hard, create_time)"
                    " VALUES (?9, ?10, ?1, ?11, ?11, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?12)",
                    [sample + extra for sample in run],
                )
                new = conn.total_changes - before
                counts += SampleCounts(new, new * annotated, new * unconfirmed)
        return counts

    def annotate_samples(self, dataset_id: str, task_id: str, samples: Sequence[SampleRow]) -> SampleCounts:
        """Give samples already in the dataset (any folder) new annotations; count the rows changed."""
        extra = (dataset_id, "", task_id)  # parameters ?9 to ?11, after a SampleRow's eight
        counts = SampleCounts()
        with self._tx() as conn:
            for (annotated, unconfirmed), run in groupby(samples, key=_FLAGS):
                before = conn.total_changes
                conn.executemany(
                    "UPDATE samples SET annotation_task_id = ?11, annotations_json = ?5, annotated = ?6,"
                    " unconfirmed = ?7, hard = ?8 WHERE dataset_id = ?9 AND sample_key = ?1",
                    [sample + extra for sample in run],
                )
                found = conn.total_changes - before
                counts += SampleCounts(0, found * annotated, found * unconfirmed)
        return counts

    def forget_task_samples(self, task_id: str) -> None:
        """Remove the samples a task added (before it runs again after an interruption)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM samples WHERE task_id = ?", (task_id,))

    def sample_keys(self, dataset_id: str) -> set[str]:
        return {
            row[0]
            for row in self._query("SELECT sample_key FROM samples WHERE dataset_id = ?", (dataset_id,))
        }

    def samples(self, dataset_id: str) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT * FROM samples WHERE dataset_id = ? ORDER BY folder, sample_key", (dataset_id,)
        )
        return [
            {
                "folder": row["folder"],
                "sample_key": row["sample_key"],
                "task_id": row["task_id"],
                "source": row["source"],
                "kind": row["kind"],
                "annotations": json.loads(row["annotations_json"]),
                "annotated": bool(row["annotated"]),
                "unconfirmed": bool(row["unconfirmed"]),
                "hard": bool(row["hard"]),
            }
            for row in rows
        ]


def _task(row: sqlite3.Row) -> dict[str, Any]:
    task = {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row is not a mapping)
    task["request"] = json.loads(task.pop("request_json"))
    data_source = task.pop("data_source_json")
    task["data_source"] = json.loads(data_source) if data_source else None
    return task


# One encoder for all calls: json.dumps with options builds a new one on every call, i.e. for every sample.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
