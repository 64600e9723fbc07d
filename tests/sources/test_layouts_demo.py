"""The demo data imports with exactly the counts sandbox/demo/expected.json states."""

from pathlib import Path

import pytest

from models import ImportTaskRequest
from sandbox.demo import DATASETS, DEMO_DIR, IMPORTS, SPEC_EXAMPLES
from sources.layouts import SourceProblem, SourceSample, plan_import, read_source
from sources.storage import LocalStorage


@pytest.mark.parametrize("entry", IMPORTS, ids=[entry["name"] for entry in IMPORTS])
def test_demo_import_counts(entry: dict) -> None:
    request = ImportTaskRequest.model_validate(entry["body"])
    items = list(read_source(LocalStorage(DEMO_DIR), request, entry["dataset_type"],
                             schema_columns=entry["schema_columns"]))
    plan = plan_import(items, request)
    assert plan.total == entry["total_sample_count"]
    assert plan.imported == entry["imported_sample_count"]
    assert plan.annotated == entry["annotated_sample_count"]
    assert plan.label_counts == entry["label_counts"]
    assert plan.skipped == entry["skipped"]
    if "annotation_counts" in entry:
        assert plan.annotation_counts == entry["annotation_counts"]
    found = sorted((p.file, p.line, p.code) for p in items if isinstance(p, SourceProblem))
    assert found == sorted((p["file"], p["line"], p["code"]) for p in entry["problems"])


def test_spec_examples_are_the_spec_bodies() -> None:
    bodies = [entry["body"] for entry in SPEC_EXAMPLES]
    assert bodies == [
        {"import_type": "dir", "import_path": "s3://test-obs/daoLu_images/cat-dog/", "included_tags": [],
         "import_annotations": False, "difficult_only": False},
        {"import_type": "manifest",
         "import_path": "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/"
                        "V002.manifest",
         "included_tags": ["cat", "dog", "Cat", "Dog"], "import_annotations": True, "difficult_only": False},
    ]


def test_the_included_labels_of_the_manifest_example_matter() -> None:
    entry = SPEC_EXAMPLES[1]
    request = ImportTaskRequest.model_validate({**entry["body"], "included_tags": []})
    plan = plan_import(read_source(LocalStorage(DEMO_DIR), request, 0), request)
    assert plan.imported > entry["imported_sample_count"]
    assert {"rabbits", "bees"} <= set(plan.label_counts)


def test_folder_example_with_annotations_labels_by_folder() -> None:
    entry = SPEC_EXAMPLES[0]
    request = ImportTaskRequest.model_validate({**entry["body"], "import_annotations": True})
    plan = plan_import(read_source(LocalStorage(DEMO_DIR), request, 0), request)
    assert plan.annotated == entry["with_annotations"]["annotated_sample_count"]
    assert plan.label_counts == entry["with_annotations"]["label_counts"]


def test_every_demo_dataset_has_an_example_and_types_match() -> None:
    names = {dataset["dataset_name"] for dataset in DATASETS}
    assert names == {entry["dataset"] for entry in IMPORTS}
    for dataset in DATASETS:
        assert dataset["example_requests"]
        for entry in IMPORTS:
            if entry["dataset"] == dataset["dataset_name"]:
                assert entry["dataset_type"] == dataset["dataset_type"]


def test_demo_is_tiny_and_only_valid_images_are_samples() -> None:
    files = [path for path in DEMO_DIR.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    assert sum(path.stat().st_size for path in files) < 1024 * 1024
    samples = [
        item for entry in IMPORTS
        for item in read_source(LocalStorage(DEMO_DIR), ImportTaskRequest.model_validate(entry["body"]),
                                entry["dataset_type"], schema_columns=entry["schema_columns"])
        if isinstance(item, SourceSample) and item.kind == "image"
    ]
    assert samples
    for sample in samples:
        assert Path(DEMO_DIR, sample.source).stat().st_size == sample.size
