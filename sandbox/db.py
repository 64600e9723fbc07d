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
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

SCHEMA_VERSION = 2  # 2: samples stored in batches (sample_batches), not a row each
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
-- An import's samples, a batch of up to a few thousand to a row: one row per sample made writing them
-- the larger part of an import. Each *_json column lists one value per sample of the batch, in order, or
-- (kinds, sizes, flags) is the one value all of them share; keys_text is the keys joined by newlines (or,
-- when one holds a newline, their JSON list).
CREATE TABLE IF NOT EXISTS sample_batches (
    batch_id INTEGER PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets(dataset_id),
    folder TEXT NOT NULL,
    task_id TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    annotated_count INTEGER NOT NULL,
    unconfirmed_count INTEGER NOT NULL,
    create_time INTEGER NOT NULL,
    keys_text TEXT NOT NULL,
    sources_json TEXT,
    kinds_json TEXT NOT NULL,
    sizes_json TEXT NOT NULL,
    annotations_json TEXT NOT NULL,
    flags_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sample_batches_by_folder ON sample_batches(dataset_id, folder);
CREATE INDEX IF NOT EXISTS sample_batches_by_task ON sample_batches(task_id);
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


# A sample as an import writes it, a plain tuple:
# (sample key, source, kind, size, its annotations as JSON text, flags: ANNOTATED | UNCONFIRMED | HARD).
SampleRow = tuple[str, str, str, int, str, int]
ANNOTATED, UNCONFIRMED, HARD = 1, 2, 4


class SampleColumns(NamedTuple):
    """A batch of samples, a list per field (as a SampleRow's), each in the same order."""

    keys: Sequence[str]
    sources: Sequence[str]
    kinds: Sequence[str]
    sizes: Sequence[int]
    annotations: Sequence[str]  # JSON text each
    flags: Sequence[int]

    @classmethod
    def of(cls, rows: Sequence[SampleRow]) -> SampleColumns:
        return cls(*([row[field] for row in rows] for field in range(6)))


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
        self._migrate_sample_rows()
        self.set_meta("schema_version", str(SCHEMA_VERSION))

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
            "SELECT coalesce(sum(sample_count), 0) AS total, coalesce(sum(annotated_count), 0) AS annotated,"
            " coalesce(sum(unconfirmed_count), 0) AS unconfirmed FROM sample_batches WHERE dataset_id = ?",
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

    # Samples are written in batches (one row of sample_batches each), and the samples of one call are
    # taken as new: the caller leaves out the keys already in the folder (folder_keys) and repeats none.
    # A resumed import first forgets what its interrupted attempt added (forget_task_samples).

    def insert_samples(self, dataset_id: str, folder: str, task_id: str, samples: SampleColumns) -> SampleCounts:
        """Add samples, new to `folder` of the dataset, as one batch; give their counts."""
        if not samples.keys:
            return SampleCounts()
        values, counts = _batch_values(samples)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO sample_batches(dataset_id, folder, task_id, sample_count, annotated_count,"
                " unconfirmed_count, create_time, keys_text, sources_json, kinds_json, sizes_json,"
                " annotations_json, flags_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (dataset_id, folder, task_id, counts.imported, counts.annotated, counts.unconfirmed, now_ms(),
                 *values),
            )
        return counts

    def annotate_samples(self, dataset_id: str, samples: Sequence[SampleRow]) -> SampleCounts:
        """Give the samples of the dataset (in any folder) with these keys the annotations and flags of
        these; count the samples changed, as each one's new flags say."""
        updates = {sample[0]: sample for sample in samples}
        annotated = unconfirmed = 0
        with self._tx() as conn:
            batches = conn.execute(
                "SELECT batch_id, keys_text, annotations_json, flags_json FROM sample_batches"
                " WHERE dataset_id = ?",
                (dataset_id,),
            ).fetchall()
            for batch_id, keys_text, annotations_json, flags_json in batches:
                keys = _keys(keys_text)
                found = [index for index, key in enumerate(keys) if key in updates]
                if not found:
                    continue
                annotations, flags = json.loads(annotations_json), _values(flags_json, len(keys))
                for index in found:
                    _, _, _, _, sample_annotations, sample_flags = updates[keys[index]]
                    annotations[index] = json.loads(sample_annotations)
                    flags[index] = sample_flags
                    annotated += sample_flags & ANNOTATED
                    unconfirmed += (sample_flags & UNCONFIRMED) >> 1
                conn.execute(
                    "UPDATE sample_batches SET annotations_json = ?, flags_json = ?, annotated_count = ?,"
                    " unconfirmed_count = ? WHERE batch_id = ?",
                    (_dumps(annotations), _dumps(flags), sum(f & ANNOTATED for f in flags),
                     sum(1 for f in flags if f & UNCONFIRMED), batch_id),
                )
        return SampleCounts(0, annotated, unconfirmed)

    def forget_task_samples(self, task_id: str) -> None:
        """Remove the samples a task added (before it runs again after an interruption)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM sample_batches WHERE task_id = ?", (task_id,))

    def folder_keys(self, dataset_id: str, folder: str) -> set[str]:
        """The keys of the samples in `folder` of the dataset."""
        rows = self._query(
            "SELECT keys_text FROM sample_batches WHERE dataset_id = ? AND folder = ?", (dataset_id, folder)
        )
        return {key for row in rows for key in _keys(row[0])}

    def sample_keys(self, dataset_id: str) -> set[str]:
        """The keys of the dataset's samples, in all its folders."""
        rows = self._query("SELECT keys_text FROM sample_batches WHERE dataset_id = ?", (dataset_id,))
        return {key for row in rows for key in _keys(row[0])}

    def samples(self, dataset_id: str) -> list[dict[str, Any]]:
        rows = self._query("SELECT * FROM sample_batches WHERE dataset_id = ?", (dataset_id,))
        found = [
            {
                "folder": row["folder"],
                "sample_key": key,
                "task_id": row["task_id"],
                "source": source,
                "kind": kind,
                "annotations": annotations,
                "annotated": bool(flags & ANNOTATED),
                "unconfirmed": bool(flags & UNCONFIRMED),
                "hard": bool(flags & HARD),
            }
            for row in rows
            for key, source, kind, _, annotations, flags in _batch_samples(row)
        ]
        found.sort(key=lambda sample: (sample["folder"], sample["sample_key"]))
        return found

    def sample_page(self, dataset_id: str, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """A page of the dataset's samples, newest first (as ListSamples' default order), and how many there
        are; whole batches before the page are skipped by their counts, not read."""
        rows = self._query(
            "SELECT batch_id, sample_count FROM sample_batches WHERE dataset_id = ? ORDER BY batch_id DESC",
            (dataset_id,),
        )
        total = sum(row["sample_count"] for row in rows)
        page: list[dict[str, Any]] = []
        skip = offset
        for row in rows:
            if len(page) >= limit:
                break
            if skip >= row["sample_count"]:
                skip -= row["sample_count"]
                continue
            batch = self._query("SELECT * FROM sample_batches WHERE batch_id = ?", (row["batch_id"],))[0]
            samples = list(_batch_samples(batch))
            for key, source, kind, size, labels, flags in samples[skip : skip + limit - len(page)]:
                page.append({
                    "sample_key": key, "source": source, "kind": kind, "size": size, "annotations": labels,
                    "annotated": bool(flags & ANNOTATED), "hard": bool(flags & HARD),
                    "task_id": batch["task_id"], "create_time": batch["create_time"],
                })
            skip = 0
        return page, total

    def _migrate_sample_rows(self) -> None:
        """Move the samples of a data root written before batches (a `samples` table, a row each) into
        sample_batches, one batch per folder and task."""
        with self._tx() as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(sample_batches)")}
            if "keys_json" in columns:  # the first batches kept their keys as a JSON list, which keys_text reads
                conn.execute("ALTER TABLE sample_batches RENAME COLUMN keys_json TO keys_text")
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'samples'").fetchone():
                rows = conn.execute(
                    "SELECT dataset_id, folder, task_id, sample_key, source, kind, size, annotations_json,"
                    " annotated, unconfirmed, hard, create_time FROM samples"
                    " ORDER BY dataset_id, folder, task_id, sample_key"
                ).fetchall()
                for (dataset_id, folder, task_id), run in groupby(rows, key=itemgetter(0, 1, 2)):
                    run = list(run)
                    samples = [
                        (r[3], r[4], r[5], r[6], r[7],
                         (ANNOTATED if r[8] else 0) | (UNCONFIRMED if r[9] else 0) | (HARD if r[10] else 0))
                        for r in run
                    ]
                    values, counts = _batch_values(SampleColumns.of(samples))
                    conn.execute(
                        "INSERT INTO sample_batches(dataset_id, folder, task_id, sample_count, annotated_count,"
                        " unconfirmed_count, create_time, keys_text, sources_json, kinds_json, sizes_json,"
                        " annotations_json, flags_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (dataset_id, folder, task_id, counts.imported, counts.annotated, counts.unconfirmed,
                         min(r[11] for r in run), *values),
                    )
                conn.execute("DROP TABLE samples")


def _batch_values(samples: SampleColumns) -> tuple[tuple[str, str | None, str, str, str, str], SampleCounts]:
    """The JSON columns of a batch (keys, sources, kinds, sizes, annotations, flags) and its counts, made
    with a few C-level calls for the whole batch: this runs for every sample an import adds."""
    keys, sources, kinds, sizes, annotations, flags = samples
    keys_text = "\n".join(keys)  # a copy of the bytes: JSON-encoding the keys cost several times more
    if keys_text.count("\n") != len(keys) - 1 or keys_text.startswith("["):
        keys_text = _dumps(keys)
    values = (
        keys_text,
        None if sources == keys else _dumps(sources),  # most sources are their sample's key
        _column(kinds),
        _column(sizes),
        f"[{','.join(annotations)}]",  # each is JSON text already
        _column(flags),
    )
    uniform = flags.count(flags[0]) == len(flags)
    by_flags: dict[int, int] = {flags[0]: len(flags)} if uniform else Counter(flags)
    annotated = sum(count for flag, count in by_flags.items() if flag & ANNOTATED)
    unconfirmed = sum(count for flag, count in by_flags.items() if flag & UNCONFIRMED)
    return values, SampleCounts(len(keys), annotated, unconfirmed)


def _keys(text: str) -> list[str]:
    return json.loads(text) if text.startswith("[") else text.split("\n")  # type: ignore[no-any-return]


def _column(values: Sequence[Any]) -> str:
    """A JSON list of a batch's values, or the one value (not a list) that every sample has."""
    first = values[0]
    return _dumps(first if values.count(first) == len(values) else values)


def _values(column: str, count: int) -> list[Any]:
    values = json.loads(column)
    return values if isinstance(values, list) else [values] * count


def _batch_samples(row: sqlite3.Row) -> Iterator[tuple[str, str, str, int, Any, int]]:
    """The samples of a sample_batches row: (key, source, kind, size, annotations, flags)."""
    keys = _keys(row["keys_text"])
    count = len(keys)
    sources = keys if row["sources_json"] is None else json.loads(row["sources_json"])
    return zip(keys, sources, _values(row["kinds_json"], count), _values(row["sizes_json"], count),
               json.loads(row["annotations_json"]), _values(row["flags_json"], count), strict=True)


def _task(row: sqlite3.Row) -> dict[str, Any]:
    task = {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row is not a mapping)
    task["request"] = json.loads(task.pop("request_json"))
    data_source = task.pop("data_source_json")
    task["data_source"] = json.loads(data_source) if data_source else None
    return task


# One encoder for all calls: json.dumps with options builds a new one on every call, i.e. for every sample.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
