"""LocalStorage.size_lookups: sizes of many objects looked up by a helper process give what `size(key)` gives."""

import os
from pathlib import Path

from sources.size_helper import HelperSizeLookups, SizeLookups
from sources.storage import LocalStorage, size_lookups


def _tree(root: Path, outside: Path) -> list[str]:
    """Objects of every kind `size` tells apart, and the keys to ask about them."""
    for key, data in {"obs/b/in/ok.jpg": b"ok", "obs/b/in/sub/deep.jpg": b"d", "obs/b/top.jpg": b"top",
                      "obs/b/in/back\\slash.jpg": b"b", "obs/b/in/.dot.jpg": b"dot"}.items():
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_bytes(data)
    with (root / "obs/b/in/big.jpg").open("wb") as out:
        out.truncate(5 * 1024 * 1024 + 1)
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"secret")
    os.symlink(root / "obs/b/in/ok.jpg", root / "obs/b/in/inside_link.jpg")
    os.symlink(outside / "secret.jpg", root / "obs/b/in/outside_link.jpg")
    os.symlink(outside, root / "obs/b/away")  # a folder that leads out of the root
    os.symlink(root / "obs/b/in", root / "obs/b/alias")  # one that stays inside
    os.mkfifo(root / "obs/b/in/pipe")
    return ["obs/b/in/ok.jpg", "obs/b/in/sub", "obs/b/in/sub/deep.jpg", "obs/b/in/inside_link.jpg",
            "obs/b/in/outside_link.jpg", "obs/b/in/pipe", "obs/b/in/missing.jpg", "obs/b/in/big.jpg",
            "obs/b/in/.dot.jpg", "obs/b/top.jpg", "obs/b/none/x.jpg", "obs/b/away/secret.jpg",
            "obs/b/alias/ok.jpg", "obs/b/top.jpg/x"]


def _folder(key: str) -> str:
    return key.rpartition("/")[0]


def test_the_helper_answers_what_size_answers(tmp_path: Path) -> None:
    root = tmp_path / "root"
    keys = _tree(root, tmp_path / "outside")
    storage = LocalStorage(root, snapshot=True, size_helper_from=1)
    expected = [LocalStorage(root).size(key) for key in keys]
    assert expected[keys.index("obs/b/in/big.jpg")] == 5 * 1024 * 1024 + 1
    assert expected[keys.index("obs/b/away/secret.jpg")] is None  # outside the root
    assert expected[keys.index("obs/b/in/inside_link.jpg")] == 2
    lookups = size_lookups(storage, expected=len(keys))
    assert isinstance(lookups, HelperSizeLookups)
    batches = [keys, keys[:1], keys[3:9], sorted(keys), [key for key in keys if key.startswith("obs/b/in/")]]
    try:
        for batch in batches:
            lookups.ask(batch, [_folder(key) for key in batch])
        assert lookups._process is not None  # the child was started and asked
        for batch in batches:
            assert lookups.answer() == [LocalStorage(root).size(key) for key in batch]
        assert not lookups._broken  # the child answered them all
    finally:
        process = lookups._process
        lookups.close()
    assert process is not None and process.returncode is not None  # closing ends the child


def test_the_child_answers_for_more_folders_than_it_keeps_open(tmp_path: Path) -> None:
    from sources import size_helper_child

    root = tmp_path / "root"
    keys = []
    for index in range(size_helper_child.OPEN_FOLDERS * 2 + 3):
        key = f"obs/b/f{index:03d}/x.jpg"
        (root / key).parent.mkdir(parents=True)
        (root / key).write_bytes(b"x" * index)
        keys.append(key)
    lookups = size_lookups(LocalStorage(root, snapshot=True, size_helper_from=1), expected=len(keys))
    try:
        for round_keys in (keys, keys[::-1]):  # the second time, folders closed to make room are opened again
            lookups.ask(round_keys, [_folder(key) for key in round_keys])
            assert lookups.answer() == [int(key[7:10]) for key in round_keys]
        assert isinstance(lookups, HelperSizeLookups) and not lookups._broken
    finally:
        lookups.close()


def test_keys_the_child_must_not_be_given_are_looked_up_here(tmp_path: Path) -> None:
    root = tmp_path / "root"
    keys = _tree(root, tmp_path / "outside")
    lookups = LocalStorage(root, snapshot=True, size_helper_from=0).size_lookups()
    odd = ["obs/b/in/back\\slash.jpg", "obs/b/in/../top.jpg", "obs/b/in/./ok.jpg", "obs/b/in/"]
    try:
        for key in odd:
            lookups.ask([key, "obs/b/in/ok.jpg"], [_folder(key), "obs/b/in"])
        lookups.ask(["obs/b/in/ok.jpg", "obs/b/top.jpg"], ["obs/b/in", "obs/b/in"])  # a folder that is not the key's
        lookups.ask(keys, [_folder(key) for key in keys])
        for key in odd:
            assert lookups.answer() == [LocalStorage(root).size(key), 2]
        assert lookups.answer() == [2, 3]
        assert lookups.answer() == [LocalStorage(root).size(key) for key in keys]
        assert not lookups._broken  # type: ignore[attr-defined]
    finally:
        lookups.close()


def test_answers_come_here_when_the_helper_dies(tmp_path: Path) -> None:
    root = tmp_path / "root"
    keys = _tree(root, tmp_path / "outside")
    expected = [LocalStorage(root).size(key) for key in keys]
    lookups = LocalStorage(root, snapshot=True, size_helper_from=1).size_lookups(expected=100)
    try:
        lookups.ask(keys, [_folder(key) for key in keys])
        assert lookups.answer() == expected
        lookups.ask(keys, [_folder(key) for key in keys])
        process = lookups._process
        assert process is not None
        process.kill()
        process.wait()
        lookups.ask(keys[:5], [_folder(key) for key in keys[:5]])
        assert lookups.answer() == expected  # (this one may have been answered before the kill: either way)
        assert lookups.answer() == expected[:5]
        assert lookups._broken  # type: ignore[attr-defined]
    finally:
        lookups.close()


def test_few_lookups_start_no_helper(tmp_path: Path) -> None:
    root = tmp_path / "root"
    keys = _tree(root, tmp_path / "outside")
    lookups = LocalStorage(root, snapshot=True, size_helper_from=len(keys) + 1).size_lookups()
    lookups.ask(keys, [_folder(key) for key in keys])
    assert lookups.answer() == [LocalStorage(root).size(key) for key in keys]
    assert lookups._process is None  # type: ignore[attr-defined]
    lookups.close()
    never = LocalStorage(root, snapshot=True, size_helper_from=None).size_lookups(expected=10**6)
    assert type(never) is SizeLookups
    assert type(LocalStorage(root).size_lookups(expected=10**6)) is SizeLookups  # only a snapshot (one import's view)


def test_a_storage_without_batches_is_asked_one_key_at_a_time(tmp_path: Path) -> None:
    class Sizes:  # a Storage's size() alone, as the preflight's wrapper gives
        def __init__(self) -> None:
            self.asked: list[str] = []

        def size(self, key: str) -> int | None:
            self.asked.append(key)
            return len(key) if key.endswith(".jpg") else None

    storage = Sizes()
    lookups = size_lookups(storage)  # type: ignore[arg-type]
    lookups.ask(["a/x.jpg", "a/y.txt"], ["a", "a"])
    assert lookups.ready()
    assert lookups.answer() == [7, None]
    assert storage.asked == ["a/x.jpg", "a/y.txt"]
