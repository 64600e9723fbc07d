"""When the size sample finds an object of a manifest over 5 MB (or gone) after the manifest was read, only
the lines naming it are read again, by themselves, to correct the counts and report those lines with their
numbers. The report must be the one reading the whole manifest again, with those sizes known, gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from preflight import check as check_module
from preflight import check_source
from preflight.report import PreflightReport
from sources.storage import LocalStorage
from tests.preflight.support import dataset, jpeg, make, manifest_line, sparse, url
from tests.preflight.support import request as make_request

MB = 1024 * 1024
MANIFEST = make_request("m.manifest", import_type="manifest")
CATS = dataset(0, ("cat",))


def same(first: PreflightReport, second: PreflightReport) -> None:
    assert [(p.file, p.line, p.code, p.message) for p in first.problems] == \
        [(p.file, p.line, p.code, p.message) for p in second.problems]
    for name in ("samples_found", "annotated_found", "samples_by_kind", "found_label_counts", "kept",
                 "kept_annotated", "kept_label_counts", "skipped", "problem_counts", "labels", "expectation",
                 "filter_notes", "failure"):
        assert getattr(first, name) == getattr(second, name), name
    assert first.how_objects_were_checked() == second.how_objects_were_checked()
    assert [p.key for p in first.previews] == [p.key for p in second.previews]


def both_ways(storage: LocalStorage, monkeypatch: pytest.MonkeyPatch, **options) -> tuple[PreflightReport, ...]:
    """The report with the lines naming a bad object read again, and with the whole manifest read again."""
    monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 100)
    by_lines = check_source(MANIFEST, CATS, storage, **options)
    monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 0)
    whole = check_source(MANIFEST, CATS, storage, **options)
    same(by_lines, whole)
    return by_lines, whole


def times_read(storage: LocalStorage, **options) -> int:
    """How many times the check reads the whole manifest: with fewer than PROGRESS_EVERY samples, the progress of
    each reading is told once, at its end."""
    counted: list[int] = []
    check_source(MANIFEST, CATS, storage, progress=lambda stage, done, total: stage == "samples" and
                 counted.append(done), **options)
    return len(counted)


def a_source(tmp_path: Path, count: int = 40) -> LocalStorage:
    """Images img/000.jpg...; a manifest naming them, with some missing, two too large, lines of every kind."""
    files: dict[str, bytes | str] = {f"img/{i:03d}.jpg": jpeg() for i in range(count) if i not in (5, 17, 31)}
    files["other/a.jpg"] = jpeg()
    lines = [manifest_line(url(f"img/{i:03d}.jpg"), "cat" if i % 3 else "Cat") for i in range(count)]
    lines[2] = lines[2][:-1]  # not JSON
    lines[9] = '{"usage": "TRAIN"}'  # no source
    lines[12] = ""
    lines[14] = manifest_line(url("img/014.jpg"), "dog", hard="yes")  # the full way
    lines[20] = manifest_line(url("other/a.jpg"), "cat")
    lines[25] = manifest_line("content://some text", "cat")
    lines.append(manifest_line(url("img/031.jpg"), "dog"))  # a missing object named twice
    files["m.manifest"] = "\n".join(lines) + "\n"
    storage = make(tmp_path, files)
    sparse(tmp_path, "img/007.jpg", 6 * MB)
    sparse(tmp_path, "img/023.jpg", 6 * MB)
    os.symlink(tmp_path / "obs" / "bkt" / "img" / "001.jpg", tmp_path / "obs" / "bkt" / "img" / "linked.jpg")
    return storage


def test_reading_the_lines_again_is_reading_the_whole_manifest_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    storage = a_source(tmp_path)
    for max_files in (3, 8, 1_000):  # some sizes looked up; all (so every image over 5 MB is found)
        by_lines, _ = both_ways(storage, monkeypatch, max_files=max_files, previews=2)
    assert {(3, "manifest_json"), (10, "manifest_no_source"), (6, "manifest_missing_object"),
            (18, "manifest_missing_object"), (32, "manifest_missing_object"), (41, "manifest_missing_object"),
            (8, "image_too_large"), (24, "image_too_large")} <= \
        {(p.line, p.code) for p in by_lines.problems}
    assert by_lines.stats.sizes_skipped == 0 and "Every size was checked too" in str(by_lines.how_much_read())
    monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 100)
    assert times_read(storage, max_files=1_000) == 1  # the lines naming the two images were read again only
    monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 1)
    assert times_read(storage, max_files=1_000) == 2  # more such objects than that: the whole manifest again


def test_a_manifest_with_json_escapes_is_read_again_whole_with_the_same_report(tmp_path: Path) -> None:
    storage = a_source(tmp_path)
    plain = check_source(MANIFEST, CATS, storage, max_files=1_000, previews=2)
    path = tmp_path / "obs" / "bkt" / "m.manifest"
    lines = path.read_text().split("\n")
    escaped_lines = [line.replace("img/", "img\\/") if number != 3 else line  # (line 3: its error's column)
                     for number, line in enumerate(lines, 1)]
    path.write_text("\n".join(escaped_lines))  # a JSON escape could spell a name: lines are not picked out
    escaped = check_source(MANIFEST, CATS, storage, max_files=1_000, previews=2)
    same(plain, escaped)
    assert times_read(storage, max_files=1_000) == 2


def test_every_object_named_is_fine_and_nothing_is_read_again(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {f"img/{i:03d}.jpg": jpeg() for i in range(30)}
    files["m.manifest"] = "".join(manifest_line(url(f"img/{i:03d}.jpg"), "cat") + "\n" for i in range(30))
    found = check_source(MANIFEST, CATS, make(tmp_path, files), max_files=10)
    assert found.problems == [] and found.samples_found == 30
    assert (found.stats.objects_opened, found.stats.folder_listings) == (1 + 4, 1)  # the manifest, 4 previews
    assert (found.stats.sizes_sampled, found.stats.sizes_skipped) == (10, 20)


def test_every_object_too_large_is_nothing_importable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = make(tmp_path, {"m.manifest": "".join(manifest_line(url(f"img/{i}.jpg"), "cat") + "\n"
                                                    for i in (0, 1, 2, 0))})  # one named twice
    for i in range(3):
        sparse(tmp_path, f"img/{i}.jpg", 6 * MB)
    by_lines, _ = both_ways(storage, monkeypatch)
    assert [(p.line, p.code) for p in by_lines.problems] == \
        [(line, "image_too_large") for line in (1, 2, 3, 4)] + [(None, "nothing_importable")]
    assert by_lines.samples_found == 0 and by_lines.previews == []


def test_a_file_name_shared_by_two_folders_reads_both_lines_again_and_keeps_previews_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines are found by the bad object's bare name, so cat/001.jpg's line is read again with dog/001.jpg's;
    the sample taken back and added again must not collide with a held one (previews are sorted by index)."""
    files: dict[str, bytes | str] = {f"cat/{i:03d}.jpg": jpeg() for i in range(8)}
    files["dog/001.jpg"] = jpeg(colour="#ff0000")
    lines = [manifest_line(url("dog/001.jpg"), "cat")]
    lines += [manifest_line(url(f"cat/{i:03d}.jpg"), "cat") for i in range(8)]
    files["m.manifest"] = "\n".join(lines) + "\n"
    storage = make(tmp_path, files)
    sparse(tmp_path, "cat/001.jpg", 6 * MB)
    by_lines, _ = both_ways(storage, monkeypatch, previews=8)
    assert [(p.line, p.code) for p in by_lines.problems] == [(3, "image_too_large")]
    assert by_lines.samples_found == 8
    keys = [p.key for p in by_lines.previews]
    assert len(keys) == len(set(keys)) and not any("cat/001.jpg" in k for k in keys)


def test_lines_first_left_unchecked_are_taken_back_as_first_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder whose listing is cut leaves objects named after the cut unchecked (taken as present) in the first
    reading; reading their lines again must take back what that reading counted, not what is known later."""
    storage = make(tmp_path, {"img/a00000.jpg": jpeg()})
    folder = tmp_path / "obs" / "bkt" / "img"
    for index in range(1, 10_001):
        (folder / f"a{index:05d}.jpg").touch()
    lines = [manifest_line(url(f"img/{name}"), "cat") for name in ("a00000.jpg", "zzz1.jpg", "zzz2.jpg")]
    (tmp_path / "obs" / "bkt" / "m.manifest").write_text("\n".join(lines) + "\n")
    by_lines, _ = both_ways(storage, monkeypatch, max_files=1, previews=0)
    assert by_lines.samples_found == 1
    assert [(p.line, p.code) for p in by_lines.problems] == [(2, "manifest_missing_object"),
                                                             (3, "manifest_missing_object")]
