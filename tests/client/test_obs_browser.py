"""The OBS browser's listings and uploads, against moto's S3 server and against the sandbox, both on loopback."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from client.obs import MULTIPART_FROM, ObsBrowser, ObsError, S3Browser, SandboxBrowser, s3_client
from sandbox.launcher import RunningSandbox, start_sandbox
from tests.preflight.s3_server import KEYS, demo_s3, start_moto, stop


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with start_sandbox(tmp_path_factory.mktemp("obs-browser"), port=0) as running:
        yield running


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    with demo_s3() as url:
        yield url


def s3_browser(url: str, **keys: str) -> S3Browser:
    keys = keys or KEYS
    return S3Browser(s3_client(url, keys["access_key"], keys["secret_key"]), url)


@pytest.fixture(params=["s3", "sandbox"])
def browser(request: pytest.FixtureRequest) -> ObsBrowser:
    if request.param == "s3":
        return s3_browser(request.getfixturevalue("s3_url"))
    return SandboxBrowser(request.getfixturevalue("sandbox").url)


def test_buckets_then_folders_one_level_at_a_time(browser: ObsBrowser) -> None:
    assert "test-obs" in browser.buckets()
    top = browser.folder("test-obs", "")
    assert "daoLu_images/" in top.folders and "classify/" in top.folders
    assert top.files == []
    level = browser.folder("test-obs", "daoLu_images/cat-dog")  # a missing slash is added
    assert level.prefix == "daoLu_images/cat-dog/"
    assert level.folders == ["daoLu_images/cat-dog/cat/", "daoLu_images/cat-dog/dog/"]
    cats = browser.folder("test-obs", "daoLu_images/cat-dog/cat/")
    assert [key for key, _ in cats.files] == [f"daoLu_images/cat-dog/cat/cat_0{n}.jpg" for n in range(1, 5)]
    assert all(size > 0 for _, size in cats.files)
    manifest = browser.folder("test-obs", "classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/")
    assert [key.rsplit("/", 1)[-1] for key, _ in manifest.files] == ["V002.manifest"]


def test_a_folder_marker_object_is_not_shown_as_a_file(s3_url: str) -> None:
    top = s3_browser(s3_url).folder("test-obs", "daoLu_images/")
    assert top.files == []  # moto holds the "daoLu_images/" marker the OBS console makes
    assert top.folders == ["daoLu_images/cat-dog/"]


def test_pages_follow_each_other(browser: ObsBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("client.obs.PAGE_SIZE", 5)
    seen: list[str] = []
    marker = None
    while True:
        page = browser.folder("test-obs", "classify/images/", marker)
        seen += [key for key, _ in page.files]
        marker = page.next_marker
        if marker is None:
            break
    assert seen == [f"classify/images/img_{n:02d}.jpg" for n in range(1, 16)]


def test_upload_small_and_multipart_then_list(browser: ObsBrowser) -> None:
    small = b"hello"
    large = bytes(range(256)) * ((MULTIPART_FROM + 3 * 1024 * 1024) // 256)  # more than one part
    told: list[int] = []
    browser.upload("test-obs", "uploads/small.txt", io.BytesIO(small), len(small))
    browser.upload("test-obs", "uploads/large.bin", io.BytesIO(large), len(large), told.append)
    assert told[-1] == len(large) and len(told) >= 2  # progress per part
    files = dict(browser.folder("test-obs", "uploads/").files)
    assert files == {"uploads/large.bin": len(large), "uploads/small.txt": len(small)}


def test_sandbox_upload_lands_in_the_data_root(sandbox: RunningSandbox) -> None:
    SandboxBrowser(sandbox.url).upload("my-bucket", "pets/cat.jpg", io.BytesIO(b"jpeg"), 4)
    assert (sandbox.data_root / "obs" / "my-bucket" / "pets" / "cat.jpg").read_bytes() == b"jpeg"
    assert "my-bucket" in SandboxBrowser(sandbox.url).buckets()


def test_sandbox_refuses_keys_leaving_its_folder(sandbox: RunningSandbox) -> None:
    with pytest.raises(ObsError, match="refused"):
        SandboxBrowser(sandbox.url).upload("b", "../escape.txt", io.BytesIO(b"x"), 1)
    assert not (sandbox.data_root / "obs" / "escape.txt").exists()


def test_wrong_keys_say_so() -> None:
    process, url = start_moto({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    try:
        with pytest.raises(ObsError, match=r"access keys|permission"):
            s3_browser(url, access_key="nobody", secret_key="nothing").buckets()
    finally:
        stop(process)


def test_an_unreachable_sandbox_says_so() -> None:
    with pytest.raises(ObsError, match="could not be reached"):
        SandboxBrowser("http://127.0.0.1:9", timeout=2).buckets()
