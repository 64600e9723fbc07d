"""What imports do to a dataset: import folders, final state, label definitions, filters, path safety."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
V002 = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"
DOGS = 3
CATS = 4


@pytest.fixture
def dataset(api: Any, request: pytest.FixtureRequest) -> str:
    """A fresh, empty image classification dataset for one test."""
    return api.create_dataset(f"imports-{request.node.name}"[:100], 0)


def test_the_same_samples_into_the_same_import_folder_add_nothing(api: Any, dataset: str) -> None:
    first = api.run_import(dataset, {"import_path": CAT_DOG, "import_folder": "batch"})
    second = api.run_import(dataset, {"import_path": CAT_DOG, "import_folder": "batch"})
    assert (first["status"], first["imported_sample_count"]) == ("COMPLETED", CATS + DOGS)
    assert (second["status"], second["total_sample_count"]) == ("COMPLETED", CATS + DOGS)
    assert second["imported_sample_count"] == 0
    assert api.dataset(dataset)["total_sample_count"] == CATS + DOGS


def test_another_import_folder_or_none_imports_the_samples_again(api: Any, dataset: str) -> None:
    api.run_import(dataset, {"import_path": CAT_DOG, "import_folder": "a"})
    other = api.run_import(dataset, {"import_path": CAT_DOG, "import_folder": "b"})
    unnamed = api.run_import(dataset, {"import_path": CAT_DOG})
    again = api.run_import(dataset, {"import_path": CAT_DOG})
    assert [task["imported_sample_count"] for task in (other, unnamed, again)] == [CATS + DOGS] * 3
    assert api.dataset(dataset)["total_sample_count"] == 4 * (CATS + DOGS)
    folders = {sample["folder"] for sample in api.samples(dataset)}
    assert folders == {"a", "b", unnamed["task_id"], again["task_id"]}


def test_final_annotation_false_leaves_the_labels_unconfirmed(api: Any, dataset: str) -> None:
    task = api.run_import(dataset, {"import_path": CAT_DOG, "final_annotation": False})
    assert (task["imported_sample_count"], task["annotated_sample_count"]) == (CATS + DOGS, 0)
    assert task["unconfirmed_sample_count"] == CATS + DOGS
    details = api.dataset(dataset)
    assert (details["total_sample_count"], details["annotated_sample_count"]) == (CATS + DOGS, 0)
    samples = api.samples(dataset)
    assert all(sample["unconfirmed"] and not sample["annotated"] for sample in samples)
    assert {sample["annotations"][0]["name"] for sample in samples} == {"cat", "dog"}


def test_import_annotations_false_imports_unlabeled_samples(api: Any, dataset: str) -> None:
    task = api.run_import(dataset, {"import_path": CAT_DOG, "import_annotations": False})
    assert (task["imported_sample_count"], task["annotated_sample_count"]) == (CATS + DOGS, 0)
    assert all(sample["annotations"] == [] for sample in api.samples(dataset))
    assert api.labels(dataset) == {}


def test_import_samples_false_only_annotates_samples_already_there(api: Any, dataset: str) -> None:
    api.run_import(dataset, {"import_path": CAT_DOG, "import_annotations": False, "import_folder": "f"})
    task = api.run_import(dataset, {"import_path": CAT_DOG, "import_samples": False})
    assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", 0)
    assert task["annotated_sample_count"] == CATS + DOGS
    details = api.dataset(dataset)
    assert (details["total_sample_count"], details["annotated_sample_count"]) == (CATS + DOGS, CATS + DOGS)


def test_label_filters(api: Any, dataset: str) -> None:
    without_dogs = api.run_import(dataset, {"import_path": CAT_DOG, "excluded_labels": [{"name": "dog"}]})
    only_dogs = api.run_import(dataset, {"import_path": CAT_DOG, "included_labels": ["dog"]})
    nothing = api.run_import(dataset, {"import_path": CAT_DOG, "included_labels": ["Dog"]})  # case counts
    assert [t["imported_sample_count"] for t in (without_dogs, only_dogs, nothing)] == [CATS, DOGS, 0]
    assert nothing["status"] == "COMPLETED"
    names = {s["annotations"][0]["name"] for s in api.samples(dataset) if s["task_id"] == only_dogs["task_id"]}
    assert names == {"dog"}


def test_labels_found_in_the_source_are_added_to_the_dataset(api: Any, dataset: str) -> None:
    api.run_import(dataset, {"import_type": "manifest", "import_path": V002})
    labels = api.labels(dataset)
    assert set(labels) == {"cat", "dog", "Cat", "Dog", "rabbits", "bees"}
    assert {label["type"] for label in labels.values()} == {0}
    colors = [label["property"]["@modelarts:color"] for label in labels.values()]
    assert len(set(colors)) == len(colors)


def test_label_definitions_sent_with_the_request_are_stored_on_the_dataset(api: Any, dataset: str) -> None:
    definition = {
        "name": "cat",
        "type": 0,
        "property": {"@modelarts:color": "#123456", "@modelarts:shortcut": "C"},
        "attributes": [{"name": "fur", "type": "select", "values": [{"value": "long"}, {"value": "short"}]}],
    }
    task = api.run_import(dataset, {"import_path": CAT_DOG, "included_labels": [definition, {"name": "dog"}]})
    assert task["imported_sample_count"] == CATS + DOGS
    labels = api.labels(dataset)
    assert labels["cat"]["property"] == {"@modelarts:color": "#123456", "@modelarts:shortcut": "C"}
    assert labels["cat"]["attributes"][0]["name"] == "fur"
    assert [value["value"] for value in labels["cat"]["attributes"][0]["values"]] == ["long", "short"]
    assert set(labels) == {"cat", "dog"}


def test_rename_to_renames_the_imported_label(api: Any, dataset: str) -> None:
    renamed = {"name": "dog", "property": {"@modelarts:rename_to": "puppy", "@modelarts:color": "#00FF00"}}
    task = api.run_import(dataset, {"import_path": CAT_DOG, "included_labels": [renamed]})
    assert task["imported_sample_count"] == DOGS
    assert {s["annotations"][0]["name"] for s in api.samples(dataset)} == {"puppy"}
    labels = api.labels(dataset)
    assert set(labels) == {"puppy"}
    assert labels["puppy"]["property"] == {"@modelarts:color": "#00FF00"}


def test_a_running_import_shows_on_the_dataset_and_blocks_another(api: Any, dataset: str) -> None:
    api.hold_imports("running")
    try:
        task_id = api.create_import(dataset, {"import_path": CAT_DOG})
        api.wait(dataset, task_id, until={"RUNNING"})
        assert api.dataset(dataset)["status"] == 8  # importing
        answer = api.post(f"/datasets/{dataset}/import-tasks", {"import_path": CAT_DOG})
        assert (answer.status_code, answer.json()["error_code"]) == (400, "ModelArts.4356")
        assert task_id in answer.json()["error_msg"]
    finally:
        api.hold_imports(None)
    assert api.wait(dataset, task_id)["status"] == "COMPLETED"
    assert api.dataset(dataset)["status"] == 1
    api.run_import(dataset, {"import_path": CAT_DOG})  # the dataset is free again


def test_a_queued_task_reports_queuing(api: Any, dataset: str) -> None:
    api.hold_imports("queuing")
    try:
        task_id = api.create_import(dataset, {"import_path": CAT_DOG})
        task = api.task(dataset, task_id)
        assert (task["status"], task["imported_sample_count"], task["elapsed_time"]) == ("QUEUING", 0, 0)
    finally:
        api.hold_imports(None)
    assert api.wait(dataset, task_id)["status"] == "COMPLETED"


def test_symlinks_out_of_the_data_root_are_not_followed(
    api: Any, dataset: str, sandbox: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    source = sandbox.data_root / "obs" / "test-obs" / "daoLu_images" / "cat-dog" / "cat" / "cat_01.jpg"
    (outside / "cat").mkdir()
    (outside / "cat" / "secret.jpg").write_bytes(source.read_bytes())
    bucket = sandbox.data_root / "obs" / "test-obs"
    os.symlink(outside, bucket / "escape")
    mixed = bucket / "mixed" / "cat"
    mixed.mkdir(parents=True)
    (mixed / "inside.jpg").write_bytes(source.read_bytes())
    os.symlink(outside / "cat" / "secret.jpg", mixed / "outside.jpg")

    answer = api.post(f"/datasets/{dataset}/import-tasks", {"import_path": "s3://test-obs/escape/"})
    assert answer.status_code == 400
    assert answer.json()["error_code"] in {"ModelArts.4312", "ModelArts.4313"}
    task = api.run_import(dataset, {"import_path": "s3://test-obs/mixed/"})
    assert (task["status"], task["imported_sample_count"], task["total_file_count"]) == ("COMPLETED", 1, 1)
    assert [sample["source"] for sample in api.samples(dataset)] == ["obs/test-obs/mixed/cat/inside.jpg"]


def test_a_manifest_import_adds_each_sample_once_and_counts_the_files_it_names(
    api: Any, sandbox: Any, request: pytest.FixtureRequest
) -> None:
    """A missing object is not imported, one named twice is imported once; the files are the manifest and the
    distinct objects, the file size the manifest's."""
    dataset = api.create_dataset(f"imports-{request.node.name}"[:100], 100)  # text: content:// lines too
    folder = sandbox.data_root / "obs" / "test-obs" / "manifest-once"
    folder.mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("some text", encoding="utf-8")
    lines = [
        {"source": "s3://test-obs/manifest-once/a.txt", "annotation": [{"name": "x"}]},
        {"source": "s3://test-obs/manifest-once/b.txt"},
        {"source": "s3://test-obs/manifest-once/a.txt", "annotation": [{"name": "y"}]},
        {"source": "s3://test-obs/manifest-once/gone.txt"},
        {"source": "content://inline text", "annotation": [{"name": "y"}]},
    ]
    manifest = folder / "m.manifest"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    body = {"import_type": "manifest", "import_path": "s3://test-obs/manifest-once/m.manifest", "import_folder": "m"}
    task = api.run_import(dataset, body)
    assert (task["status"], task["total_sample_count"], task["imported_sample_count"]) == ("COMPLETED", 4, 3)
    assert (task["total_file_count"], task["total_file_size"]) == (3, manifest.stat().st_size)
    samples = {sample["sample_key"]: sample["annotations"] for sample in api.samples(dataset)}
    assert samples == {
        "obs/test-obs/manifest-once/a.txt": [{"name": "x"}],  # the first line of a key wins
        "obs/test-obs/manifest-once/b.txt": [],
        "obs/test-obs/manifest-once/m.manifest#5": [{"name": "y"}],
    }
    again = api.run_import(dataset, body)
    assert (again["imported_sample_count"], api.dataset(dataset)["total_sample_count"]) == (0, 3)


def test_a_manifest_import_skips_an_image_over_5_mb_as_the_service_does(
    api: Any, sandbox: Any, request: pytest.FixtureRequest
) -> None:
    dataset = api.create_dataset(f"imports-{request.node.name}"[:100], 0)
    folder = sandbox.data_root / "obs" / "test-obs" / "manifest-sizes"
    folder.mkdir(parents=True)
    (folder / "small.jpg").write_bytes(b"\xff\xd8\xff\xe0small\xff\xd9")
    with (folder / "big.jpg").open("wb") as out:
        out.truncate(5 * 1024 * 1024 + 1)
    lines = [
        {"source": f"s3://test-obs/manifest-sizes/{name}", "annotation": [{"name": "cat"}]}
        for name in ("small.jpg", "big.jpg")
    ]
    (folder / "m.manifest").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    task = api.run_import(
        dataset, {"import_type": "manifest", "import_path": "s3://test-obs/manifest-sizes/m.manifest"}
    )
    assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", 1)
    assert [sample["sample_key"] for sample in api.samples(dataset)] == ["obs/test-obs/manifest-sizes/small.jpg"]


def test_a_large_manifest_gets_the_same_lookups_from_the_helper_process(
    api: Any, sandbox: Any, request: pytest.FixtureRequest, tmp_path: Any
) -> None:
    """Enough lines for the objects' sizes to be looked up by a helper process (sources.size_helper): what is
    imported is what one lookup per line in the import's own process gives."""
    dataset = api.create_dataset(f"imports-{request.node.name}"[:100], 0)
    folder = sandbox.data_root / "obs" / "test-obs" / "manifest-helper"
    folder.mkdir(parents=True)
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        (folder / name).write_bytes(b"\xff\xd8\xff\xe0small\xff\xd9")
    with (folder / "big.jpg").open("wb") as out:
        out.truncate(5 * 1024 * 1024 + 1)
    (tmp_path / "secret.jpg").write_bytes(b"\xff\xd8\xff\xe0secret\xff\xd9")
    os.symlink(folder / "a.jpg", folder / "inside-link.jpg")
    os.symlink(tmp_path / "secret.jpg", folder / "outside-link.jpg")
    os.mkdir(folder / "folder.jpg")
    names = ("a.jpg", "big.jpg", "b.jpg", "missing.jpg", "inside-link.jpg", "outside-link.jpg", "folder.jpg", "c.jpg")
    lines = [
        {"source": f"s3://test-obs/manifest-helper/{names[n % len(names)]}", "annotation": [{"name": "cat"}]}
        for n in range(12_000)
    ]  # more than LocalStorage's SIZE_HELPER_FROM
    (folder / "m.manifest").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    task = api.run_import(
        dataset, {"import_type": "manifest", "import_path": "s3://test-obs/manifest-helper/m.manifest"}
    )
    assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", 4)
    assert sorted(sample["sample_key"] for sample in api.samples(dataset)) == [
        f"obs/test-obs/manifest-helper/{name}" for name in ("a.jpg", "b.jpg", "c.jpg", "inside-link.jpg")
    ]


def test_a_fifo_or_a_broken_link_in_the_folder_is_skipped_not_a_failed_import(
    api: Any, dataset: str, sandbox_root: Any
) -> None:
    folder = sandbox_root / "obs" / "test-obs" / "with-a-fifo"
    (folder / "cat").mkdir(parents=True)
    demo = sandbox_root / "obs" / "test-obs" / "daoLu_images" / "cat-dog"
    image = next(path for path in demo.rglob("*") if path.suffix.lower() in (".jpg", ".jpeg", ".png"))
    (folder / "cat" / f"1{image.suffix}").write_bytes(image.read_bytes())
    os.mkfifo(folder / "cat" / "2.jpg")  # reading it would wait for a writer forever
    (folder / "cat" / "3.jpg").symlink_to(folder / "cat" / "gone.jpg")
    task = api.run_import(dataset, {"import_path": "s3://test-obs/with-a-fifo/"})
    assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", 1), task


def test_the_sandboxs_data_files_are_for_its_user_only(api: Any, sandbox_root: Any) -> None:
    made = [path for path in sandbox_root.iterdir() if path.is_file()]
    assert any(path.name.startswith("sandbox.sqlite3") for path in made) and any(p.name == "sandbox.log" for p in made)
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in made} == {path.name: "0o600" for path in made}
