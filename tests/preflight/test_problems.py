"""Each problem kind of issue 8 found by the preflight, with the right file and line, in a source made for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from preflight import check_source
from tests.preflight.support import dataset, jpeg, key, make, manifest_line, request, sparse, url, voc

IMAGE_CLASSIFICATION, OBJECT_DETECTION, TEXT_CLASSIFICATION, TABLE = 0, 1, 100, 400
MB = 1024 * 1024


def found(report) -> set[tuple[str, int | None, str]]:
    return {(p.file, p.line, p.code) for p in report.problems}


def test_malformed_manifest_line_and_missing_source(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "img/1.jpg": jpeg(),
        "m.manifest": "\n".join([
            manifest_line(url("img/1.jpg"), "cat"),
            '{"source": "' + url("img/1.jpg") + '", "annotation": [',  # cut short
            '{"usage": "TRAIN", "annotation": [{"name": "cat"}]}',  # no source
            "",
            manifest_line(url("img/gone.jpg"), "dog"),
        ]) + "\n",
    })
    report = check_source(request("m.manifest", import_type="manifest"), dataset(0, ("cat",)), storage)
    assert found(report) == {
        (key("m.manifest"), 2, "manifest_json"),
        (key("m.manifest"), 3, "manifest_no_source"),
        (key("m.manifest"), 5, "manifest_missing_object"),
    }
    assert report.samples_found == 1 and report.kept == 1


@pytest.mark.parametrize(("xml", "line", "code"), [
    (voc(None, None, ("cat", (1, 1, 5, 5))), 2, "voc_no_size"),
    (voc(32, 24, ("cat", (1, 1, 5, 5)), ("dog", (2, 2, 40, 20))), 7, "voc_box_outside"),
    (voc(32, 24, ("cat", (20, 1, 5, 5))), 5, "voc_box_inverted"),
])
def test_voc_problems_name_the_xml_file_and_line(tmp_path: Path, xml: str, line: int, code: str) -> None:
    storage = make(tmp_path, {"voc/a.jpg": jpeg(), "voc/a.xml": xml})
    report = check_source(request("voc/"), dataset(OBJECT_DETECTION, ("cat", "dog")), storage)
    assert found(report) == {(key("voc/a.xml"), line, code)}
    assert report.samples_found == 1


def test_images_over_5_mb_and_of_unsupported_type_in_a_folder(tmp_path: Path) -> None:
    storage = make(tmp_path, {"img/cat/ok.jpg": jpeg(), "img/cat/anim.gif": b"GIF89a", "img/dog/x.webp": b"RIFF"})
    sparse(tmp_path, "img/dog/big.jpg", 5 * MB + 1)
    report = check_source(request("img/"), dataset(IMAGE_CLASSIFICATION, ("cat", "dog")), storage)
    assert found(report) == {
        (key("img/cat/anim.gif"), None, "image_type"),
        (key("img/dog/big.jpg"), None, "image_too_large"),
        (key("img/dog/x.webp"), None, "image_type"),
    }
    assert report.samples_found == 1
    assert report.files_by_kind == {"image": 4}


def test_images_over_5_mb_and_of_unsupported_type_in_a_manifest(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "img/anim.gif": b"GIF89a", "img/ok.jpg": jpeg(),
        "m.manifest": "\n".join([manifest_line(url("img/big.png"), "cat"), manifest_line(url("img/anim.gif")),
                                 manifest_line(url("img/ok.jpg"))]) + "\n",
    })
    sparse(tmp_path, "img/big.png", 6 * MB)
    report = check_source(request("m.manifest", import_type="manifest"), dataset(0), storage)
    assert found(report) == {(key("m.manifest"), 1, "image_too_large"), (key("m.manifest"), 2, "image_type")}


def test_text_lines_without_the_chosen_separator(tmp_path: Path) -> None:
    storage = make(tmp_path, {"txt/reviews.txt": "great\tpositive\nno separator here\nbad;negative\n"})
    report = check_source(request("txt/"), dataset(TEXT_CLASSIFICATION, ("positive", "negative")), storage)
    assert found(report) == {(key("txt/reviews.txt"), 2, "text_no_separator"),
                             (key("txt/reviews.txt"), 3, "text_no_separator")}
    semicolon = request("txt/", label_format={"text_sample_separator": ";"})
    report = check_source(semicolon, dataset(TEXT_CLASSIFICATION), storage)
    assert found(report) == {(key("txt/reviews.txt"), 1, "text_no_separator"),
                             (key("txt/reviews.txt"), 2, "text_no_separator")}


def test_csv_rows_whose_column_count_differs_from_the_schema(tmp_path: Path) -> None:
    storage = make(tmp_path, {"csv/a.csv": "1,2,3\n4,5\n6,7,8\n", "csv/b.csv": '9,10,"eleven, twelve"\n13,14,15,16\n'})
    report = check_source(request("csv/"), dataset(TABLE, schema=("a", "b", "c")), storage)
    assert found(report) == {(key("csv/a.csv"), 2, "csv_column_count"), (key("csv/b.csv"), 2, "csv_column_count")}
    assert report.samples_found == 3


def test_paths_with_characters_the_service_rejects(tmp_path: Path) -> None:
    storage = make(tmp_path, {"img/cat/my cat.jpg": jpeg(), "img/chat/été.jpg": jpeg(), "img/cat/ok.jpg": jpeg()})
    report = check_source(request("img/"), dataset(IMAGE_CLASSIFICATION), storage)
    assert found(report) == {(key("img/cat/my cat.jpg"), None, "path_characters"),
                             (key("img/chat/été.jpg"), None, "path_characters")}
    line = manifest_line("s3://bkt/img/cat/my cat.jpg", "cat")
    storage = make(tmp_path, {"m.manifest": manifest_line(url("img/cat/ok.jpg")) + "\n" + line + "\n"})
    report = check_source(request("m.manifest", import_type="manifest"), dataset(0), storage)
    assert found(report) == {(key("m.manifest"), 2, "path_characters")}


def test_a_manifest_over_8_mb_is_reported_and_still_sampled(tmp_path: Path) -> None:
    line = manifest_line(url("img/1.jpg"), "cat", id="x" * 60) + "\n"
    storage = make(tmp_path, {"img/1.jpg": jpeg(), "big.manifest": line * (8 * MB // len(line) + 10)})
    report = check_source(request("big.manifest", import_type="manifest"), dataset(0, ("cat",)), storage,
                          max_files=500)
    assert found(report) == {(key("big.manifest"), None, "manifest_too_large")}
    assert report.sampled and report.samples_found == 500
    assert report.source_bytes is not None and report.source_bytes > 8 * MB
    assert report.stats.bytes_read < 2 * MB


def test_the_issue_scenario_a_mislabelled_class_and_a_broken_line_are_both_shown(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "img/1.jpg": jpeg(), "img/2.jpg": jpeg(), "img/3.jpg": jpeg(),
        "pets.manifest": "\n".join([
            manifest_line(url("img/1.jpg"), "cats"),
            manifest_line(url("img/2.jpg"), "Cats"),
            '{"source": "' + url("img/3.jpg") + '" "annotation": []}',
        ]) + "\n",
    })
    report = check_source(request("pets.manifest", import_type="manifest"), dataset(0, ("cats",)), storage)
    assert found(report) == {(key("pets.manifest"), 3, "manifest_json")}
    row = next(r for r in report.labels if r.name == "Cats")
    assert (row.status, row.similar_to, row.fix.kind, row.fix.rename_to) == ("near_duplicate", "cats", "rename", "cats")
