"""Writing an import's samples to the database while the source is still being read.

The samples an import keeps are turned into rows as they come and written in batches by a thread of the
writer's own: SQLite does its work outside the GIL, so on a second core the writes overlap the reading.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sandbox.db import Database, SampleCounts, SampleRow
from sandbox.layouts import SourceSample

BATCH = 2000


class SampleWriter:
    """One row per sample key: the first of a key when adding samples (`annotate` false), the last when
    annotating samples already in the dataset, as writing one row per sample in turn would leave them.

    Use as a context manager; `finish()` writes what is left and returns the counts of all writes.
    Leaving the block without finishing (an error, the sandbox stopping) drops the writes not started.
    """

    def __init__(
        self,
        db: Database,
        dataset_id: str,
        folder: str,
        task_id: str,
        *,
        annotate: bool,
        final: bool,
        renames: dict[str, str],
    ) -> None:
        self._db = db
        self._dataset_id, self._folder, self._task_id = dataset_id, folder, task_id
        self._annotate = annotate
        self._final = final
        self._renames = renames
        self._rows: dict[str, SampleRow] = {}  # annotating: held to the end, so that the last of a key wins
        self._batch: list[SampleRow] = []
        self._seen: set[str] = set()
        self._names: dict[str, None] = {}
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="sandbox-sample-writer")
        self._writes: list[Future[SampleCounts]] = []

    @property
    def label_names(self) -> list[str]:
        """The label names of the annotations given, in the order they first came."""
        return list(self._names)

    def add(self, sample: SourceSample) -> None:
        annotations = []
        for annotation in sample.annotations:
            name = self._renames.get(annotation.name, annotation.name)
            self._names[name] = None
            entry: dict[str, Any] = {"name": name}
            if annotation.difficult:
                entry["difficult"] = True
            if annotation.box is not None:
                entry["box"] = list(annotation.box)
            annotations.append(entry)
        if not self._annotate:
            if sample.key in self._seen:
                return
            self._seen.add(sample.key)
        has_labels = bool(annotations)
        row = SampleRow(
            sample_key=sample.key,
            source=sample.source,
            kind=sample.kind,
            size=sample.size,
            annotations=annotations,
            annotated=has_labels and self._final,
            unconfirmed=has_labels and not self._final,
            hard=sample.hard,
        )
        if self._annotate:
            self._rows[sample.key] = row
            return
        self._batch.append(row)
        if len(self._batch) >= BATCH:
            self._write(self._batch)
            self._batch = []

    def finish(self) -> SampleCounts:
        if self._annotate:
            rows = list(self._rows.values())
            for start in range(0, len(rows), BATCH):
                self._write(rows[start : start + BATCH])
        elif self._batch:
            self._write(self._batch)
            self._batch = []
        counts = SampleCounts()
        for write in self._writes:
            counts += write.result()
        return counts

    def _write(self, rows: list[SampleRow]) -> None:
        if self._annotate:
            write = self._pool.submit(self._db.annotate_samples, self._dataset_id, self._task_id, rows)
        else:
            write = self._pool.submit(self._db.insert_samples, self._dataset_id, self._folder, self._task_id, rows)
        self._writes.append(write)

    def __enter__(self) -> SampleWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
