"""A large local manifest is read without looking its objects up while a child process lists their folders;
the objects are then checked against the listing, and the lines naming a missing or too large one are read
again by themselves. The report must be the one the check made line by line gives, whichever way is taken."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from preflight import check as check_module
from preflight import check_source
from preflight.list_helper import FolderListing, start_listing
from preflight.names import real_folder
from preflight.report import PreflightReport
from sandbox.storage import LocalStorage
from tests.preflight.support import dataset, jpeg, key, make, manifest_line, sparse, url
from tests.preflight.support import request as make_request

MB = 1024 * 1024
MANIFEST = make_request("m.manifest", import_type="manifest")
CATS = dataset(0, ("cat",))


def line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_module, "LIST_AHEAD_FROM_BYTES", 1 << 60)


def listed_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_module, "LIST_AHEAD_FROM_BYTES", 0)
    monkeypatch.setattr(check_module, "_spare_core", lambda: True)


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
    line_by_line(monkeypatch)
    expected = check_source(MANIFEST, CATS, storage, **options)
    listed_ahead(monkeypatch)
    found = check_source(MANIFEST, CATS, storage, **options)
    same(expected, found)
    return expected, found


def a_source(tmp_path: Path, count: int = 40) -> LocalStorage:
    """Images img/000.jpg...; a manifest naming them, with some missing, one too large, lines of every kind."""
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


def test_the_report_is_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = a_source(tmp_path)
    for max_files in (1_000, 8, 3):
        _, found = both_ways(storage, monkeypatch, max_files=max_files, previews=2)
    codes = {(p.line, p.code) for p in found.problems}
    assert {(3, "manifest_json"), (10, "manifest_no_source"), (6, "manifest_missing_object"),
            (18, "manifest_missing_object"), (32, "manifest_missing_object"),
            (41, "manifest_missing_object")} <= codes
    full = check_source(MANIFEST, CATS, storage, max_files=1_000, previews=0)
    assert {(8, "image_too_large"), (24, "image_too_large")} <= {(p.line, p.code) for p in full.problems}
    assert full.stats.sizes_skipped == 0 and "Every size was checked too" in full.how_much_read()


def test_a_symlink_and_a_folder_not_listed_ahead_are_looked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    storage = make(tmp_path, {"a/1.jpg": jpeg(), "b/1.jpg": jpeg(), "m.manifest": "\n".join([
        manifest_line(url("a/1.jpg"), "cat"), manifest_line(url("a/linked.jpg"), "cat"),
        manifest_line(url("b/1.jpg"), "cat"), manifest_line(url("b/2.jpg"), "cat"),
        manifest_line(url("a/dangling.jpg"), "cat")]) + "\n"})
    os.symlink(tmp_path / "obs" / "bkt" / "a" / "1.jpg", tmp_path / "obs" / "bkt" / "a" / "linked.jpg")
    os.symlink(tmp_path / "obs" / "bkt" / "a" / "none.jpg", tmp_path / "obs" / "bkt" / "a" / "dangling.jpg")
    monkeypatch.setattr(check_module, "LIST_AHEAD_FOLDERS", 1)
    _, found = both_ways(storage, monkeypatch)
    assert {(p.line, p.code) for p in found.problems} == {(4, "manifest_missing_object"),
                                                         (5, "manifest_missing_object")}
    assert found.samples_found == 3 and found.stats.folder_listings == 2


@pytest.mark.parametrize("how", ["escaped", "many", "child fails"])
def test_other_ways_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    storage = a_source(tmp_path)
    if how == "escaped":  # a JSON escape could spell a name: the whole manifest is read again
        path = tmp_path / "obs" / "bkt" / "m.manifest"
        path.write_text(path.read_text().replace("img/", "img\\/"))
    elif how == "many":
        monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 1)
    else:
        monkeypatch.setattr(FolderListing, "take", lambda self: (self.close(), {})[1])
    both_ways(storage, monkeypatch, max_files=8, previews=2)


def test_every_object_named_is_fine_and_nothing_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    files: dict[str, bytes | str] = {f"img/{i:03d}.jpg": jpeg() for i in range(30)}
    files["m.manifest"] = "".join(manifest_line(url(f"img/{i:03d}.jpg"), "cat") + "\n" for i in range(30))
    storage = make(tmp_path, files)
    started: list[list[tuple[str, str]]] = []
    monkeypatch.setattr(check_module, "start_listing", lambda folders, limit: started.append(folders) or
                        start_listing(folders, limit))
    _, found = both_ways(storage, monkeypatch, max_files=10)
    assert started == [[(key("img"), real_folder(storage, key("img")))]]  # listed ahead the second way only
    assert found.problems == [] and found.samples_found == 30
    assert (found.stats.objects_opened, found.stats.folder_listings) == (1 + 4, 1)  # the manifest, 4 previews
    assert (found.stats.sizes_sampled, found.stats.sizes_skipped) == (10, 20)


def test_all_objects_missing_is_nothing_importable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = make(tmp_path, {"img/x.txt": "x", "m.manifest": "".join(
        manifest_line(url(f"img/{i}.jpg"), "cat") + "\n" for i in range(3))})
    _, found = both_ways(storage, monkeypatch)
    assert [p.code for p in found.problems] == ["manifest_missing_object"] * 3 + ["nothing_importable"]
    assert found.samples_found == 0


def test_the_child_lists_files_and_symlinks_and_leaves_what_it_cannot(tmp_path: Path) -> None:
    storage = make(tmp_path, {"a/1.jpg": b"1", "a/2.jpg": b"2", "a/sub/3.jpg": b"3",
                                **{f"big/{i}": b"" for i in range(4)}})
    os.symlink(tmp_path / "obs" / "bkt" / "a" / "1.jpg", tmp_path / "obs" / "bkt" / "a" / "l.jpg")
    folders = [(key(name), real_folder(storage, key(name)) or "") for name in ("a", "big")]
    folders.append((key("none"), str(tmp_path / "obs" / "bkt" / "none")))
    listing = start_listing(folders, limit=3)
    assert listing is not None
    listed = listing.take()
    assert set(listed) == {key("a")}  # "big" holds more than 3 entries; "none" does not exist
    assert listed[key("a")].files == {key("a/1.jpg"), key("a/2.jpg")}
    assert listed[key("a")].linked == {key("a/l.jpg")}


def test_what_the_child_wrote_is_not_trusted_when_cut_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = make(tmp_path, {"a/1.jpg": b"1", "a/2.jpg": b"2"})
    folders = [(key("a"), real_folder(storage, key("a")) or "")]
    monkeypatch.setattr("preflight.list_helper.CHILD", str(tmp_path / "child.py"))
    (tmp_path / "child.py").write_text("import sys; sys.stdout.buffer.write(b'F 2 0\\0obs/bkt/a/1.jpg\\0')")
    listing = start_listing(folders, limit=10)
    assert listing is not None and listing.take() == {}


@pytest.mark.parametrize("way", [line_by_line, listed_ahead])
def test_reading_the_lines_again_is_reading_the_whole_manifest_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    way) -> None:
    storage = a_source(tmp_path)
    way(monkeypatch)
    for max_files in (8, 1_000):  # some sizes looked up; all (so the images over 5 MB are found)
        monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 100)
        by_lines = check_source(MANIFEST, CATS, storage, max_files=max_files, previews=2)
        monkeypatch.setattr(check_module, "RELINES_MAX_OBJECTS", 0)
        whole = check_source(MANIFEST, CATS, storage, max_files=max_files, previews=2)
        same(by_lines, whole)
    assert {(8, "image_too_large"), (24, "image_too_large")} <= {(p.line, p.code) for p in by_lines.problems}
    manifest_bytes = storage.size(key("m.manifest")) or 0
    assert whole.stats.bytes_read - by_lines.stats.bytes_read == manifest_bytes  # read twice, or lines again
