"""plan_import: the request's filters applied to what a source holds."""

from typing import Any

from models import ImportTaskRequest
from sources.layouts import SampleAnnotation, SourceProblem, SourceSample, plan_import


def sample(name: str, *labels: str, difficult: tuple[str, ...] = (), hard: bool = False) -> SourceSample:
    annotations = [SampleAnnotation(label, label in difficult) for label in labels]
    storage_key = f"obs/bkt/{name}.jpg"
    return SourceSample(storage_key, storage_key, "image", annotations, hard=hard, size=10)


SAMPLES = [
    sample("1", "cat"),
    sample("2", "Cat"),
    sample("3", "dog", difficult=("dog",)),
    sample("4", "cat", "rabbits"),
    sample("5", "bees", hard=True),
    sample("6"),
    sample("7", "cat", "cat"),
]


def plan(**body: Any):
    request = ImportTaskRequest.model_validate({"import_path": "s3://bkt/x/", **body})
    return plan_import(SAMPLES, request)


def kept(result) -> list[str]:
    return [s.key.rsplit("/", 1)[-1].removesuffix(".jpg") for s in result.kept]


def test_no_filter_keeps_everything_and_counts() -> None:
    result = plan()
    assert kept(result) == ["1", "2", "3", "4", "5", "6", "7"]
    assert (result.total, result.imported, result.annotated, result.skipped) == (7, 7, 6, {})
    assert result.label_counts == {"Cat": 1, "bees": 1, "cat": 3, "dog": 1, "rabbits": 1}
    assert result.annotation_counts == {"Cat": 1, "bees": 1, "cat": 4, "dog": 1, "rabbits": 1}
    assert result.found_label_counts == result.label_counts and result.found_annotated == 6
    assert not result.annotations_only


def test_included_labels_compare_exactly_and_drop_unlabeled() -> None:
    result = plan(included_labels=[{"name": "cat"}])
    assert kept(result) == ["1", "4", "7"]
    assert result.skipped == {"not_included": 4}
    assert result.label_counts == {"cat": 3, "rabbits": 1}  # kept samples keep all their annotations
    assert result.found_label_counts["Cat"] == 1
    assert kept(plan(included_tags=["Cat", "dog"])) == ["2", "3"]


def test_excluded_labels_win_over_included() -> None:
    result = plan(included_labels=["cat"], excluded_labels=["rabbits"])
    assert kept(result) == ["1", "7"]
    assert result.skipped == {"excluded_label": 1, "not_included": 4}
    assert kept(plan(excluded_labels=["cat", "bees"])) == ["2", "3", "6"]


def test_difficult_only_keeps_hard_samples_and_difficult_annotations() -> None:
    result = plan(difficult_only=True)
    assert kept(result) == ["3", "5"]
    assert result.skipped == {"not_difficult": 5}
    assert kept(plan(difficult_only=True, excluded_labels=["bees"])) == ["3"]


def test_without_annotations_samples_are_kept_bare_but_label_filters_still_apply() -> None:
    result = plan(import_annotations=False, included_labels=["cat"])
    assert kept(result) == ["1", "4", "7"]
    assert all(s.annotations == [] and not s.hard for s in result.kept)
    assert (result.annotated, result.label_counts, result.annotation_counts) == (0, {}, {})
    assert SAMPLES[0].annotations  # the source's samples are not changed
    everything = plan(import_annotations=False, difficult_only=True)
    assert kept(everything) == ["3", "5"] and everything.annotated == 0


def test_import_samples_false_keeps_only_existing_samples_for_their_annotations() -> None:
    request = ImportTaskRequest.model_validate({"import_path": "s3://bkt/x/", "import_samples": False})
    result = plan_import(SAMPLES, request, existing_keys={"obs/bkt/1.jpg", "obs/bkt/6.jpg", "obs/bkt/x.jpg"})
    assert kept(result) == ["1", "6"] and result.annotations_only
    assert result.skipped == {"import_samples_false": 5}
    assert plan(import_samples=False).imported == 0


def test_problems_among_the_items_are_collected() -> None:
    problem = SourceProblem("obs/bkt/m.manifest", 3, "manifest_json", "broken")
    request = ImportTaskRequest.model_validate({"import_path": "s3://bkt/x/"})
    result = plan_import([SAMPLES[0], problem, SAMPLES[1]], request)
    assert result.problems == [problem] and result.total == 2


def test_kept_samples_handed_over_in_batches_as_one_by_one() -> None:
    problem = SourceProblem("obs/bkt/m.manifest", 3, "manifest_json", "broken")
    items = [*SAMPLES[:3], problem, *SAMPLES[3:]] * 2000  # over several batches
    for body in ({}, {"excluded_labels": [{"name": "bees"}]}, {"import_annotations": False}):
        request = ImportTaskRequest.model_validate({"import_path": "s3://bkt/x/", **body})
        one_by_one: list[SourceSample] = []
        expected = plan_import(items, request, on_kept=one_by_one.append)
        for label_counts in (True, False):
            batches: list[list[SourceSample]] = []
            result = plan_import(iter(items), request, on_kept_batch=batches.append, label_counts=label_counts)
            assert [s for batch in batches for s in batch] == one_by_one
            assert len(batches) > 1 and max(map(len, batches)) <= 5000
            assert (result.total, result.imported, result.annotated, len(result.problems)) == (
                expected.total, expected.imported, expected.annotated, 2000)
            if label_counts or body:  # nothing filtered out and no label counts asked for: none made
                assert result.label_counts == expected.label_counts
            else:
                assert result.label_counts == {}
