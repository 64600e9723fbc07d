"""What a preflight found: counts, what the request keeps, labels against the dataset's, problems, fixes."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.messages import AND, N_, Message, Text, join, sentences
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
    title: Message  # e.g. "Rename 'Cat' to 'cat'"
    why: Message  # why this fix (and not the other kind) is the right one
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
    note: Text
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
    failure: Text | None = None  # the whole source could not be read, or the service would fail the import
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
    filter_notes: list[Message] = field(default_factory=list)
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

    def how_much_read(self) -> Message:
        """What was read, whether it was all of the source, and how the objects it names were checked."""
        stats = self.stats
        said: list[Text] = [
            Message(
                N_("{files} file(s) listed, {opened} opened, {size} read, {samples} sample(s) parsed."),
                {"files": f"{self.files_listed:,}", "opened": f"{stats.objects_opened:,}",
                 "size": _size(stats.bytes_read), "samples": f"{self.samples_found:,}"},
            )
        ]  # fmt: skip
        if self.sampled:
            if self.max_files:
                said.append(Message(
                    N_("Sampled: only the first {count} files or lines were checked, so the counts describe that "
                       "part."),
                    {"count": f"{self.max_files:,}"},
                ))  # fmt: skip
            else:
                said.append(
                    Message(N_("Sampled: only part of the source was checked, so the counts describe that part."))
                )
            if self.single_file and self.source_bytes:
                said.append(Message(N_("The file is {size} in all."), {"size": _size(self.source_bytes)}))
        else:
            said.append(Message(N_("Every file and line of the source was checked.")))
        if not self.listing_complete:
            said.append(Message(N_("The listing stopped at {count} files; the folder holds more."),
                                {"count": f"{self.files_listed:,}"}))
        said.extend(self.how_objects_were_checked())
        return sentences(said)

    def how_objects_were_checked(self) -> list[Message]:
        """For sources naming objects (manifests): how their existence and sizes were checked, and what was not
        (a sentence each; none for other sources)."""
        stats = self.stats
        if not (stats.folder_listings or stats.size_lookups or stats.sizes_sampled or stats.unchecked):
            return []
        how: list[Message] = []
        if stats.folder_listings:
            count = {"count": f"{stats.folder_listings:,}"}
            if stats.names_listed:
                how.append(Message(N_("{count} folder listing(s) ({names} names)"),
                                   {**count, "names": f"{stats.names_listed:,}"}))
            else:
                how.append(Message(N_("{count} folder listing(s)"), count))
        if stats.size_lookups:
            how.append(Message(N_("{count} lookup(s) one by one"), {"count": f"{stats.size_lookups:,}"}))
        through: Text = Message(N_(" through {how}"), {"how": join(how, AND)}) if how else ""
        said: list[Message] = []
        if stats.unchecked:
            said.append(Message(
                N_("The objects the source names were checked to exist{through}, except {count}: no listing covered "
                   "them, and lookups one by one stop at {most}."),
                {"through": through, "count": f"{stats.unchecked:,}", "most": f"{self.max_files or 0:,}"},
            ))  # fmt: skip
        else:
            said.append(Message(N_("Every object the source names was checked to exist{through}."),
                                {"through": through}))
        for folder, listed in stats.listings_cut:
            said.append(Message(N_("The listing of {folder} stopped at {count} objects; the folder holds more."),
                                {"folder": obs_url(folder), "count": f"{listed:,}"}))
        if self.dataset_type in IMAGE_TYPES:
            named = stats.sizes_sampled + stats.sizes_skipped
            if stats.sizes_skipped:
                said.append(Message(
                    N_("Sizes (the service skips images over 5 MB) were looked up for {sampled} of the {named} "
                       "objects named, a sample spread evenly across the source, so {skipped} were not size-checked "
                       "(checking everything looks up every size)."),
                    {"sampled": f"{stats.sizes_sampled:,}", "named": f"{named:,}",
                     "skipped": f"{stats.sizes_skipped:,}"},
                ))  # fmt: skip
            elif stats.unchecked == 0:
                said.append(Message(N_("Every size was checked too (the service skips images over 5 MB).")))
        return said


def _size(count: int) -> Text:
    size = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return Message(N_("{count} bytes"), {"count": int(size)}) if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return Message(N_("{count} bytes"), {"count": count})
