"""Writing an import's samples to the database as they come, in batches.

This is the per-sample part of an import, so it is kept lean: `add` makes one plain tuple per sample and
the database stores a batch of them as one row. Samples already in the import folder are left out against
a set of its keys read once, and the JSON of a sample's annotations is made once per distinct single label
rather than once per sample. (A writer thread was tried: with the GIL, the reading and the writing threads
hand it back and forth for every row, which made imports slower.)
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.db import ANNOTATED, HARD, UNCONFIRMED, Database, SampleCounts, SampleRow
from sandbox.layouts import SampleAnnotation, SourceSample

BATCH = 5000
CONTENT = "content://"
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class SampleWriter:
    """One sample per key: the first of a key when adding samples (`annotate` false), the last when
    annotating samples already in the dataset, as writing one sample after another would leave them.

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
        self._labelled = ANNOTATED if final else UNCONFIRMED
        self._renames = renames
        self._rows: dict[str, SampleRow] = {}  # annotating: held to the end, so that the last of a key wins
        self._batch: list[SampleRow] = []
        self._seen: set[str] = set()  # adding: the keys given, each written once
        self._existing: set[str] = set() if annotate else db.folder_keys(dataset_id, folder)  # not written again
        self._names: dict[str, None] = {}
        self._single_label_json: dict[str, str] = {}
        self.counts = SampleCounts()
        self.inline_samples = 0  # samples whose source is not a file (a manifest line's content://)

    @property
    def label_names(self) -> list[str]:
        """The label names of the annotations given, in the order they first came."""
        return list(self._names)

    @property
    def distinct_samples(self) -> int:
        """The distinct sample keys given (written or not)."""
        return len(self._rows) if self._annotate else len(self._seen)

    def add(self, sample: SourceSample) -> None:
        key, source = sample.key, sample.source
        if source != key and source.startswith(CONTENT):
            self.inline_samples += 1
        annotations = sample.annotations
        if not annotations:
            annotations_json, flags = "[]", 0
        else:
            first = annotations[0]
            if len(annotations) == 1 and first.box is None and not first.difficult:  # most classification samples
                annotations_json = self._single_label_json.get(first.name) or self._single_label(first.name)
            else:
                annotations_json = self._annotations_json(annotations)
            flags = self._labelled
        if sample.hard:
            flags |= HARD
        row = (key, source, sample.kind, sample.size, annotations_json, flags)
        if self._annotate:
            self._rows[key] = row
            return
        if key in self._seen:
            return
        self._seen.add(key)
        if key in self._existing:
            return
        self._batch.append(row)
        if len(self._batch) >= BATCH:
            self.counts += self._db.insert_samples(self._dataset_id, self._folder, self._task_id, self._batch)
            self._batch = []

    def finish(self) -> SampleCounts:
        if self._annotate:
            self.counts += self._db.annotate_samples(self._dataset_id, list(self._rows.values()))
        elif self._batch:
            self.counts += self._db.insert_samples(self._dataset_id, self._folder, self._task_id, self._batch)
            self._batch = []
        return self.counts

    def _single_label(self, name: str) -> str:
        """The annotations JSON of a sample whose only annotation is `name`, made once per name."""
        renamed = self._renames.get(name, name)
        self._names[renamed] = None
        text = self._single_label_json[name] = _encode([{"name": renamed}])
        return text

    def _annotations_json(self, annotations: list[SampleAnnotation]) -> str:
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
