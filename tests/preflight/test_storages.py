"""The same report whichever way the source is read: the sandbox folder, the sandbox over HTTP, OBS (S3)."""

from __future__ import annotations

import dataclasses

import pytest

from models import ImportTaskRequest
from preflight import S3Storage, SandboxObjectsStorage, SourceUnreadable, check_source, obs_endpoint
from sandbox.demo import DEMO_DIR, IMPORTS
from sandbox.launcher import RunningSandbox
from sources.storage import LocalStorage, StoredObject
from tests.preflight.s3_server import KEYS, free_port
from tests.preflight.test_check import check_demo, demo_dataset

OBS_IMPORTS = [entry for entry in IMPORTS if entry["body"].get("import_path")]
IDS = [entry["name"] for entry in OBS_IMPORTS]


def comparable(report) -> dict:
    """Everything a report says about the source (not how it was read)."""
    fields = dataclasses.asdict(report)
    fields.pop("stats")
    fields.pop("read_from")
    return fields


@pytest.fixture(scope="module")
def folder_reports() -> dict[str, dict]:
    return {entry["name"]: comparable(check_demo(entry)) for entry in OBS_IMPORTS}


@pytest.fixture
def s3(s3_endpoint: str) -> S3Storage:
    return S3Storage.connect(s3_endpoint, KEYS["access_key"], KEYS["secret_key"], region="cn-north-4")


@pytest.mark.parametrize("entry", OBS_IMPORTS, ids=IDS)
def test_obs_through_s3_gives_the_same_report_as_the_sandbox_folder(entry, s3, folder_reports) -> None:
    report = check_demo(entry, s3)
    assert comparable(report) == folder_reports[entry["name"]]
    assert report.stats.objects_listed + report.stats.objects_opened > 0


@pytest.mark.parametrize("entry", OBS_IMPORTS, ids=IDS)
def test_a_sandbox_read_over_http_gives_the_same_report(entry, preflight_sandbox: RunningSandbox,
                                                        folder_reports) -> None:
    report = check_demo(entry, SandboxObjectsStorage(preflight_sandbox.url))
    assert comparable(report) == folder_reports[entry["name"]]


def test_s3_storage_lists_sorted_skips_folder_markers_and_reads_ranges(s3: S3Storage) -> None:
    listed = list(s3.list("obs/test-obs/daoLu_images/"))
    local = list(LocalStorage(DEMO_DIR).list("obs/test-obs/daoLu_images/"))
    assert listed == local and len(listed) == 7
    assert list(s3.list("obs/test-obs/daoLu_images/", limit=2)) == local[:2]
    key = "obs/test-obs/broken/pets.manifest"
    whole = (DEMO_DIR / key).read_bytes()
    assert s3.read(key) == whole and s3.read(key, 10) == whole[:10] and s3.read(key, 0) == b""
    with s3.open(key) as stream:
        assert stream.read(5) == whole[:5]
    assert s3.size(key) == len(whole) and s3.size("obs/test-obs/nope") is None
    assert s3.is_dir("obs/test-obs") and s3.is_dir("obs/test-obs/broken") and not s3.is_dir("obs/test-obs/nope")
    assert not s3.is_dir("obs/no-such-bucket") and s3.size("hdfs/user/demo/iris.csv") is None
    with pytest.raises(FileNotFoundError):
        s3.read("obs/test-obs/nope")
    assert "preflight-test-sk" not in repr(s3)


def test_keys_the_server_does_not_know_are_a_clean_failure(locked_s3_endpoint: str) -> None:
    storage = S3Storage.connect(locked_s3_endpoint, "AKIAUNKNOWNKEY000000", "not-the-secret")
    with pytest.raises(SourceUnreadable) as caught:
        list(storage.list("obs/test-obs/"))
    assert "InvalidAccessKeyId" in str(caught.value) and "not-the-secret" not in str(caught.value)
    report = check_demo(OBS_IMPORTS[0], storage)
    assert report.failure and "HTTP 403" in str(report.failure) and report.expectation is None


def test_an_unreachable_endpoint_is_a_clean_failure() -> None:
    storage = S3Storage.connect(f"http://127.0.0.1:{free_port()}", "ak", "sk", timeout=2, max_attempts=1)
    report = check_demo(OBS_IMPORTS[0], storage)
    assert report.failure and "could not be reached" in str(report.failure)


def test_the_objects_api_serves_only_the_object_folders(preflight_sandbox: RunningSandbox) -> None:
    storage = SandboxObjectsStorage(preflight_sandbox.url)
    manifest = "obs/test-obs/broken/pets.manifest"
    assert storage.size(manifest) == (DEMO_DIR / manifest).stat().st_size
    with pytest.raises(FileNotFoundError):
        storage.read("obs/test-obs/nope")
    for refused in ("sandbox.sqlite3", "obs/../sandbox.sqlite3"):
        with pytest.raises(SourceUnreadable):
            storage.read(refused)
    assert list(storage.list("obs/test-obs/sound/", limit=1)) == [
        StoredObject("obs/test-obs/sound/animals/cat/meow_01.wav",
                     (DEMO_DIR / "obs/test-obs/sound/animals/cat/meow_01.wav").stat().st_size)
    ]


def test_a_server_without_the_objects_api_is_a_clean_failure(s3_endpoint: str) -> None:
    report = check_demo(OBS_IMPORTS[0], SandboxObjectsStorage(s3_endpoint))
    assert report.failure and "IMPORT_COMPOSER_SANDBOX_URL" in str(report.failure)


def test_hdfs_sources_cannot_be_found_on_obs(s3: S3Storage) -> None:
    hdfs = next(entry for entry in IMPORTS if not entry["body"].get("import_path"))
    report = check_source(ImportTaskRequest.model_validate(hdfs["body"]), demo_dataset(hdfs["dataset"]), s3)
    assert report.failure_code == "ModelArts.4345"


@pytest.mark.parametrize(("endpoint", "region", "override", "expected"), [
    ("https://modelarts.cn-north-4.myhuaweicloud.com", "cn-north-4", None, "https://obs.cn-north-4.myhuaweicloud.com"),
    ("https://modelarts.ap-southeast-1.myhuaweicloud.cn", None, None, "https://obs.ap-southeast-1.myhuaweicloud.cn"),
    ("https://modelarts.eu-de.otc.t-systems.com", None, "", "https://obs.eu-de.otc.t-systems.com"),
    ("https://gateway.example.com", "cn-east-3", None, "https://obs.cn-east-3.myhuaweicloud.com"),
    ("https://gateway.example.com", None, None, None),
    (None, "cn-north-4", "http://127.0.0.1:9000/", "http://127.0.0.1:9000"),
])
def test_the_obs_endpoint_next_to_a_modelarts_endpoint(endpoint, region, override, expected) -> None:
    assert obs_endpoint(endpoint, region, override) == expected



def test_on_s3_the_folders_a_manifest_names_are_listed_ahead_once_each(s3) -> None:
    from preflight.reading import ReadingStorage

    reading = ReadingStorage(s3)
    folder = "obs/test-obs/daoLu_images/cat-dog/cat"
    assert reading.list_ahead([folder, folder, "obs/test-obs/broken/images"]) == 2
    assert reading.list_ahead([folder]) == 0  # already on its way: not listed twice
    name = next(obj.key for obj in s3.list(folder + "/") if obj.key.endswith(".jpg"))
    assert reading.size(name) == s3.size(name)  # answered by the listing made ahead
    assert reading.size(folder + "/no-such-image.jpg") is None
    assert reading.stats.size_lookups == 0 and reading.stats.folder_listings == 1  # the other is still pending
    reading.listing(folder + "/")  # collects every listing made ahead
    assert reading.stats.folder_listings == 2
