"""The child process of list_helper: lists folders of the local storage by name, for the preflight.

    python -I -S list_child.py <limit> <real folder> <key prefix> [<real folder> <key prefix> ...]

Writes to its standard output, per folder, a header "<F or X> <files> <symlinks>" then that many keys
(prefix + name of a regular file, then of a symlink), each ended by NUL. "X" (no keys) stands for a
folder it could not list or with more than <limit> entries. It imports nothing but os and sys, so that
it starts quickly.
"""

import os
import sys


def _list(limit: int, real: bytes, prefix: bytes) -> tuple[bytes, list[bytes], list[bytes]]:
    others: list[os.DirEntry[bytes]] = []
    other = others.append  # (returns None: an entry that is not a regular file is kept aside)
    try:
        with os.scandir(real) as entries:
            files = [prefix + entry.name for entry in entries if entry.is_file(follow_symlinks=False) or other(entry)]
    except OSError:
        return b"X", [], []
    links = [prefix + entry.name for entry in others if entry.is_symlink()]
    if len(files) + len(links) > limit:
        return b"X", [], []
    if b"\\" in b"".join(files):  # a key with a backslash is refused by the storage: not an object
        files = [key for key in files if b"\\" not in key]
    return b"F", files, links


def main(arguments: list[str]) -> None:
    limit = int(arguments[0])
    out = sys.stdout.buffer
    for index in range(1, len(arguments), 2):
        status, files, links = _list(limit, os.fsencode(arguments[index]), os.fsencode(arguments[index + 1]))
        out.write(b"%s %d %d\0" % (status, len(files), len(links)))
        for keys in (files, links):
            if keys:
                out.write(b"\0".join(keys) + b"\0")
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
