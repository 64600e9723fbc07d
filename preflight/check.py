"""check_source: read an import's source the way the service will, with the sandbox's layout readers,
and report what would be imported and what is wrong, before anything is submitted."""

from __future__ import annotations

import contextlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from models import SOURCES, Dataset, ImportTaskRequest
from models.messages import N_, Message, sentences
from sources.layouts import ImportFailure, SourceProblem, SourceSample, plan_import, read_source
from sources.layouts.files import MAX_IMAGE_BYTES, MAX_MANIFEST_BYTES, extension, kind_of
from sources.layouts.plan import EXCLUDED_LABEL, NO_NEW_SAMPLES, NOT_DIFFICULT, NOT_INCLUDED
from sources.layouts.types import IMAGE_TYPES
from sources.storage import PathError, Storage, resolve_hdfs_path, resolve_obs_path

from . import previews as preview_images
from .errors import SourceUnreadable
from .labels import reconcile
from .reading import ReadingStorage
from .relines import LinesOnly, lines_naming, renumbered
from .report import Expectation, LabelFix, PreflightReport, Preview

Item = SourceSample | SourceProblem
# A manifest line's "source" up to its last '/': the folder of the object it names.
_SOURCE = re.compile(rb'"source"\s*:\s*"((?:s3|obs)://[^"\\]*)/[^"/\\]*"')

# Files listed and read (folders), lines (text and CSV files), or objects looked up one by one (a manifest's:
# sizes on the local folder, objects no listing answers for).
DEFAULT_MAX_FILES = 1_000
DEFAULT_LIST_LIMIT = 10_000  # files listed to count them by kind (a listing call returns a thousand)
FOLDER_LIMIT = 10_000  # objects listed per folder that a manifest's sources lie in, at least
FULL_FOLDER_LIMIT = 200_000  # ... and at most
MANIFEST_BYTES_PER_OBJECT = 25  # a line naming an object is longer: a folder is listed up to size // 25 objects
MAX_PROBLEMS = 1_000
PREVIEWS = 4
PROGRESS_EVERY = 50
RELINES_MAX_OBJECTS = 100  # objects found missing or too large afterwards whose lines alone are read again
SAMPLED = "sampled"
CONTENT = "content://"
NOTHING_IMPORTABLE = "nothing_importable"

# progress(stage, done, total): stage "listing" (files), "files" (files, total None), "bytes" (of a single
# file, with its size), "samples" (parsed so far), "previews" (drawn, of total).
Progress = Callable[[str, int, int | None], None]


def check_source(
    request: ImportTaskRequest,
    dataset: Dataset,
    storage: Storage,
    *,
    max_files: int | None = DEFAULT_MAX_FILES,
    list_limit: int = DEFAULT_LIST_LIMIT,
    previews: int = PREVIEWS,
    progress: Progress | None = None,
    read_from: str = "",
) -> PreflightReport:
    """The preflight report of `request` against `dataset`. Never raises for a bad or unreachable source: the
    report's `failure` says why.

    `max_files` (None: no bound) bounds the files read of a folder and the lines of text and CSV files. A
    manifest the service accepts (8 MB at most) is read whole, and every object it names is checked to exist
    through listings of their folders; `max_files` then bounds the objects looked up one by one, and on the
    local folder, whose listing has names only, the sizes (images over 5 MB) looked up: of `max_files` objects
    named, spread evenly across the manifest (with max_files=None, every size). A larger manifest, which the
    service refuses, is sampled: its first `max_files` lines."""
    tell = progress or (lambda stage, done, total: None)
    body = request.to_body()
    report = PreflightReport(
        import_path=_shown_path(request), dataset_type=dataset.dataset_type, read_from=read_from, max_files=max_files
    )
    if dataset.dataset_type is None:
        report.failure = Message(N_("The dataset's type is unknown, so how its source is read cannot be decided."))
        return report
    manifest = str(request.import_type or "dir") == "manifest"
    reading = ReadingStorage(storage, max_lookups=max_files if manifest else None)
    report.stats = reading.stats
    # On the local folder a manifest's objects are checked to exist against its folders' names (no call per
    # line), and sizes are looked up afterwards for a spread of them; elsewhere listings bring every size.
    existence_only = manifest and max_files is not None and reading.lists_by_name
    size_sample = max_files or 0 if existence_only and dataset.dataset_type in IMAGE_TYPES else 0
    keep = previews * 2 if dataset.dataset_type in IMAGE_TYPES and previews > 0 else 1
    tally = _Tally(keep, size_sample=size_sample)
    root_size: int | None = None
    try:
        root = _root_key(request)
        if root is not None:
            report.root = root
            root_size = storage.size(root)
            reading.remember(root, root_size)
            reading.folder_limit = _folder_limit(manifest, max_files, root_size)
        whole = max_files is None or (manifest and root_size is not None and root_size <= MAX_MANIFEST_BYTES)
        if manifest and whole and root is not None and root_size is not None and not reading.lists_by_name:
            _list_ahead(reading, root)

        def read(source_sizes: bool, source: Storage = reading) -> Iterable[Item]:
            return read_source(
                source, request, dataset.dataset_type,
                schema_columns=len(dataset.schema_) or None, max_files=None if whole else max_files,
                lenient=True, check_sources=True, source_sizes=source_sizes,
                progress=lambda done, total: tell("bytes" if total is not None else "files", done, total),
            )  # raises ImportFailure here for a refused, missing or unreachable path

        items = read(not existence_only)
        report.single_file = root is not None and reading.size(root) is not None
        _list_files(report, reading, tell, list_limit if max_files is None else max(list_limit, max_files + 1))
        tally.read(items, tell)
        if size_sample and root is not None:
            tally = _check_sizes(reading, tally, root, read, tell)
    except ImportFailure as exc:
        report.failure, report.failure_code = exc.message, exc.code
    except SourceUnreadable as exc:
        report.failure = exc.message
    except FileNotFoundError as exc:  # deleted while being read
        report.failure = Message(N_("{error}. The source changed while it was read; check again."), {"error": str(exc)})
    finally:
        reading.stop_listing_ahead()
    _summarise(report, request, tally)
    if not report.failure:
        _label_table(report, request, dataset, body, tally)
        if dataset.dataset_type in IMAGE_TYPES and previews > 0:
            _draw_previews(report, reading, tally.previews(), previews, tell)
        if not report.annotations_only:
            unsized = report.stats.sizes_skipped + report.stats.unchecked if dataset.dataset_type in IMAGE_TYPES else 0
            report.expectation = Expectation(report.kept, report.kept_annotated, report.samples_found, report.sampled,
                                             unsized)
    return report


def _list_ahead(reading: ReadingStorage, manifest: str) -> None:
    """On a remote storage: read the manifest once (kept for the readers), and list the folders its lines name
    at once, while the readers go through the lines (one listing after another, each waits a round trip)."""
    data = reading.read(manifest)
    reading.keep(manifest, data)
    folders: dict[str, None] = {}
    for match in _SOURCE.finditer(data):
        folders.setdefault(match.group(1).decode("utf-8", "replace"), None)
    keys = []
    for folder in folders:
        with contextlib.suppress(PathError):  # the readers say what is wrong with such a line
            scheme, rest = resolve_obs_path(folder + "/x")
            keys.append(f"{scheme}/{rest}".rpartition("/")[0])
    reading.list_ahead(keys)


def _folder_limit(manifest: bool, max_files: int | None, root_size: int | None) -> int:
    """Objects listed per folder a manifest's sources lie in: enough for every object the manifest can name."""
    if max_files is None:
        return FULL_FOLDER_LIMIT
    if not manifest or root_size is None:
        return FOLDER_LIMIT
    return max(FOLDER_LIMIT, min(FULL_FOLDER_LIMIT, root_size // MANIFEST_BYTES_PER_OBJECT))


def _root_key(request: ImportTaskRequest) -> str | None:
    """The storage key read_source will read (None when the path is refused: read_source says why)."""
    try:
        if request.source_kind == "mrs":
            info = request.data_source.source_info if request.data_source else None
            scheme, rest = resolve_hdfs_path(info.input if info and info.input else "")
        elif "import_path" in SOURCES[request.source_kind].fields and request.import_path:
            scheme, rest = resolve_obs_path(request.import_path)
        else:
            return None
    except PathError:
        return None
    return f"{scheme}/{rest}"


def _shown_path(request: ImportTaskRequest) -> str:
    if request.source_kind == "mrs" and request.data_source and request.data_source.source_info:
        return request.data_source.source_info.input or ""
    return request.import_path or ""


def _list_files(report: PreflightReport, reading: ReadingStorage, tell: Progress, limit: int) -> None:
    """Count the source's files by kind: one bounded listing, which read_source then reads from."""
    root = report.root
    if root is None:
        return
    if report.single_file:
        report.files_by_kind = {_file_kind(root): 1}
        report.files_listed = 1
        report.source_bytes = reading.size(root)
        return
    listing = reading.prime(root + "/", limit)
    report.files_by_kind = dict(Counter(_file_kind(key) for key in listing.keys).most_common())
    report.files_listed = len(listing.keys)
    report.listing_complete = listing.complete
    tell("listing", len(listing.keys), None)


def _file_kind(key: str) -> str:
    ext = extension(key)
    if ext == ".xml":
        return "annotation (XML)"
    if ext == ".manifest":
        return "manifest"
    return kind_of(key)


def _check_sizes(reading: ReadingStorage, tally: _Tally, root: str, read: Callable[..., Iterable[Item]],
                 tell: Progress) -> _Tally:
    """Look up the sizes of the tally's spread of the objects named. When one is over 5 MB (or gone), the tally
    is made what reading the manifest knowing those sizes gives: the lines naming such objects are read again by
    themselves, as first read and with the sizes now known, and the difference is made (so they are reported
    with their numbers and left out of the counts, as the service would); or, with JSON escapes or more than
    RELINES_MAX_OBJECTS such objects, the whole manifest is read again."""
    stats = reading.stats
    sample = tally.size_sample_keys()  # one key per sample picked: an object named twice may be in it twice
    sizes = reading.look_up_sizes(sample)
    bad = {key: size for key, size in sizes.items() if size is None or size > MAX_IMAGE_BYTES}
    named = tally.objects_named
    if bad:
        unchecked = stats.unchecked
        lines = lines_naming(reading.read(root), {key.rpartition("/")[2].encode("utf-8") for key in bad}) \
            if len(bad) <= RELINES_MAX_OBJECTS else None
        if lines is None:
            reading.remember_sizes(bad)  # from now on: objects known by name unsized, nothing more looked up
            tally = _Tally(tally.keep)
            tally.read(read(True), tell)
        else:
            line_numbers = [line_no for line_no, _ in lines]
            texts = [text for _, text in lines]
            before = list(read(False, LinesOnly(reading, root, texts, {})))  # as the first reading knew them
            reading.remember_sizes(bad)
            after = list(read(True, LinesOnly(reading, root, texts, bad)))
            tally.replace_lines(before, after, lambda problem: renumbered(problem, root, line_numbers), root,
                                set(bad))
        stats.unchecked = unchecked  # the same keys as the first reading's, not counted twice
    stats.sizes_sampled = len(sample)
    stats.sizes_skipped = max(0, named - len(sample))
    return tally


Signature = tuple[str, str | frozenset[str], bool, bool, bool]


@dataclass
class _Tally:
    """The samples and problems of a source, gathered as they stream past without holding the samples: a
    few per distinct (kind, labels, hard, difficult, has boxes), with how many share it. The filters treat
    such samples alike, so the request's counts and each fix's are planned on one of each (holding 100,000
    samples, or planning each, costs more than reading them); previews are picked among the few kept."""

    keep: int  # samples kept per group (in source order): enough to pick the previews from
    groups: dict[Signature, list[Any]] = field(default_factory=dict)  # -> [count, [(index, sample), ...]]
    problems: list[SourceProblem] = field(default_factory=list)
    # The keys of about `size_sample` objects named, spread evenly across the samples: every `stride`-th
    # sample is picked, and when twice as many are picked, every other one is dropped and the stride doubles.
    size_sample: int = 0
    picked: list[str] = field(default_factory=list)
    objects_named: int = 0  # samples of objects (not content:// text), the ones a sample of sizes is drawn from
    count: int = 0  # samples tallied
    last_index: int = 0  # the highest index a held sample was given
    excluded: set[str] = field(default_factory=set)  # sources found missing or too large afterwards: no preview

    def read(self, items: Iterable[SourceSample | SourceProblem], tell: Progress) -> None:
        groups, keep, problems = self.groups, self.keep, self.problems
        group_of = groups.get
        count = 0
        target, picked, stride = self.size_sample, self.picked, 1
        next_pick = 1 if target > 0 else sys.maxsize
        next_progress = PROGRESS_EVERY
        checkpoint = min(next_pick, next_progress)  # the next sample to pick or to tell progress at
        for item in items:  # once per sample of the source: as little work as possible
            if type(item) is not SourceSample:
                problems.append(item)  # type: ignore[arg-type]
                continue
            count += 1
            annotations = item.annotations
            if len(annotations) == 1:  # the usual case, without a set (a name and a set never compare equal)
                first = annotations[0]
                signature: Signature = (item.kind, first.name, item.hard, first.difficult, first.box is not None)
            else:
                signature = _signature(item)
            group = group_of(signature)
            if group is None:
                groups[signature] = [1, [(count, item)]]
            else:
                seen = group[0]
                group[0] = seen + 1
                if seen < keep:
                    group[1].append((count, item))
            if count == checkpoint:
                if count == next_pick:
                    if not item.source.startswith(CONTENT):  # an object, not inline text
                        picked.append(item.source)
                        if len(picked) >= 2 * target:
                            del picked[::2]  # the picks at odd multiples of the stride
                            stride *= 2
                    next_pick += stride
                if count == next_progress:
                    tell("samples", count, None)
                    next_progress += PROGRESS_EVERY
                checkpoint = min(next_pick, next_progress)
        tell("samples", count, None)
        self.count = self.last_index = count
        if target > 0:
            inline = sum(group[0] for group in groups.values() if group[1][0][1].source.startswith(CONTENT))
            self.objects_named = count - inline

    def replace_lines(self, before: list[Item], after: list[Item], renumber: Callable[[SourceProblem], SourceProblem],
                      manifest: str, excluded: set[str]) -> None:
        """Take back what some lines added as first read (`before`), and add what they give when read again with
        what is known now (`after`); samples of the `excluded` objects are not drawn as previews."""
        self.excluded |= excluded
        groups = self.groups
        index_of: dict[str, int] = {}  # the sources taken back: their place in the source's order
        for item in before:
            if type(item) is SourceSample:
                signature = _signature(item)
                group = groups.get(signature)
                if group is not None:
                    group[0] -= 1
                    self.count -= 1
                    held = group[1]
                    for at, (index, sample) in enumerate(held):
                        if sample.source == item.source:
                            index_of[item.source] = index
                            del held[at]
                            break
                    if group[0] <= 0:
                        del groups[signature]
        taken = Counter(renumber(p) for p in before if type(p) is SourceProblem and p.code != NOTHING_IMPORTABLE)
        kept: list[SourceProblem] = []
        for problem in self.problems:
            if taken[problem] > 0:
                taken[problem] -= 1
            else:
                kept.append(problem)
        for item in after:
            if type(item) is SourceSample:
                self.count += 1
                index = index_of.pop(item.source, None)
                if index is None:  # not held before: after every index given so far, so they stay distinct
                    self.last_index += 1
                    index = self.last_index
                group = groups.setdefault(_signature(item), [0, []])
                if len(group[1]) < self.keep:
                    group[1].append((index, item))
                group[0] += 1
        added = [renumber(p) for p in after if type(p) is SourceProblem
                 and (p.code != NOTHING_IMPORTABLE or self.count == 0)]
        self.problems = _in_line_order(kept, added, manifest)

    def size_sample_keys(self) -> list[str]:
        """At most `size_sample` of the picked keys, evenly spaced."""
        picked, target = self.picked, self.size_sample
        if len(picked) <= target:
            return list(picked)
        return [picked[index * len(picked) // target] for index in range(target)]

    def representatives(self) -> list[tuple[SourceSample, int]]:
        return [(group[1][0][1], group[0]) for group in self.groups.values()]

    def by_kind(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for signature, group in self.groups.items():
            counts[signature[0]] += group[0]
        return dict(counts.most_common())

    def unlabeled(self) -> int:
        return sum(group[0] for signature, group in self.groups.items() if signature[1] == frozenset())

    def previews(self) -> list[SourceSample]:
        """The samples to draw, in the order preview_images.pick would choose them among all samples."""
        kept = sorted(
            ((index, sample) for group in self.groups.values() for index, sample in group[1]
             if sample.source not in self.excluded),
            key=lambda held: held[0],
        )
        return preview_images.pick([sample for _, sample in kept], self.keep)


def _signature(sample: SourceSample) -> Signature:
    annotations = sample.annotations
    if len(annotations) == 1:
        first = annotations[0]
        return (sample.kind, first.name, sample.hard, first.difficult, first.box is not None)
    return (sample.kind, frozenset(a.name for a in annotations), sample.hard,
            any(a.difficult for a in annotations), any(a.box is not None for a in annotations))


def _in_line_order(problems: list[SourceProblem], added: list[SourceProblem], manifest: str) -> list[SourceProblem]:
    """`problems` (in reading order) with `added` (problems of the manifest's lines) put in by line number."""
    placed: list[tuple[int, int, SourceProblem]] = []
    for order, listed in enumerate((problems, added)):
        line = 0  # problems of other files (a VOC file a line points at) stay after their line's
        for problem in listed:
            if problem.file == manifest and problem.line is not None:
                line = problem.line
            elif problem.code == NOTHING_IMPORTABLE:
                line = sys.maxsize
            placed.append((line, order, problem))
    placed.sort(key=lambda entry: entry[:2])
    return [problem for _, _, problem in placed]


@dataclass
class _Counts:
    """plan_import's counts over every sample (its ImportPlan less the samples and annotation counts)."""

    total: int = 0
    found_annotated: int = 0
    imported: int = 0
    annotated: int = 0
    found_label_counts: dict[str, int] = field(default_factory=dict)
    label_counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    annotations_only: bool = False


def _count(groups: list[tuple[SourceSample, int]], request: ImportTaskRequest) -> _Counts:
    """What plan_import(every sample, request) counts: planned on each group's sample, times the group's size."""
    counts = _Counts(annotations_only=request.import_samples is False)
    found: dict[str, int] = {}
    kept: dict[str, int] = {}
    skipped: dict[str, int] = {}
    for sample, size in groups:
        plan = plan_import([sample], request)
        counts.total += plan.total * size
        counts.found_annotated += plan.found_annotated * size
        counts.imported += plan.imported * size
        counts.annotated += plan.annotated * size
        for totals, counted in ((found, plan.found_label_counts), (kept, plan.label_counts), (skipped, plan.skipped)):
            for name, count in counted.items():
                totals[name] = totals.get(name, 0) + count * size
    counts.found_label_counts = dict(sorted(found.items()))
    counts.label_counts = dict(sorted(kept.items()))
    counts.skipped = skipped
    return counts


def _summarise(report: PreflightReport, request: ImportTaskRequest, tally: _Tally) -> None:
    plan = _count(tally.representatives(), request)
    report.samples_found = plan.total
    report.annotated_found = plan.found_annotated
    report.samples_by_kind = tally.by_kind()
    report.found_label_counts = plan.found_label_counts
    report.kept = plan.imported
    report.kept_annotated = plan.annotated
    report.kept_label_counts = plan.label_counts
    report.skipped = plan.skipped
    report.annotations_only = plan.annotations_only
    counts: Counter[str] = Counter()
    for problem in tally.problems:
        if problem.code == SAMPLED:
            report.sampled = True
            continue
        counts[problem.code] += 1
        if len(report.problems) < MAX_PROBLEMS:
            report.problems.append(problem)
    report.problem_counts = dict(counts.most_common())
    report.filter_notes = _filter_notes(request, plan, tally.unlabeled())


def _filter_notes(request: ImportTaskRequest, plan: _Counts, unlabeled: int) -> list[Message]:
    notes = []
    skipped = plan.skipped
    if skipped.get(EXCLUDED_LABEL):
        names = ", ".join(repr(label.name) for label in request.excluded_labels or [] if label.name is not None)
        notes.append(Message(N_("excluded_labels ({names}) skips {count} sample(s) carrying them."),
                             {"names": names, "count": f"{skipped[EXCLUDED_LABEL]:,}"}))
    if skipped.get(NOT_INCLUDED):
        names = ", ".join(repr(label.name) for label in request.included_labels or [] if label.name is not None)
        counts = {"names": names, "count": f"{skipped[NOT_INCLUDED]:,}", "unlabeled": f"{unlabeled:,}"}
        notes.append(Message(
            N_("included_labels ({names}) skips {count} sample(s) carrying none of them, {unlabeled} of them "
               "unlabeled.") if unlabeled
            else N_("included_labels ({names}) skips {count} sample(s) carrying none of them."),
            counts,
        ))  # fmt: skip
    if skipped.get(NOT_DIFFICULT):
        notes.append(Message(N_("difficult_only skips {count} sample(s) not marked hard or difficult."),
                             {"count": f"{skipped[NOT_DIFFICULT]:,}"}))
    if skipped.get(NO_NEW_SAMPLES) or plan.annotations_only:
        notes.append(Message(
            N_("import_samples is false: no sample is added. The annotations of up to {count} sample(s) apply only "
               "to samples the dataset already has (the preflight cannot tell which), so no count is expected."),
            {"count": f"{skipped.get(NO_NEW_SAMPLES, 0):,}"},
        ))  # fmt: skip
    if request.import_annotations is False and plan.found_annotated:
        notes.append(Message(
            N_("import_annotations is false: {count} annotated sample(s) of the source are imported without their "
               "labels (the label filters still apply)."),
            {"count": f"{plan.found_annotated:,}"},
        ))  # fmt: skip
    if not notes and plan.total:
        notes.append(Message(N_("The filters keep every sample found.")))
    return notes


def _label_table(report: PreflightReport, request: ImportTaskRequest, dataset: Dataset, body: dict[str, Any],
                 tally: _Tally) -> None:
    rows = reconcile(
        report.found_label_counts, report.kept_label_counts, dataset.label_names, body,
        annotations_imported=request.import_annotations is not False,
    )
    groups = tally.representatives() if any(row.fix for row in rows) else []
    for row in rows:
        if row.fix is not None:
            row.fix = _with_effect(row.fix, body, groups, report.kept)
    report.labels = rows


def _with_effect(fix: LabelFix, body: dict[str, Any], groups: list[tuple[SourceSample, int]], kept: int
                 ) -> LabelFix:
    """The fix with the counts the request would keep once it is applied."""
    try:
        changed = ImportTaskRequest.model_validate(fix.apply(body))
    except ValidationError:
        return fix
    after = _count(groups, changed)
    kept_after, annotated_after = after.imported, after.annotated
    why = fix.why
    dropped = kept - kept_after
    if dropped > 0:
        cost = Message(
            N_("Cost: {count} sample(s) without any of the included labels (unlabeled ones among them) would no "
               "longer be imported."),
            {"count": f"{dropped:,}"},
        )
        why = sentences((why, cost))
    return replace(fix, why=why, kept_after=kept_after, annotated_after=annotated_after)


def _draw_previews(report: PreflightReport, reading: ReadingStorage, candidates: list[SourceSample], count: int,
                   tell: Progress) -> None:
    for sample in candidates:
        if len(report.previews) >= count:
            break
        tell("previews", len(report.previews), count)
        try:
            png = preview_images.render(reading, sample)
        except (FileNotFoundError, SourceUnreadable):
            png = None
        if png is None:
            report.problems.append(SourceProblem(
                sample.source, None, "image_unreadable",
                Message(N_("the image cannot be decoded (damaged, or not the format its name says); the service "
                           "would fail on it too. Replace the file.")),
                "warning",
            ))
            report.problem_counts["image_unreadable"] = report.problem_counts.get("image_unreadable", 0) + 1
            continue
        labels = sorted(sample.labels)
        boxes = sum(1 for a in sample.annotations if a.box is not None)
        report.previews.append(Preview(sample.source, labels, boxes, png))
    tell("previews", len(report.previews), count)
