"""Some lines of a manifest read again, by themselves: for the preflight to correct what it counted when the
objects those lines name turn out, after the reading, to be missing or too large.

A manifest's lines are read independently of each other, so the lines that name given objects, put into
a manifest of their own (`lines_naming`, `LinesOnly`), read exactly as they did in the whole file; the
problems found are given their line numbers in the whole file back (`renumbered`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from sources.layouts import SourceProblem
from sources.storage import Storage, StoredObject


def lines_naming(data: bytes, names: set[bytes]) -> list[tuple[int, bytes]] | None:
    """(line number, line) of every line of `data` in which one of `names` occurs, in order; None when the
    manifest has a backslash (a JSON escape could spell a name otherwise)."""
    if b"\\" in data:
        return None
    starts: set[int] = set()
    for name in names:
        at = data.find(name)
        while at >= 0:
            starts.add(data.rfind(b"\n", 0, at) + 1)
            at = data.find(name, at + len(name))
    lines: list[tuple[int, bytes]] = []
    line_no, counted_to = 1, 0
    for start in sorted(starts):
        line_no += data.count(b"\n", counted_to, start)
        counted_to = start
        end = data.find(b"\n", start)
        lines.append((line_no, data[start : end if end >= 0 else len(data)]))
    return lines


def renumbered(problem: SourceProblem, manifest: str, line_numbers: list[int]) -> SourceProblem:
    """A problem found in the lines by themselves, with its line number in the whole manifest."""
    if problem.file != manifest or problem.line is None or not 0 < problem.line <= len(line_numbers):
        return problem
    return replace(problem, line=line_numbers[problem.line - 1])


class LinesOnly:
    """`inner` with the manifest at `manifest` holding only `lines`; `sizes` answers for the keys in it (the
    sizes known: None for an object that is missing)."""

    def __init__(self, inner: Storage, manifest: str, lines: list[bytes], sizes: dict[str, int | None]) -> None:
        self._inner, self._manifest, self._sizes = inner, manifest, sizes
        self._data = b"\n".join(lines) + b"\n" if lines else b""

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        return self._inner.list(prefix, limit)

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        if key == self._manifest:
            return self._data if max_bytes is None else self._data[:max_bytes]
        return self._inner.read(key, max_bytes)

    def open(self, key: str) -> BinaryIO:
        return io.BytesIO(self._data) if key == self._manifest else self._inner.open(key)

    def size(self, key: str) -> int | None:
        if key in self._sizes:
            return self._sizes[key]
        return self._inner.size(key)  # (the manifest's: its whole size, as the service judges it by)

    def exists(self, key: str) -> bool:
        if key in self._sizes:
            return self._sizes[key] is not None
        exists = getattr(self._inner, "exists", None)
        return exists(key) if callable(exists) else self._inner.size(key) is not None

    def is_dir(self, key: str) -> bool:
        return self._inner.is_dir(key)
