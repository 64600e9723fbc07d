"""sources.storage: path resolution as the service does it, and a local storage that never leaves its root."""

import os
from pathlib import Path

import pytest

from sources.storage import (
    LocalStorage,
    PathError,
    StoredObject,
    obs_url,
    path_characters,
    resolve_hdfs_path,
    resolve_obs_path,
    storage_key,
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("s3://test-obs/daoLu_images/cat-dog/", ("obs", "test-obs/daoLu_images/cat-dog")),
        ("obs://test-obs/daoLu_images/cat-dog", ("obs", "test-obs/daoLu_images/cat-dog")),
        ("/test-obs/a/V002.manifest", ("obs", "test-obs/a/V002.manifest")),
        ("s3://bucket", ("obs", "bucket")),
    ],
)
def test_obs_paths_in_all_three_forms(path: str, expected: tuple[str, str]) -> None:
    assert resolve_obs_path(path) == expected


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("s3://test-obs//images/", "ModelArts.4315"),
        ("//test-obs/images/", "ModelArts.4315"),
        ("s3://test-obs/my images/", "ModelArts.4313"),
        ("s3://test-obs/图片/", "ModelArts.4313"),
        ("s3://test-obs/a?b", "ModelArts.4313"),
        ("s3://test-obs/../other/", "ModelArts.4313"),
        ("s3://test-obs/a/./b", "ModelArts.4313"),
        ("s3://test-obs/a\\b", "ModelArts.4313"),
        ("http://test-obs/a/", "ModelArts.4313"),
        ("test-obs/a/", "ModelArts.4313"),
        ("s3://", "ModelArts.4311"),
    ],
)
def test_obs_paths_the_service_refuses(path: str, code: str) -> None:
    with pytest.raises(PathError) as caught:
        resolve_obs_path(path)
    assert caught.value.code == code
    assert caught.value.message


def test_hdfs_paths() -> None:
    assert resolve_hdfs_path("hdfs://namenode:8020/user/demo/iris.csv") == ("hdfs", "user/demo/iris.csv")
    assert resolve_hdfs_path("/user/demo/") == ("hdfs", "user/demo")
    for bad in ("/user/../etc/passwd", "user/demo", "/user//demo", "/"):
        with pytest.raises(PathError):
            resolve_hdfs_path(bad)


def test_key_helpers() -> None:
    assert storage_key("s3://b1b/x/y.jpg") == "obs/b1b/x/y.jpg"
    assert obs_url("obs/b1b/x/y.jpg") == "obs://b1b/x/y.jpg"
    assert path_characters("a b/c?d é") == " ?é"
    assert path_characters("ok-name_1.jpg/x") == ""


def _tree(root: Path, files: dict[str, bytes]) -> LocalStorage:
    for key, data in files.items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return LocalStorage(root)


def test_list_is_recursive_and_in_sorted_key_order(tmp_path: Path) -> None:
    keys = ["obs/b/a-c", "obs/b/a/b", "obs/b/a0", "obs/b/a/a/z", "obs/b/A", "obs/b/a.txt", "obs/bb/x"]
    storage = _tree(tmp_path, {key: key.encode() for key in keys})
    listed = list(storage.list("obs/b/"))
    assert [o.key for o in listed] == sorted(k for k in keys if k.startswith("obs/b/"))
    assert listed[0] == StoredObject("obs/b/A", len(b"obs/b/A"))
    assert [o.key for o in storage.list("obs/b")] == sorted(keys)  # a plain prefix, as on S3
    assert [o.key for o in storage.list("obs/b/a/")] == ["obs/b/a/a/z", "obs/b/a/b"]
    assert [o.key for o in storage.list("obs/b/", limit=2)] == sorted(keys)[:2]
    assert list(storage.list("obs/missing/")) == []


def test_read_size_open_and_is_dir(tmp_path: Path) -> None:
    storage = _tree(tmp_path, {"obs/b/x/1.txt": b"hello world"})
    assert storage.read("obs/b/x/1.txt") == b"hello world"
    assert storage.read("obs/b/x/1.txt", max_bytes=5) == b"hello"
    with storage.open("obs/b/x/1.txt") as stream:
        assert stream.read(6) == b"hello "
    assert storage.size("obs/b/x/1.txt") == 11
    assert storage.size("obs/b/x") is None
    assert storage.size("obs/b/x/2.txt") is None
    assert storage.is_dir("obs/b/x") and storage.is_dir("obs/b/x/") and storage.is_dir("obs/b")
    assert not storage.is_dir("obs/b/x/1.txt")
    with pytest.raises(FileNotFoundError):
        storage.read("obs/b/x/2.txt")
    with pytest.raises(FileNotFoundError):
        storage.open("obs/b/x")


@pytest.mark.parametrize(
    "key", ["obs/../secret.txt", "../secret.txt", "/etc/passwd", "obs/b/../../secret.txt", "obs//b", "C:/x",
            "obs/b\\..\\..\\secret.txt", "obs/./b/x"],
)
def test_keys_that_leave_the_root_are_refused(tmp_path: Path, key: str) -> None:
    (tmp_path / "secret.txt").write_bytes(b"secret")
    storage = _tree(tmp_path / "root", {"obs/b/x": b"inside"})
    with pytest.raises(PathError):
        storage.read(key)
    with pytest.raises(PathError):
        storage.open(key)
    assert storage.size(key) is None
    assert not storage.is_dir(key)


def test_symlinks_out_of_the_root_are_neither_listed_nor_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"secret")
    storage = _tree(tmp_path / "root", {"obs/b/in/ok.jpg": b"ok"})
    root = tmp_path / "root"
    os.symlink(outside / "secret.jpg", root / "obs/b/in/link.jpg")
    os.symlink(outside, root / "obs/b/in/linked_dir")
    os.symlink(root / "obs/b/in/ok.jpg", root / "obs/b/in/inside_link.jpg")

    assert [o.key for o in storage.list("obs/b/")] == ["obs/b/in/inside_link.jpg", "obs/b/in/ok.jpg"]
    for key in ("obs/b/in/link.jpg", "obs/b/in/linked_dir/secret.jpg"):
        with pytest.raises(PathError):
            storage.read(key)
        assert storage.size(key) is None
    assert not storage.is_dir("obs/b/in/linked_dir")
    assert storage.read("obs/b/in/inside_link.jpg") == b"ok"


def test_root_given_through_a_symlink_still_works(tmp_path: Path) -> None:
    _tree(tmp_path / "real", {"obs/b/x.jpg": b"x"})
    os.symlink(tmp_path / "real", tmp_path / "alias")
    storage = LocalStorage(tmp_path / "alias")
    assert [o.key for o in storage.list("obs/")] == ["obs/b/x.jpg"]
    assert storage.read("obs/b/x.jpg") == b"x"


def test_exists_says_what_size_says_from_one_listing_per_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"secret")
    root = tmp_path / "root"
    _tree(root, {"obs/b/in/ok.jpg": b"ok", "obs/b/in/sub/deep.jpg": b"d", "obs/b/top.jpg": b"t",
                 "obs/b/in/back\\slash.jpg": b"b"})
    os.symlink(root / "obs/b/in/ok.jpg", root / "obs/b/in/inside_link.jpg")
    os.symlink(outside, root / "obs/b/in/outside_link.jpg")
    os.mkfifo(root / "obs/b/in/pipe")
    keys = ["obs/b/in/ok.jpg", "obs/b/in/sub", "obs/b/in/sub/deep.jpg", "obs/b/in/inside_link.jpg",
            "obs/b/in/outside_link.jpg", "obs/b/in/pipe", "obs/b/in/missing.jpg", "obs/b/in/back\\slash.jpg",
            "obs/b/in/ok.jpg/", "obs/b/in/./ok.jpg", "obs/b/in/../top.jpg", "obs/b/in//ok.jpg", "obs/b/top.jpg",
            "obs/b/none/x.jpg", "obs/b/top.jpg/x", "obs/b/in", "obs", "../outside.jpg", "/etc/passwd"]
    plain, snapshot = LocalStorage(root), LocalStorage(root, snapshot=True)
    expected = {key: plain.size(key) is not None for key in keys}
    assert {key for key, found in expected.items() if found} == {
        "obs/b/in/ok.jpg", "obs/b/in/sub/deep.jpg", "obs/b/in/inside_link.jpg", "obs/b/top.jpg", "obs/b/in/ok.jpg/"}
    assert {key: plain.exists(key) for key in keys} == expected
    assert {key: snapshot.exists(key) for key in keys} == expected
    assert snapshot.file_names("obs/b/in") == {"ok.jpg"}  # only regular files with plain names, no stat each
    assert plain.file_names("obs/b/in") is None
