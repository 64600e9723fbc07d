"""The demo data on a fresh sandbox: the demo datasets exist, and every demo import gives its exact counts."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.demo import DATASETS, IMPORTS, SPEC_EXAMPLES

pytestmark = pytest.mark.usefixtures("sandbox")


def test_first_start_creates_one_dataset_per_demo_entry_with_its_labels_and_schema(api: Any) -> None:
    by_name = {dataset["dataset_name"]: dataset for dataset in api.datasets(with_labels="true")}
    assert set(by_name) == {entry["dataset_name"] for entry in DATASETS}
    for entry in DATASETS:
        dataset = by_name[entry["dataset_name"]]
        assert dataset["dataset_type"] == entry["dataset_type"]
        assert dataset["dataset_format"] == (1 if entry["dataset_type"] == 400 else 0)
        assert [label["name"] for label in dataset["labels"]] == [label["name"] for label in entry.get("labels", [])]
        assert [column["name"] for column in api.dataset(dataset["dataset_id"])["schema"]] == [
            column["name"] for column in entry.get("schema", [])
        ]


def test_demo_files_are_copied_into_the_data_root(sandbox: Any) -> None:
    cat_dog = sandbox.data_root / "obs" / "test-obs" / "daoLu_images" / "cat-dog"
    assert sorted(path.name for path in (cat_dog / "cat").iterdir()) == [
        "cat_01.jpg", "cat_02.jpg", "cat_03.jpg", "cat_04.jpg",
    ]  # fmt: skip
    assert (sandbox.data_root / "hdfs" / "user" / "demo" / "iris.csv").is_file()


@pytest.mark.parametrize("expected", IMPORTS, ids=[entry["name"] for entry in IMPORTS])
def test_each_demo_import_completes_with_the_expected_counts(api: Any, expected: dict[str, Any]) -> None:
    dataset = api.dataset_named(expected["dataset"])
    task = api.run_import(dataset["dataset_id"], expected["body"])
    assert task["status"] == "COMPLETED", task
    assert task["total_sample_count"] == expected["total_sample_count"]
    assert task["imported_sample_count"] == expected["imported_sample_count"]
    assert task["annotated_sample_count"] == expected["annotated_sample_count"]
    assert task["unconfirmed_sample_count"] == 0
    stats = task["file_statistics"]
    assert stats["file_num_total"] == stats["file_num_finished"] == task["total_file_count"] > 0
    assert stats["file_size_total"] == stats["file_size_finished"] == task["total_file_size"] > 0
    labels = {name for name, count in expected["label_counts"].items() if count}
    samples = [s for s in api.samples(dataset["dataset_id"]) if s["task_id"] == task["task_id"]]
    assert len(samples) == expected["imported_sample_count"]
    assert {a["name"] for s in samples for a in s["annotations"]} == labels
    assert labels <= set(api.labels(dataset["dataset_id"]))


@pytest.mark.parametrize("expected", SPEC_EXAMPLES, ids=[entry["name"] for entry in SPEC_EXAMPLES])
def test_the_spec_example_requests_work_as_written(api: Any, expected: dict[str, Any]) -> None:
    """The two request bodies of create-import-task.rst, sent as they are to the demo dataset."""
    dataset = api.dataset_named("demo-image-classification")
    task = api.run_import(dataset["dataset_id"], expected["body"])
    assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", expected["imported_sample_count"])
    assert task["import_type"] == (1 if expected["body"]["import_type"] == "manifest" else 0)
    assert task["import_path"] == expected["body"]["import_path"].replace("s3://", "obs://", 1)
