"""Writing an import's samples to the database as they come, in batches.

This is the per-sample part of an import, so it is kept lean: samples come a batch at a time (`add_batch`),
their fields are taken out with C-level steps, duplicates are found with set operations against the
import folder's keys (read once), the JSON of a sample's annotations is made once per distinct single
label, and the database stores the whole batch as one row. (A writer thread was tried: with the GIL, the
reading and the writing threads hand it back and forth for every row, which made imports slower.)
"""

from __future__ import annotations

import json
from operator import attrgetter, itemgetter
from typing import Any

from sandbox.db import ANNOTATED, HARD, UNCONFIRMED, Database, SampleColumns, SampleCounts, SampleRow
from sources.layouts import SampleAnnotation, SourceSample

CONTENT = "content://"
BATCH = 5000  # samples written to the database at a time (a row of sample_batches)
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_key, _source, _kind, _size, _hard, _annotations = (
    attrgetter(name) for name in ("key", "source", "kind", "size", "hard", "annotations")
)
_first = itemgetter(0)


class SampleWriter:
    """One sample per key: the first of a key when adding samples (`annotate` false), the last when
    annotating samples already in the dataset, as writing one sample after another would leave them.

    Give the kept samples to `add_batch` (or one by one to `add`), then `finish()` writes what is left and
    gives the counts of all the writes. Batches are written as they fill, so an import stopped half-way
    keeps what it wrote.
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
        self._seen: set[str] = set()  # adding: the keys given, each written once
        self._pending = SampleColumns([], [], [], [], [], [])  # adding: written when BATCH are there
        self._existing: set[str] = set() if annotate else db.folder_keys(dataset_id, folder)  # not written again
        self._names: dict[str, None] = {}
        self._single_label_json: dict[str, str] = {}
        self._text_by_id: dict[int, str] = {}  # id of an annotation without a box -> its sample's JSON text
        self._held: list[SampleAnnotation] = []  # those annotations, alive while their ids are keys above
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
        self.add_batch([sample])

    def add_batch(self, samples: list[SourceSample]) -> None:
        keys, sources = list(map(_key, samples)), list(map(_source, samples))
        if sources != keys:
            self.inline_samples += sum(
                1 for key, source in zip(keys, sources, strict=True) if source != key and source.startswith(CONTENT)
            )
        annotations, flags = self._annotation_columns(samples)
        if self._annotate:
            for row in zip(keys, sources, map(_kind, samples), map(_size, samples), annotations, flags, strict=True):
                self._rows[row[0]] = row
            return
        batch = SampleColumns(keys, sources, list(map(_kind, samples)), list(map(_size, samples)), annotations, flags)
        seen = self._seen
        before = len(seen)
        if (not self._existing or self._existing.isdisjoint(keys)) and seen.isdisjoint(keys):
            seen.update(keys)
            if len(seen) - before != len(keys):  # seldom: a key twice in the batch
                seen.difference_update(keys)  # (none of them had come before)
                batch = self._first_new(batch)
        else:
            batch = self._first_new(batch)  # seldom: some keys came before, or are in the folder already
        for column, values in zip(self._pending, batch, strict=True):
            column.extend(values)
        if len(self._pending.keys) >= BATCH:
            self._write_pending()

    def finish(self) -> SampleCounts:
        if self._annotate:
            self.counts += self._db.annotate_samples(self._dataset_id, list(self._rows.values()))
        else:
            self._write_pending()
        return self.counts

    def _write_pending(self) -> None:
        if self._pending.keys:
            self.counts += self._db.insert_samples(self._dataset_id, self._folder, self._task_id, self._pending)
            self._pending = SampleColumns([], [], [], [], [], [])

    def _first_new(self, batch: SampleColumns) -> SampleColumns:
        """The samples of the batch whose key neither came before nor is in the folder; every key is seen."""
        seen, existing = self._seen, self._existing
        rows = []
        for row in zip(*batch, strict=True):
            key = row[0]
            if key not in seen:
                seen.add(key)
                if key not in existing:
                    rows.append(row)
        return SampleColumns.of(rows)

    def _annotation_columns(self, samples: list[SourceSample]) -> tuple[list[str], list[int]]:
        """Each sample's annotations as JSON text, and its flags."""
        given_lists = list(map(_annotations, samples))
        if list(map(len, given_lists)).count(1) == len(samples):
            texts = self._single_annotation_texts(given_lists)
            return texts, self._with_hard([self._labelled] * len(samples), samples)
        texts = []
        flags: list[int] = []
        single, labelled = self._single_label_json, self._labelled
        for given in given_lists:
            if not given:
                texts.append("[]")
                flags.append(0)
                continue
            first = given[0]
            if len(given) == 1 and first.box is None and not first.difficult:  # most classification samples
                texts.append(single.get(first.name) or self._single_label(first.name))
            else:
                texts.append(self._annotations_json(given))
            flags.append(labelled)
        return texts, self._with_hard(flags, samples)

    def _single_annotation_texts(self, given_lists: list[list[SampleAnnotation]]) -> list[str]:
        """The JSON texts when every sample has one annotation, in C-level steps: the readers give many
        samples the same annotation object (one per label), so the text of each such object is made once per
        import and looked up by the object's id (the object is held, so that its id stays its own)."""
        firsts = list(map(_first, given_lists))
        texts: list[str | None] = list(map(self._text_by_id.get, map(id, firsts)))
        if None in texts:
            for index, annotation in enumerate(firsts):
                if texts[index] is not None:
                    continue
                if annotation.box is None and not annotation.difficult:
                    text = self._single_label_json.get(annotation.name) or self._single_label(annotation.name)
                    self._text_by_id[id(annotation)] = text
                    self._held.append(annotation)
                else:  # a box: seldom shared, made each time
                    text = self._annotations_json([annotation])
                texts[index] = text
        return texts  # type: ignore[return-value]

    @staticmethod
    def _with_hard(flags: list[int], samples: list[SourceSample]) -> list[int]:
        hards = list(map(_hard, samples))
        if True not in hards:
            return flags
        return [flag | HARD if hard else flag for flag, hard in zip(flags, hards, strict=True)]

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
