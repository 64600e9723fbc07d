"""check_source on the demo data and on sources made for sampling, failures, progress and previews."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import SANDBOX_UNREACHABLE, Dataset, ImportTaskRequest
from preflight import Expectation, check_source
from sandbox.demo import DATASETS, DEMO_DIR, IMPORTS
from sources.storage import LocalStorage
from tests.preflight.support import dataset, jpeg, key, make, manifest_line, request, url

DEMO_DATASETS = {entry["dataset_name"]: entry for entry in DATASETS}
PNG = b"\x89PNG\r\n\x1a\n"


def demo_dataset(name: str) -> Dataset:
    entry = {k: v for k, v in DEMO_DATASETS[name].items() if k != "example_requests"}
    return Dataset.model_validate({"dataset_id": name, **entry})


def demo(name: str) -> dict:
    return next(entry for entry in IMPORTS if entry["name"] == name)


def check_demo(entry: dict, storage=None, **kwargs):
    storage = storage or LocalStorage(DEMO_DIR)
    return check_source(ImportTaskRequest.model_validate(entry["body"]), demo_dataset(entry["dataset"]), storage,
                        **kwargs)


@pytest.mark.parametrize("entry", IMPORTS, ids=[entry["name"] for entry in IMPORTS])
def test_every_demo_import_gives_the_counts_the_sandbox_imports(entry: dict) -> None:
    report = check_demo(entry)
    assert report.failure is None
    assert report.samples_found == entry["total_sample_count"]
    assert report.kept == entry["imported_sample_count"]
    assert report.kept_annotated == entry["annotated_sample_count"]
    assert report.kept_label_counts == entry["label_counts"]
    assert report.skipped == entry["skipped"]
    assert [(p.file, p.line, p.code) for p in report.problems] == [
        (p["file"], p["line"], p["code"]) for p in entry["problems"]
    ]
    assert not report.sampled
    assert report.expectation == Expectation(entry["imported_sample_count"], entry["annotated_sample_count"],
                                             entry["total_sample_count"])


def test_spec_example_2_fixes_and_what_they_would_keep() -> None:
    report = check_demo(demo("spec example 2: the V002 manifest, only cat/dog/Cat/Dog samples"))
    fixes = {str(fix.title): fix for fix in report.fixes}
    assert set(fixes) == {"Include 'rabbits'", "Include 'bees'", "Rename 'Cat' to 'cat'", "Rename 'Dog' to 'dog'"}
    assert fixes["Rename 'Cat' to 'cat'"].add == ("Cat",)  # already included: only the rename is added
    assert fixes["Rename 'Cat' to 'cat'"].kept_after == report.kept == 8
    assert fixes["Include 'rabbits'"].kept_after == 10 and fixes["Include 'bees'"].kept_after == 10
    assert [str(note) for note in report.filter_notes if "included_labels" in str(note)] == [
        "included_labels ('cat', 'dog', 'Cat', 'Dog') skips 7 sample(s) carrying none of them, 3 of them unlabeled."
    ]


def test_a_rename_that_turns_on_the_filter_says_what_it_costs() -> None:
    report = check_demo(demo("the V002 manifest, everything"))  # the V002 manifest, everything: 3 unlabeled samples
    fix = next(fix for fix in report.fixes if fix.label == "Cat")
    assert (fix.kept_after, report.kept) == (12, 15)
    assert "3 sample(s) without any of the included labels" in str(fix.why)


def test_large_folders_are_sampled_and_the_report_says_how_much_was_read(tmp_path: Path) -> None:
    storage = make(tmp_path, {f"img/{'cat' if i % 2 else 'dog'}/{i:03d}.jpg": jpeg() for i in range(40)})
    report = check_source(request("img/"), dataset(0, ("cat", "dog")), storage, max_files=10, previews=0)
    assert report.sampled and report.samples_found == 10
    assert report.files_listed == 40 and report.listing_complete and report.files_by_kind == {"image": 40}
    assert "Sampled: only the first 10 files or lines were checked" in str(report.how_much_read())
    assert report.expectation == Expectation(10, 10, 10, sampled=True)
    short = check_source(request("img/"), dataset(0), storage, max_files=None, list_limit=15, previews=0)
    assert not short.sampled and short.samples_found == 40
    assert not short.listing_complete and short.files_listed == 15
    assert "The listing stopped at 15 files" in str(short.how_much_read())
    whole = check_source(request("img/"), dataset(0), storage, max_files=None, previews=0)
    assert not whole.sampled and "Every file and line of the source was checked." in str(whole.how_much_read())


def test_manifest_sources_are_looked_up_through_one_listing_not_one_request_each(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {f"img/{i:03d}.jpg": jpeg() for i in range(200)}
    files["m.manifest"] = "".join(manifest_line(url(f"img/{i:03d}.jpg"), "cat") + "\n" for i in range(201))
    storage = make(tmp_path, files)
    report = check_source(request("m.manifest", import_type="manifest"), dataset(0, ("cat",)), storage, previews=0)
    assert report.samples_found == 200
    assert [(p.line, p.code) for p in report.problems] == [(201, "manifest_missing_object")]
    assert (report.stats.list_calls, report.stats.size_lookups) == (1, 0)


def test_progress_is_reported_while_reading(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {f"img/cat/{i:03d}.jpg": jpeg() for i in range(120)}
    files["m.manifest"] = "".join(manifest_line(url(f"img/cat/{i:03d}.jpg"), "cat") + "\n" for i in range(120))
    storage = make(tmp_path, files)
    seen: list[tuple[str, int, int | None]] = []
    check_source(request("img/"), dataset(0), storage, progress=lambda *event: seen.append(event))
    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "listing" and ("files", 100, None) in seen and ("samples", 100, None) in seen
    assert ("samples", 120, None) in seen and seen[-1] == ("previews", 4, 4)
    seen.clear()
    size = storage.size(key("m.manifest"))
    check_source(request("m.manifest", import_type="manifest"), dataset(0), storage, progress=lambda *e: seen.append(e))
    assert ("bytes", size, size) in seen


def test_previews_are_pngs_of_images_with_boxes_first() -> None:
    report = check_demo(demo("PASCAL VOC folder"))  # PASCAL VOC folder
    assert len(report.previews) == 4
    assert all(p.png.startswith(PNG) for p in report.previews)
    assert [p.boxes > 0 for p in report.previews] == [True, True, True, False]
    assert check_demo(demo("text classification, text<Tab>labels (label_type 1)")).previews == []  # text classification


def test_an_undecodable_image_is_reported_when_drawing_previews(tmp_path: Path) -> None:
    storage = make(tmp_path, {"img/cat/1.jpg": b"not really a jpeg", "img/cat/2.jpg": jpeg()})
    report = check_source(request("img/"), dataset(0, ("cat",)), storage)
    assert [(p.file, p.code) for p in report.problems] == [(key("img/cat/1.jpg"), "image_unreadable")]
    assert len(report.previews) == 1


@pytest.mark.parametrize(("body", "code"), [
    ({"import_path": "s3://test-obs/no/such/folder/"}, "ModelArts.4312"),
    ({"import_path": "s3://no-such-bucket/x/"}, "ModelArts.4311"),
    ({"data_source": {"data_type": 1, "source_info": {"ip": "10.0.0.1", "port": "8000", "database_name": "d",
                                                     "table_name": "t", "user_name": "u", "user_password": "p"}}},
     SANDBOX_UNREACHABLE),  # the sandbox's own code: it cannot read GaussDB(DWS)
])
def test_a_source_that_cannot_be_imported_is_a_failure_not_an_exception(body: dict, code: str) -> None:
    report = check_source(ImportTaskRequest.model_validate(body), demo_dataset("demo-table-iris"),
                          LocalStorage(DEMO_DIR))
    assert report.failure_code == code and report.failure
    assert report.expectation is None and report.labels == []


def test_import_samples_false_expects_no_count() -> None:
    everything = demo("the V002 manifest, everything")
    entry = {**everything, "body": {**everything["body"], "import_samples": False}}
    report = check_demo(entry)
    assert report.annotations_only and report.kept == 0 and report.expectation is None
    assert any(str(note).startswith("import_samples is false") for note in report.filter_notes)
