"""How a manifest's objects are looked up: every line read, existence through folder listings (names only on the
local folder), sizes for a bounded sample, bounds for huge folders, and a report that says which was which."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import boto3
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from models import ImportTaskRequest, ImportTaskStatus
from preflight import Expectation, ReadingStorage, S3Storage, check_source, compare
from preflight import check as check_module
from preflight.check import _count, _Tally
from preflight.previews import pick
from sources.layouts import SampleAnnotation, SourceProblem, SourceSample, plan_import
from sources.storage import LocalStorage, StoredObject
from tests.preflight.s3_server import KEYS
from tests.preflight.support import dataset, jpeg, key, make, manifest_line, request, sparse, url

MB = 1024 * 1024
MANIFEST = request("m.manifest", import_type="manifest")


def found(report) -> set[tuple[int | None, str]]:
    return {(p.line, p.code) for p in report.problems}


def numbered_images(count: int, missing: tuple[int, ...] = (), broken: tuple[int, ...] = ()) -> dict[str, bytes | str]:
    """img/000.jpg ... and a manifest naming each on its own line (line n names image n-1)."""
    files: dict[str, bytes | str] = {f"img/{i:03d}.jpg": jpeg() for i in range(count) if i + 1 not in missing}
    lines = [manifest_line(url(f"img/{i:03d}.jpg"), "cat") for i in range(count)]
    for line in broken:
        lines[line - 1] = lines[line - 1][:-1]  # cut short: not JSON
    files["m.manifest"] = "\n".join(lines) + "\n"
    return files


def test_every_line_is_read_and_every_object_checked_whatever_the_bound(tmp_path: Path) -> None:
    storage = make(tmp_path, numbered_images(60, missing=(60,), broken=(30,)))
    report = check_source(MANIFEST, dataset(0, ("cat",)), storage, max_files=10, previews=0)
    assert not report.sampled and report.samples_found == 58
    assert found(report) == {(30, "manifest_json"), (60, "manifest_missing_object")}
    stats = report.stats
    assert (stats.folder_listings, stats.names_listed, stats.size_lookups, stats.unchecked) == (1, 59, 0, 0)
    assert (stats.sizes_sampled, stats.sizes_skipped) == (10, 48)
    text = str(report.how_much_read())
    assert "Every file and line of the source was checked." in text
    assert "Every object the source names was checked to exist through 1 folder listing(s) (59 names)." in text
    assert "were looked up for 10 of the 58 objects named, a sample spread evenly across the source, so 48 were " \
           "not size-checked (checking everything looks up every size)." in text
    assert report.expectation == Expectation(58, 58, 58, sampled=False, unsized=48)


def test_sizes_are_looked_up_for_a_spread_of_the_objects_named_on_the_local_folder(tmp_path: Path) -> None:
    storage = make(tmp_path, numbered_images(20))
    for line in (4, 15):
        sparse(tmp_path, f"img/{line - 1:03d}.jpg", 6 * MB)
    sampled = check_source(MANIFEST, dataset(0, ("cat",)), storage, max_files=5, previews=0)
    # the sizes of lines 4, 8, 12, 16 and 20 are looked up: line 15's image was not size-checked
    assert found(sampled) == {(4, "image_too_large")}
    assert sampled.samples_found == 19 and sampled.kept == 19 and sampled.expectation.unsized == 15
    assert (sampled.stats.sizes_sampled, sampled.stats.sizes_skipped, sampled.stats.unchecked) == (5, 15, 0)
    assert "looked up for 5 of the 20 objects named, a sample spread evenly" in str(sampled.how_much_read())
    whole = check_source(MANIFEST, dataset(0, ("cat",)), storage, max_files=None, previews=0)
    assert found(whole) == {(4, "image_too_large"), (15, "image_too_large")}
    assert whole.samples_found == 18 and whole.expectation.unsized == 0
    assert "Every size was checked too" in str(whole.how_much_read())
    assert "not size-checked" not in str(whole.how_much_read())


def test_a_source_no_larger_than_the_sample_has_every_size_checked(tmp_path: Path) -> None:
    storage = make(tmp_path, numbered_images(20, missing=(7,)))
    sparse(tmp_path, "img/012.jpg", 6 * MB)
    report = check_source(MANIFEST, dataset(0, ("cat",)), storage, max_files=20, previews=0)
    assert found(report) == {(7, "manifest_missing_object"), (13, "image_too_large")}
    assert report.samples_found == 18 and report.expectation.unsized == 0
    assert (report.stats.sizes_sampled, report.stats.sizes_skipped) == (19, 0)
    assert "Every size was checked too" in str(report.how_much_read())


def test_an_object_named_on_two_lines_is_not_counted_as_unchecked_when_every_size_was_looked_up(
        tmp_path: Path) -> None:
    files = numbered_images(4)
    files["m.manifest"] += manifest_line(url("img/001.jpg"), "cat") + "\n"  # line 5 names line 2's image again
    report = check_source(MANIFEST, dataset(0, ("cat",)), make(tmp_path, files), previews=0)
    assert report.samples_found == 5 and not report.problems
    assert (report.stats.sizes_sampled, report.stats.sizes_skipped) == (5, 0)
    assert report.expectation.unsized == 0
    assert "Every size was checked too" in str(report.how_much_read())


def test_the_size_sample_is_spread_evenly_across_the_samples() -> None:
    for count, target in ((1_000, 10), (100_000, 1_000), (7, 10), (31, 4)):
        tally = _Tally(keep=1, size_sample=target)
        tally.read([_sample(i) for i in range(count)], lambda *event: None)
        keys = tally.size_sample_keys()
        assert len(keys) == min(count, target) == len(set(keys))
        indexes = [int(key.split("/")[-1].split(".")[0]) for key in keys]
        assert indexes == sorted(indexes)
        gaps = [after - before for before, after in zip([-1, *indexes], [*indexes, count], strict=True)]
        assert max(gaps) <= 2 * count / min(count, target) + 1, (count, target, gaps)


@pytest.fixture
def sizes_bucket(s3_endpoint: str, tmp_path: Path) -> Iterator[S3Storage]:
    """The source of the test above in an S3 bucket of its own (same keys below bucket "bkt")."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"])
    client.create_bucket(Bucket="bkt")
    files = numbered_images(20)
    for line in (3, 15):
        files[f"img/{line - 1:03d}.jpg"] = b"\xff\xd8" + bytes(6 * MB)
    for name, content in files.items():
        client.put_object(Bucket="bkt", Key=name, Body=content.encode() if isinstance(content, str) else content)
    try:
        yield S3Storage.connect(s3_endpoint, KEYS["access_key"], KEYS["secret_key"])
    finally:
        for name in files:
            client.delete_object(Bucket="bkt", Key=name)
        client.delete_bucket(Bucket="bkt")


def test_on_s3_every_size_comes_with_the_listing(sizes_bucket: S3Storage) -> None:
    report = check_source(MANIFEST, dataset(0, ("cat",)), sizes_bucket, max_files=5, previews=0)
    assert found(report) == {(3, "image_too_large"), (15, "image_too_large")}
    assert report.samples_found == 18 and report.expectation.unsized == 0
    assert (report.stats.size_lookups, report.stats.sizes_skipped) == (0, 0)
    assert "Every size was checked too" in str(report.how_much_read())


def test_a_folder_longer_than_the_bound_is_listed_in_part_and_the_report_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_module, "FOLDER_LIMIT", 8)
    monkeypatch.setattr(check_module, "FULL_FOLDER_LIMIT", 8)
    storage = make(tmp_path, numbered_images(20, missing=(18,)))
    report = check_source(MANIFEST, dataset(0, ("cat",)), storage, max_files=5, previews=0)
    stats = report.stats
    assert stats.listings_cut == [(key("img/"), 8)]
    # lines 1-8: listed by name; 9-13 beyond the listing, looked up one by one (the 5 lookups allowed); 14-20
    # not checked; sizes looked up for lines 4, 8, 12, 16 and 20 (a sample of 5 of the 20 objects named)
    assert (stats.sizes_sampled, stats.sizes_skipped, stats.size_lookups, stats.unchecked) == (5, 15, 5, 7)
    assert report.samples_found == 20  # line 18's missing image is beyond the listing and was not checked
    text = str(report.how_much_read())
    assert "The listing of obs://bkt/img/ stopped at 8 objects; the folder holds more." in text
    assert "except 7: no listing covered them, and lookups one by one stop at 5." in text


class _Remote:
    """A storage that is not the local folder (as S3 or the sandbox's HTTP API): listings carry sizes."""

    def __init__(self, inner: LocalStorage) -> None:
        self.inner = inner
        self.sizes_asked: list[str] = []

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        return self.inner.list(prefix, limit)

    def size(self, key: str) -> int | None:
        self.sizes_asked.append(key)
        return self.inner.size(key)

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        return self.inner.read(key, max_bytes)

    def open(self, key: str) -> BinaryIO:
        return self.inner.open(key)

    def is_dir(self, key: str) -> bool:
        return self.inner.is_dir(key)


def test_keys_beyond_a_cut_listing_are_looked_up_one_by_one_up_to_the_bound(tmp_path: Path) -> None:
    remote = _Remote(make(tmp_path, {f"f/{i:03d}.jpg": b"x" * i for i in range(20)}))
    reading = ReadingStorage(remote, folder_limit=8, max_lookups=5)  # type: ignore[arg-type]
    sizes = [reading.size(key(f"f/{i:03d}.jpg")) for i in range(20)]
    assert sizes[:13] == list(range(13)) and sizes[13:] == [0] * 7  # 0: not checked, assumed present
    assert remote.sizes_asked == [key(f"f/{i:03d}.jpg") for i in range(8, 13)]
    assert reading.size(key("f/000.5.jpg")) is None  # before the listing's last key: surely missing
    stats = reading.stats
    assert (stats.folder_listings, stats.size_lookups, stats.unchecked, stats.sizes_skipped) == (1, 5, 7, 0)


def test_the_names_listing_answers_exactly_as_the_local_storage_would(tmp_path: Path) -> None:
    storage = make(tmp_path, {"f/file.jpg": b"abc", "f/d.jpg/inner.jpg": b"x", "outside.jpg": b"y"})
    folder = tmp_path / "obs" / "bkt" / "f"
    (folder / "inside_link.jpg").symlink_to(folder / "file.jpg")
    (folder / "outside_link.jpg").symlink_to(tmp_path.parent)  # leads out of the storage root
    (folder / "dangling.jpg").symlink_to(folder / "nothing.jpg")
    os.mkfifo(folder / "fifo.jpg")
    names = ["file.jpg", "d.jpg", "inside_link.jpg", "outside_link.jpg", "dangling.jpg", "fifo.jpg", "none.jpg"]
    expected = {name: storage.size(key(f"f/{name}")) for name in names}
    assert expected["file.jpg"] == expected["inside_link.jpg"] == 3
    sized = ReadingStorage(storage, max_lookups=100)
    assert {name: sized.size(key(f"f/{name}")) for name in names} == expected
    by_name = ReadingStorage(storage, max_lookups=0)
    exists = {name: by_name.size(key(f"f/{name}")) is not None for name in names}
    assert exists == {name: size is not None for name, size in expected.items()}
    assert by_name.stats.folder_listings == 1 and by_name.stats.sizes_skipped == 1  # file.jpg, without a stat


def _sample(index: int, kind: str = "image", labels: tuple[str, ...] = (), box: bool = False) -> SourceSample:
    annotations = [SampleAnnotation(name, box=(1.0, 1.0, 2.0, 2.0) if box else None) for name in labels]
    return SourceSample(f"k{index}", f"obs/b/{index}.jpg", kind, annotations)


def test_the_streamed_tally_picks_the_previews_pick_would_among_all_samples() -> None:
    samples = [_sample(i) for i in range(30)]
    samples += [_sample(30 + i, labels=("cat",)) for i in range(10)]
    samples += [_sample(40 + i, kind="text", labels=("dog",), box=True) for i in range(5)]
    samples += [_sample(45 + i, labels=("cat", "dog"), box=i % 2 == 0) for i in range(6)]
    samples += [_sample(51 + i, labels=("bird",), box=True) for i in range(12)]
    problem = SourceProblem("obs/b/m.manifest", 3, "manifest_json", "not JSON")
    tally = _Tally(keep=8)
    tally.read([*samples[:20], problem, *samples[20:]], lambda *event: None)
    assert tally.problems == [problem]
    assert tally.previews() == pick(samples, 8)
    assert tally.by_kind() == {"image": 58, "text": 5} and tally.unlabeled() == 30
    assert sum(count for _, count in tally.representatives()) == len(samples)


NAMES = ("cat", "Cat", "dog", "bird")
annotations = st.lists(st.builds(SampleAnnotation, st.sampled_from(NAMES), st.booleans(),
                                 st.none() | st.just((1.0, 1.0, 2.0, 2.0))), max_size=3)
sources = st.lists(st.builds(SourceSample, st.just("k"), st.just("obs/b/x.jpg"), st.sampled_from(["image", "text"]),
                             annotations, st.booleans()), max_size=40)
label_lists = st.none() | st.lists(st.sampled_from(NAMES), max_size=2, unique=True).map(
    lambda names: [{"name": name} for name in names])
requests = st.fixed_dictionaries({}, optional={
    "included_labels": label_lists, "excluded_labels": label_lists, "difficult_only": st.booleans(),
    "import_annotations": st.booleans(), "import_samples": st.booleans(),
})


@settings(max_examples=150, deadline=None)
@given(samples=sources, fields=requests)
def test_counts_planned_per_group_are_plan_imports_over_every_sample(samples: list[SourceSample], fields: dict) -> None:
    try:
        request = ImportTaskRequest.model_validate({"import_path": "s3://bkt/x/", **fields})
    except ValidationError:  # e.g. a label both included and excluded
        assume(False)
    tally = _Tally(keep=1)
    tally.read(samples, lambda *event: None)
    counted = _count(tally.representatives(), request)
    plan = plan_import(samples, request)
    assert (counted.total, counted.found_annotated, counted.imported, counted.annotated) == (
        plan.total, plan.found_annotated, plan.imported, plan.annotated)
    assert counted.found_label_counts == plan.found_label_counts and counted.label_counts == plan.label_counts
    assert counted.skipped == plan.skipped and list(counted.skipped) == list(plan.skipped)
    assert counted.annotations_only == plan.annotations_only


def test_a_shortfall_says_how_many_image_sizes_were_not_checked() -> None:
    status = ImportTaskStatus.model_validate({"task_id": "t", "status": "COMPLETED", "imported_sample_count": 90,
                                              "annotated_sample_count": 90, "total_sample_count": 100})
    short = compare(Expectation(100, 100, 100, unsized=99_000), status)
    assert short is not None and "did not look up the sizes of 99,000 image(s)" in str(short.message)
    plain = compare(Expectation(100, 100, 100), status)
    assert plain is not None and "did not look up" not in str(plain.message)
