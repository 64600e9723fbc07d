"""check_source: read an import's source the way the service will, with the sandbox's layout readers,
and report what would be imported and what is wrong, before anything is submitted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from models import Dataset, ImportTaskRequest
from sandbox.layouts import ImportFailure, SourceProblem, SourceSample, plan_import, read_source
from sandbox.layouts.files import extension, kind_of
from sandbox.layouts.plan import EXCLUDED_LABEL, NO_NEW_SAMPLES, NOT_DIFFICULT, NOT_INCLUDED, ImportPlan
from sandbox.layouts.types import IMAGE_TYPES
from sandbox.storage import PathError, Storage, resolve_hdfs_path, resolve_obs_path

from . import previews as preview_images
from .errors import SourceUnreadable
from .labels import reconcile
from .reading import ReadingStorage
from .report import Expectation, LabelFix, PreflightReport, Preview

DEFAULT_MAX_FILES = 1_000  # files listed and parsed, or lines of a manifest/text/CSV file
DEFAULT_LIST_LIMIT = 10_000  # files listed to count them by kind (a listing call returns a thousand)
FOLDER_LIMIT = 10_000  # objects listed per folder that a manifest's sources lie in
FULL_FOLDER_LIMIT = 200_000  # the same when the whole source is checked
MAX_PROBLEMS = 1_000
PREVIEWS = 4
PROGRESS_EVERY = 50
SAMPLED = "sampled"

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
    """The preflight report of `request` against `dataset`, reading at most `max_files` files or lines
    (None: everything). Never raises for a bad or unreachable source: the report's `failure` says why."""
    tell = progress or (lambda stage, done, total: None)
    body = request.to_body()
    report = PreflightReport(
        import_path=_shown_path(request), dataset_type=dataset.dataset_type, read_from=read_from, max_files=max_files
    )
    # A manifest's sources are looked up in one listing of their folder; a full check may list more.
    reading = ReadingStorage(storage, folder_limit=FULL_FOLDER_LIMIT if max_files is None else FOLDER_LIMIT)
    report.stats = reading.stats
    samples: list[SourceSample] = []
    problems: list[SourceProblem] = []
    if dataset.dataset_type is None:
        report.failure = "The dataset's type is unknown, so how its source is read cannot be decided."
        return report
    try:
        root = _root_key(request)
        if root is not None:
            report.root = root
            reading.remember(root, storage.size(root))
        items = read_source(
            reading, request, dataset.dataset_type,
            schema_columns=len(dataset.schema_) or None, max_files=max_files, lenient=True, check_sources=True,
            progress=lambda done, total: tell("bytes" if total is not None else "files", done, total),
        )  # raises ImportFailure here for a refused, missing or unreachable path
        report.single_file = root is not None and reading.size(root) is not None
        _list_files(report, reading, tell, list_limit if max_files is None else max(list_limit, max_files + 1))
        for item in _counted(items, tell):
            (samples if isinstance(item, SourceSample) else problems).append(item)
    except ImportFailure as exc:
        report.failure, report.failure_code = exc.message, exc.code
    except SourceUnreadable as exc:
        report.failure = exc.message
    except FileNotFoundError as exc:  # deleted while being read
        report.failure = f"{exc}. The source changed while it was read; check again."
    _summarise(report, request, samples, problems)
    if not report.failure:
        _label_table(report, request, dataset, body, samples)
        if dataset.dataset_type in IMAGE_TYPES and previews > 0:
            _draw_previews(report, reading, samples, previews, tell)
        if not report.annotations_only:
            report.expectation = Expectation(report.kept, report.kept_annotated, report.samples_found, report.sampled)
    return report


def _root_key(request: ImportTaskRequest) -> str | None:
    """The storage key read_source will read (None when the path is refused: read_source says why)."""
    try:
        if request.source_kind == "mrs":
            info = request.data_source.source_info if request.data_source else None
            scheme, rest = resolve_hdfs_path(info.input if info and info.input else "")
        elif request.source_kind in ("obs", "inference") and request.import_path:
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


def _counted(items: Iterable[Any], tell: Progress) -> Iterator[Any]:
    count = 0
    for item in items:
        if isinstance(item, SourceSample):
            count += 1
            if count % PROGRESS_EVERY == 0:
                tell("samples", count, None)
        yield item
    tell("samples", count, None)


def _summarise(report: PreflightReport, request: ImportTaskRequest, samples: list[SourceSample],
               problems: list[SourceProblem]) -> None:
    plan = plan_import(samples, request)
    report.samples_found = plan.total
    report.annotated_found = plan.found_annotated
    report.samples_by_kind = dict(Counter(s.kind for s in samples).most_common())
    report.found_label_counts = plan.found_label_counts
    report.kept = plan.imported
    report.kept_annotated = plan.annotated
    report.kept_label_counts = plan.label_counts
    report.skipped = plan.skipped
    report.annotations_only = plan.annotations_only
    counts: Counter[str] = Counter()
    for problem in problems:
        if problem.code == SAMPLED:
            report.sampled = True
            continue
        counts[problem.code] += 1
        if len(report.problems) < MAX_PROBLEMS:
            report.problems.append(problem)
    report.problem_counts = dict(counts.most_common())
    report.filter_notes = _filter_notes(request, plan, samples)


def _filter_notes(request: ImportTaskRequest, plan: ImportPlan, samples: list[SourceSample]) -> list[str]:
    notes = []
    skipped = plan.skipped
    if skipped.get(EXCLUDED_LABEL):
        names = ", ".join(repr(label.name) for label in request.excluded_labels or [])
        notes.append(f"excluded_labels ({names}) skips {skipped[EXCLUDED_LABEL]:,} sample(s) carrying them.")
    if skipped.get(NOT_INCLUDED):
        names = ", ".join(repr(label.name) for label in request.included_labels or [])
        unlabeled = sum(1 for s in samples if not s.annotations)
        extra = f", {unlabeled:,} of them unlabeled" if unlabeled else ""
        notes.append(f"included_labels ({names}) skips {skipped[NOT_INCLUDED]:,} sample(s) carrying none of "
                     f"them{extra}.")
    if skipped.get(NOT_DIFFICULT):
        notes.append(f"difficult_only skips {skipped[NOT_DIFFICULT]:,} sample(s) not marked hard or difficult.")
    if skipped.get(NO_NEW_SAMPLES) or plan.annotations_only:
        notes.append(
            f"import_samples is false: no sample is added. The annotations of up to "
            f"{skipped.get(NO_NEW_SAMPLES, 0):,} sample(s) apply only to samples the dataset already has (the "
            "preflight cannot tell which), so no count is expected."
        )
    if request.import_annotations is False and plan.found_annotated:
        notes.append(f"import_annotations is false: {plan.found_annotated:,} annotated sample(s) of the source "
                     "are imported without their labels (the label filters still apply).")
    if not notes and plan.total:
        notes.append("The filters keep every sample found.")
    return notes


def _label_table(report: PreflightReport, request: ImportTaskRequest, dataset: Dataset, body: dict[str, Any],
                 samples: list[SourceSample]) -> None:
    rows = reconcile(
        report.found_label_counts, report.kept_label_counts, dataset.label_names, body,
        annotations_imported=request.import_annotations is not False,
    )
    groups = _groups(samples) if any(row.fix for row in rows) else []
    for row in rows:
        if row.fix is not None:
            row.fix = _with_effect(row.fix, body, groups, report.kept)
    report.labels = rows


def _groups(samples: list[SourceSample]) -> list[tuple[SourceSample, int]]:
    """One sample per distinct (labels, hard, difficult) with how many share it: the filters treat them alike,
    so a fix's effect is planned on a few representatives instead of every sample."""
    groups: dict[tuple[str | frozenset[str], bool, bool], list[Any]] = {}
    for sample in samples:
        annotations = sample.annotations
        if len(annotations) == 1:  # the usual case, without a set (a name and a set of names never compare equal)
            signature: tuple[str | frozenset[str], bool, bool] = (
                annotations[0].name, sample.hard, annotations[0].difficult)
        else:
            signature = (frozenset(sample.labels), sample.hard, any(a.difficult for a in annotations))
        group = groups.get(signature)
        if group is None:
            groups[signature] = [sample, 1]
        else:
            group[1] += 1
    return [(sample, count) for sample, count in groups.values()]


def _with_effect(fix: LabelFix, body: dict[str, Any], groups: list[tuple[SourceSample, int]], kept: int
                 ) -> LabelFix:
    """The fix with the counts the request would keep once it is applied."""
    try:
        changed = ImportTaskRequest.model_validate(fix.apply(body))
    except ValidationError:
        return fix
    kept_after = annotated_after = 0
    for sample, count in groups:
        plan = plan_import([sample], changed)
        kept_after += plan.imported * count
        annotated_after += plan.annotated * count
    why = fix.why
    dropped = kept - kept_after
    if dropped > 0:
        why += (f" Cost: {dropped:,} sample(s) without any of the included labels (unlabeled ones among them) "
                "would no longer be imported.")
    return replace(fix, why=why, kept_after=kept_after, annotated_after=annotated_after)


def _draw_previews(report: PreflightReport, reading: ReadingStorage, samples: list[SourceSample], count: int,
                   tell: Progress) -> None:
    candidates = preview_images.pick(samples, count * 2)
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
                "the image cannot be decoded (damaged, or not the format its name says); the service would "
                "fail on it too. Replace the file.", "warning",
            ))
            report.problem_counts["image_unreadable"] = report.problem_counts.get("image_unreadable", 0) + 1
            continue
        labels = sorted(sample.labels)
        boxes = sum(1 for a in sample.annotations if a.box is not None)
        report.previews.append(Preview(sample.source, labels, boxes, png))
    tell("previews", len(report.previews), count)
