"""What a preflight found: counts, what the request keeps, labels against the dataset's, problems, fixes."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sources.layouts import SourceProblem
from sources.layouts.types import IMAGE_TYPES
from sources.storage import obs_url

from .reading import ReadStats

RENAME_TO = "@modelarts:rename_to"


@dataclass(frozen=True)
class LabelFix:
    """A change to the request body's included_labels: add names, drop names, give one a rename-to."""

    kind: str  # "include" or "rename"
    label: str  # the label the fix is about
    title: str  # e.g. "Rename 'Cat' to 'cat'"
    why: str  # why this fix (and not the other kind) is the right one
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    rename_to: str | None = None
    kept_after: int | None = None  # samples the request would keep with the fix applied
    annotated_after: int | None = None

    def apply(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The request body with this fix applied (the input is not changed)."""
        changed = copy.deepcopy(dict(body))
        labels = [dict(label) for label in changed.get("included_labels") or [] if label.get("name") not in self.remove]
        names = {label["name"] for label in labels}
        for name in self.add:
            if name not in names:
                labels.append({"name": name})
                names.add(name)
        if self.rename_to is not None:
            for label in labels:
                if label["name"] == self.label:
                    label["property"] = {**(label.get("property") or {}), RENAME_TO: self.rename_to}
        changed["included_labels"] = labels
        return changed

    def is_applied(self, body: Mapping[str, Any]) -> bool:
        return self.apply(body) == dict(body)


@dataclass
class LabelRow:
    name: str
    in_source: int  # samples found carrying the label
    kept: int  # samples the request keeps that carry it
    in_dataset: bool
    status: str  # "matches", "new", "near_duplicate", "renamed", "missing", "not_in_source"
    note: str
    similar_to: str | None = None
    fix: LabelFix | None = None


@dataclass
class Preview:
    key: str
    labels: list[str]
    boxes: int
    png: bytes = field(repr=False)


@dataclass(frozen=True)
class Expectation:
    """What the preflight expects a finished import to report; `sampled`: counted on part of the source;
    `unsized`: images counted as importable whose size was not checked (the service skips those over 5 MB)."""

    imported: int
    annotated: int
    total: int
    sampled: bool = False
    unsized: int = 0


@dataclass
class PreflightReport:
    import_path: str
    dataset_type: int | None
    read_from: str = ""
    failure: str | None = None  # the whole source could not be read, or the service would fail the import
    failure_code: str | None = None
    root: str | None = None  # storage key of the import path
    single_file: bool = False
    files_by_kind: dict[str, int] = field(default_factory=dict)
    files_listed: int = 0
    listing_complete: bool = True
    samples_found: int = 0
    annotated_found: int = 0
    samples_by_kind: dict[str, int] = field(default_factory=dict)
    found_label_counts: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    kept_annotated: int = 0
    kept_label_counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    annotations_only: bool = False
    filter_notes: list[str] = field(default_factory=list)
    labels: list[LabelRow] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)  # at most MAX_PROBLEMS kept
    problem_counts: dict[str, int] = field(default_factory=dict)  # code -> all found
    sampled: bool = False
    max_files: int | None = None
    source_bytes: int | None = None  # size of a single-file source
    stats: ReadStats = field(default_factory=ReadStats)
    previews: list[Preview] = field(default_factory=list)
    expectation: Expectation | None = None

    @property
    def fixes(self) -> list[LabelFix]:
        return [row.fix for row in self.labels if row.fix is not None]

    @property
    def problem_total(self) -> int:
        return sum(self.problem_counts.values())

    def how_much_read(self) -> str:
        """What was read, whether it was all of the source, and how the objects it names were checked."""
        stats = self.stats
        parts = [f"{self.files_listed:,} file(s) listed", f"{stats.objects_opened:,} opened",
                 f"{_size(stats.bytes_read)} read", f"{self.samples_found:,} sample(s) parsed"]
        text = ", ".join(parts) + "."
        if self.sampled:
            bound = f"the first {self.max_files:,} files or lines" if self.max_files else "part of the source"
            text += f" Sampled: only {bound} were checked, so the counts describe that part."
            if self.single_file and self.source_bytes:
                text += f" The file is {_size(self.source_bytes)} in all."
        else:
            text += " Every file and line of the source was checked."
        if not self.listing_complete:
            text += f" The listing stopped at {self.files_listed:,} files; the folder holds more."
        return text + self.how_objects_were_checked()

    def how_objects_were_checked(self) -> str:
        """For sources naming objects (manifests): how their existence and sizes were checked, and what was not."""
        stats = self.stats
        if not (stats.folder_listings or stats.size_lookups or stats.sizes_sampled or stats.unchecked):
            return ""
        how = []
        if stats.folder_listings:
            names = f" ({stats.names_listed:,} names)" if stats.names_listed else ""
            how.append(f"{stats.folder_listings:,} folder listing(s){names}")
        if stats.size_lookups:
            how.append(f"{stats.size_lookups:,} lookup(s) one by one")
        through = f" through {' and '.join(how)}" if how else ""
        if stats.unchecked:
            text = (f" The objects the source names were checked to exist{through}, except {stats.unchecked:,}: no "
                    f"listing covered them, and lookups one by one stop at {self.max_files or 0:,}.")
        else:
            text = f" Every object the source names was checked to exist{through}."
        for folder, listed in stats.listings_cut:
            text += f" The listing of {obs_url(folder)} stopped at {listed:,} objects; the folder holds more."
        if self.dataset_type in IMAGE_TYPES:
            named = stats.sizes_sampled + stats.sizes_skipped
            if stats.sizes_skipped:
                text += (f" Sizes (the service skips images over 5 MB) were looked up for {stats.sizes_sampled:,} of "
                         f"the {named:,} objects named, a sample spread evenly across the source, so "
                         f"{stats.sizes_skipped:,} were not size-checked (checking everything looks up every size).")
            elif stats.unchecked == 0:
                text += " Every size was checked too (the service skips images over 5 MB)."
        return text


def _size(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{count} bytes"
