"""Writing an import's samples to the database as they come, in batches.

This is the per-sample part of an import, so it is kept lean: the JSON of a sample's annotations is made
once per distinct single label rather than once per sample. (A writer thread was tried: with the GIL, the
reading and the writing threads hand it back and forth for every row, which made imports slower.)
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.db import Database, SampleCounts, SampleRow
from sandbox.layouts import SampleAnnotation, SourceSample

BATCH = 2000
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class SampleWriter:
    """One row per sample key: the first of a key when adding samples (`annotate` false), the last when
    annotating samples already in the dataset, as writing one row per sample in turn would leave them.

    Add the kept samples with `add`, then `finish()` writes what is left and gives the counts of all the
    writes. Batches are written as they fill, so an import stopped half-way keeps what it wrote.
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
        self._single_label_json: dict[str, str] = {}
        self.counts = SampleCounts()

    @property
    def label_names(self) -> list[str]:
        """The label names of the annotations given, in the order they first came."""
        return list(self._names)

    def add(self, sample: SourceSample) -> None:
        annotations_json = self._annotations_json(sample.annotations)
        key = sample.key
        if not self._annotate:
            if key in self._seen:
                return
            self._seen.add(key)
        labelled = annotations_json != "[]"
        row = SampleRow(
            key, sample.source, sample.kind, sample.size, annotations_json,
            labelled and self._final, labelled and not self._final, sample.hard,
        )  # fmt: skip
        if self._annotate:
            self._rows[key] = row
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
        return self.counts

    def _annotations_json(self, annotations: list[SampleAnnotation]) -> str:
        if not annotations:
            return "[]"
        first = annotations[0]
        if len(annotations) == 1 and not first.difficult and first.box is None:  # most classification samples
            name = self._renames.get(first.name, first.name)
            self._names[name] = None
            text = self._single_label_json.get(name)
            if text is None:
                text = self._single_label_json[name] = _encode([{"name": name}])
            return text
        entries = []
        for annotation in annotations:
            name = self._renames.get(annotation.name, annotation.name)
            self._names[name] = None
            entry: dict[str, Any] = {"name": name}
            if annotation.difficult:
                entry["difficult"] = True
            if annotation.box is not None:
                entry["box"] = list(annotation.box)
            entries.append(entry)
        return _encode(entries)

    def _write(self, rows: list[SampleRow]) -> None:
        if self._annotate:
            self.counts += self._db.annotate_samples(self._dataset_id, self._task_id, rows)
        else:
            self.counts += self._db.insert_samples(self._dataset_id, self._folder, self._task_id, rows)
