"""plan_import: which samples and annotations of a source an import request keeps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING

from .types import SourceProblem, SourceSample

if TYPE_CHECKING:
    from models import ImportTaskRequest

# Reasons a sample is skipped, in the order the filters are applied (a sample counts under the first).
EXCLUDED_LABEL = "excluded_label"
NOT_INCLUDED = "not_included"
NOT_DIFFICULT = "not_difficult"
NO_NEW_SAMPLES = "import_samples_false"
KEPT_BATCH = 256  # samples handed to on_kept_batch at a time (at most)
_annotations_of = attrgetter("annotations")


@dataclass
class ImportPlan:
    kept: list[SourceSample]
    skipped: dict[str, int]  # reason -> number of samples
    label_counts: dict[str, int]  # label -> number of kept samples carrying it
    total: int  # samples found in the source
    annotated: int = 0  # kept samples that keep at least one annotation
    annotation_counts: dict[str, int] = field(default_factory=dict)  # label -> kept annotations (boxes)
    found_label_counts: dict[str, int] = field(default_factory=dict)  # label -> samples found, pre-filter
    found_annotated: int = 0  # samples found with at least one annotation
    problems: list[SourceProblem] = field(default_factory=list)  # SourceProblems met among the items
    annotations_only: bool = False  # import_samples false: kept = existing samples to annotate
    imported: int = 0  # samples kept (listed in `kept`, or handed to `on_kept`)


def plan_import(
    items: Iterable[SourceSample | SourceProblem],
    request: ImportTaskRequest,
    *,
    existing_keys: Container[str] | None = None,
    on_kept: Callable[[SourceSample], None] | None = None,
    on_kept_batch: Callable[[list[SourceSample]], None] | None = None,
    label_counts: bool = True,
) -> ImportPlan:
    """Apply excluded_labels, included_labels, difficult_only, import_samples and import_annotations.

    - The label filters look at the source's annotations, whatever import_annotations says; names
      compare exactly (case-sensitive), as the service compares them. included_labels keeps samples
      with at least one of the labels (unlabeled samples are dropped) and keeps all their annotations;
      excluded_labels drops samples with any of them (it wins over included_labels).
    - difficult_only keeps samples flagged hard or with a difficult/hard annotation.
    - import_annotations false: samples are kept without annotations (and without the hard flag).
    - import_samples false: no new sample is added; only samples whose key is in `existing_keys` (the
      dataset's samples) are kept, for their annotations to be applied (`annotations_only` is set).
      Without `existing_keys` every sample is skipped.
    SourceProblems among the items are collected in `problems`, so `plan_import(read_source(...), r)` works.
    With `on_kept`, each kept sample is handed to it as soon as it is known instead of being listed in
    `kept` (e.g. to store it while reading goes on, without holding every sample in memory); with
    `on_kept_batch`, the kept samples are handed over in lists of up to KEPT_BATCH as reading goes on.
    `label_counts` false: when nothing is filtered out, the label and annotation counts are not made
    (left empty; the sample counts are), for a caller that needs only those (the sandbox's import).
    """
    # A label given by type only (Table 6: name is optional) names no label to compare.
    included = {label.name for label in request.included_labels or [] if label.name is not None}
    excluded = {label.name for label in request.excluded_labels or [] if label.name is not None}
    difficult_only = bool(request.difficult_only)
    keep_annotations = request.import_annotations is not False
    new_samples = request.import_samples is not False

    plan = ImportPlan(kept=[], skipped={}, label_counts={}, total=0, annotations_only=not new_samples)
    batch: list[SourceSample] = []
    keep = batch.append if on_kept_batch is not None else plan.kept.append if on_kept is None else on_kept

    def hand_over() -> None:  # after each chunk of items
        if on_kept_batch is not None and batch:
            on_kept_batch(batch.copy())
            batch.clear()

    if not (included or excluded or difficult_only) and new_samples and keep_annotations:
        if on_kept_batch is not None and not label_counts:
            return _hand_over_all(items, plan, on_kept_batch)
        return _keep_all(items, plan, keep, hand_over)
    skipped: Counter[str] = Counter()
    found_labels: dict[str, int] = {}  # plain dicts: Counter.update costs more than a sample's other work
    labels: dict[str, int] = {}
    annotations: dict[str, int] = {}
    filtering = bool(included or excluded or difficult_only)
    total = imported = annotated = found_annotated = 0  # locals: this loop runs once per sample
    for item in _chunked(items, hand_over):
        if type(item) is not SourceSample and isinstance(item, SourceProblem):
            plan.problems.append(item)
            continue
        total += 1
        item_annotations = item.annotations
        # the labels of the sample, each once (a sample with one annotation, the usual case, needs no set)
        names = (item_annotations[0].name,) if len(item_annotations) == 1 else item.labels
        for name in names:
            found_labels[name] = found_labels.get(name, 0) + 1
        if names:
            found_annotated += 1
        reason = _skip_reason(item, set(names), included, excluded, difficult_only) if filtering else None
        if reason is None and not new_samples and (existing_keys is None or item.key not in existing_keys):
            reason = NO_NEW_SAMPLES
        if reason is not None:
            skipped[reason] += 1
            continue
        if not keep_annotations:
            item = replace(item, annotations=[], hard=False)
            item_annotations = item.annotations
        imported += 1
        keep(item)
        if keep_annotations:
            for name in names:
                labels[name] = labels.get(name, 0) + 1
        for annotation in item_annotations:
            annotations[annotation.name] = annotations.get(annotation.name, 0) + 1
        if item_annotations:
            annotated += 1
    plan.total, plan.imported, plan.annotated, plan.found_annotated = total, imported, annotated, found_annotated
    plan.skipped = dict(skipped)
    plan.label_counts = dict(sorted(labels.items()))
    plan.annotation_counts = dict(sorted(annotations.items()))
    plan.found_label_counts = dict(sorted(found_labels.items()))
    return plan


def _chunks(items: Iterable[SourceSample | SourceProblem]) -> Iterator[list[SourceSample | SourceProblem]]:
    """The items in lists of up to KEPT_BATCH, each taken in a C-level step."""
    source = iter(items)
    return iter(lambda: list(islice(source, KEPT_BATCH)), [])


def _chunked(items: Iterable[SourceSample | SourceProblem], after_each: Callable[[], None]
             ) -> Iterator[SourceSample | SourceProblem]:
    """The items, taken KEPT_BATCH at a time, calling `after_each` after each chunk."""
    for chunk in _chunks(items):
        yield from chunk
        after_each()


def _hand_over_all(items: Iterable[SourceSample | SourceProblem], plan: ImportPlan,
                   on_kept_batch: Callable[[list[SourceSample]], None]) -> ImportPlan:
    """_keep_all without label counts: each chunk of samples is counted and handed over in a few C-level
    steps (problems among them are picked out, seldom one by one)."""
    total = annotated = 0
    for chunk in _chunks(items):
        samples = [item for item in chunk if type(item) is SourceSample]
        if len(samples) != len(chunk):
            plan.problems.extend(item for item in chunk if type(item) is not SourceSample and
                                 isinstance(item, SourceProblem))
            samples = [item for item in chunk if type(item) is SourceSample or not isinstance(item, SourceProblem)]
        if samples:
            total += len(samples)
            annotated += len(samples) - list(map(len, map(_annotations_of, samples))).count(0)
            on_kept_batch(samples)
    plan.total = plan.imported = total
    plan.annotated = plan.found_annotated = annotated
    return plan


def _keep_all(items: Iterable[SourceSample | SourceProblem], plan: ImportPlan,
              keep: Callable[[SourceSample], None], hand_over: Callable[[], None]) -> ImportPlan:
    """plan_import when nothing is filtered out: every sample is kept with all its annotations, so the found
    and the kept counts are the same. This loop runs once per sample of the source, so it does only that."""
    problems = plan.problems
    single: dict[str, int] = {}  # label -> samples whose only annotation has it (most samples)
    labels: dict[str, int] = {}  # label -> the other annotated samples carrying it
    annotations: dict[str, int] = {}  # label -> annotations of those other samples
    total = annotated = 0
    for chunk in _chunks(items):
        for item in chunk:
            if type(item) is not SourceSample and isinstance(item, SourceProblem):
                problems.append(item)
                continue
            total += 1
            keep(item)
            item_annotations = item.annotations
            if not item_annotations:
                continue
            annotated += 1
            if len(item_annotations) == 1:
                name = item_annotations[0].name
                single[name] = single.get(name, 0) + 1
                continue
            for name in item.labels:
                labels[name] = labels.get(name, 0) + 1
            for annotation in item_annotations:
                annotations[annotation.name] = annotations.get(annotation.name, 0) + 1
        hand_over()
    for name, count in single.items():
        labels[name] = labels.get(name, 0) + count
        annotations[name] = annotations.get(name, 0) + count
    plan.total = plan.imported = total
    plan.annotated = plan.found_annotated = annotated
    plan.label_counts = dict(sorted(labels.items()))
    plan.found_label_counts = dict(plan.label_counts)
    plan.annotation_counts = dict(sorted(annotations.items()))
    return plan


def _skip_reason(sample: SourceSample, names: set[str], included: set[str], excluded: set[str],
                 difficult_only: bool) -> str | None:
    if names & excluded:
        return EXCLUDED_LABEL
    if included and not names & included:
        return NOT_INCLUDED
    if difficult_only and not (sample.hard or any(a.difficult for a in sample.annotations)):
        return NOT_DIFFICULT
    return None
