"""The helper process of `sources.size_helper`: one lstat per name, for batches of names in folders.

Run as `python -I -S size_helper_child.py`; it imports a few standard modules only (no package of its own),
so that it starts fast. See sources/size_helper.py for the frames it reads and writes.
"""

import os
import stat
import sys
from array import array
from contextlib import suppress
from functools import partial
from operator import attrgetter

MISSING, ASK = -1, -2  # answered for: nothing (or not a regular file) there; a symlink, for the parent to resolve
LENGTH_BYTES = 8  # a frame's length, before its body
OPEN_FOLDERS = 64  # folder descriptors kept open for the next batches
READ_BYTES = 64 * 1024  # read from a pipe at a time (os.read allocates this much for each call)
_mode, _size = attrgetter("st_mode"), attrgetter("st_size")


def _serve(requests: int, answers: int) -> None:
    """The child: answer each request frame read from `requests` with a frame of sizes on `answers`."""
    folders: dict[bytes, int] = {}
    while True:
        header = _read_exactly(requests, LENGTH_BYTES)
        if header is None:
            return
        body = _read_exactly(requests, int.from_bytes(header, "little"))
        if body is None:
            return
        sizes = array("q")
        for run in body.split(b"\0\0"):
            if not run:
                continue
            real, cut, *keys = run.split(b"\0")
            start = int(cut)
            names = [key[start:] for key in keys]
            fd = folders.get(real)
            if fd is None:
                if len(folders) >= OPEN_FOLDERS:  # many folders: not one descriptor held for each
                    for held in folders.values():
                        if held >= 0:
                            os.close(held)
                    folders.clear()
                try:
                    fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY)
                except OSError:
                    fd = -1
                folders[real] = fd
            sizes.extend(_sizes(fd, names) if fd >= 0 else [ASK] * len(names))
        data = sizes.tobytes()
        _write_all(answers, len(data).to_bytes(LENGTH_BYTES, "little") + data)


def _sizes(fd: int, names: list[bytes]) -> list[int]:
    """One lstat per name in the folder open as `fd`: the size of a regular file, ASK for a symlink, else
    MISSING. The lstats run in C-level loops (map), leaving one only for a name that fails."""
    found: list[os.stat_result | None] = []
    remaining = iter(names)
    lstat_in = partial(os.lstat, dir_fd=fd)
    while True:
        try:
            found.extend(map(lstat_in, remaining))  # (on an error, what came before it is in `found`)
            break
        except OSError:
            found.append(None)
    if None not in found:
        modes = list(map(_mode, found))
        if all(map(stat.S_ISREG, modes)):  # the usual folder of images
            return list(map(_size, found))
    return [MISSING if status is None else status.st_size if stat.S_ISREG(status.st_mode)
            else ASK if stat.S_ISLNK(status.st_mode) else MISSING for status in found]


def _read_exactly(fd: int, count: int) -> bytes | None:
    chunks: list[bytes] = []
    while count > 0:
        chunk = os.read(fd, min(count, READ_BYTES))
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


if __name__ == "__main__":
    with suppress(BrokenPipeError, KeyboardInterrupt):
        _serve(sys.stdin.fileno(), sys.stdout.fileno())
