"""A Storage wrapper for the preflight: counts what was read, and answers repeated questions from one listing.

On OBS every `size()` is a HEAD request; a manifest of thousands of lines would make thousands of them.
Instead the folder of each looked-up object is listed once (a list call returns a thousand keys) up to a
bound, and sizes are answered from that listing; keys beyond a truncated listing fall back to `size()`.
Listings are sorted, so "not in the listing and before its last key" means "does not exist".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from sandbox.storage import Storage, StoredObject


@dataclass
class ReadStats:
    objects_listed: int = 0  # objects returned by listings (the import root's and the folders looked up)
    list_calls: int = 0
    objects_opened: int = 0  # files whose content was read (manifests, XML, text, CSV, previews)
    bytes_read: int = 0
    size_lookups: int = 0  # size questions that went to the storage (not answered from a listing)


@dataclass
class _Listing:
    keys: list[str]
    sizes: dict[str, int]
    complete: bool

    def answers(self, key: str) -> bool:
        return self.complete or (bool(self.keys) and key <= self.keys[-1])


@dataclass
class ReadingStorage:
    """Wraps any Storage; `prime(prefix, limit)` lists the import root once for everything after it."""

    inner: Storage
    folder_limit: int = 10_000  # objects listed per looked-up folder
    cache_limit: int = 200_000  # objects kept in all listings together
    max_listings: int = 256  # folders listed; beyond that sizes are asked one by one
    stats: ReadStats = field(default_factory=ReadStats)
    _listings: dict[str, _Listing] = field(default_factory=dict)
    _known: dict[str, int | None] = field(default_factory=dict)
    _cached: int = 0

    def prime(self, prefix: str, limit: int) -> _Listing:
        """List up to `limit` objects below `prefix` (a folder key ending in '/'), and keep them."""
        return self._list_into_cache(prefix, limit)

    def remember(self, key: str, size: int | None) -> None:
        """A size already asked for (e.g. the import root's), so it is not asked again."""
        self._known[key] = size

    def listing(self, prefix: str) -> _Listing | None:
        return self._listings.get(prefix)

    # Storage protocol

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        cached = self._listings.get(prefix)
        if cached is not None and (cached.complete or (limit is not None and limit <= len(cached.keys))):
            for key in cached.keys[:limit] if limit is not None else cached.keys:
                yield StoredObject(key, cached.sizes[key])
            return
        self.stats.list_calls += 1
        for obj in self.inner.list(prefix, limit=limit):
            self.stats.objects_listed += 1
            yield obj

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        data = self.inner.read(key, max_bytes)
        self.stats.objects_opened += 1
        self.stats.bytes_read += len(data)
        return data

    def open(self, key: str) -> BinaryIO:
        stream = self.inner.open(key)
        self.stats.objects_opened += 1
        return _CountingStream(stream, self.stats)  # type: ignore[return-value]

    def size(self, key: str) -> int | None:
        if key in self._known:
            return self._known[key]
        own = self._listings.get(key[: key.rfind("/") + 1])  # the listing of the key's own folder, if made
        if own is not None and own.answers(key):
            return own.sizes.get(key)
        for prefix, listing in self._listings.items():
            if key.startswith(prefix) and listing.answers(key):
                return listing.sizes.get(key)
        folder = key.rpartition("/")[0] + "/"
        if folder not in self._listings and self._worth_listing(folder):
            listing = self._list_into_cache(folder, self.folder_limit)
            if listing.answers(key):
                return listing.sizes.get(key)
        self.stats.size_lookups += 1
        return self.inner.size(key)

    def is_dir(self, key: str) -> bool:
        prefix = key.rstrip("/") + "/"
        for cached_prefix, listing in self._listings.items():
            if cached_prefix.startswith(prefix) and listing.keys:
                return True
            if cached_prefix == prefix and listing.complete:
                return False
        return self.inner.is_dir(key)

    def _worth_listing(self, folder: str) -> bool:
        """A folder "obs/<bucket>/<dir>/" or deeper, not above a listing already made, while there is room."""
        if folder.count("/") < 3 or self._cached >= self.cache_limit or len(self._listings) >= self.max_listings:
            return False
        return not any(prefix.startswith(folder) for prefix in self._listings)

    def _list_into_cache(self, prefix: str, limit: int) -> _Listing:
        keys: list[str] = []
        sizes: dict[str, int] = {}
        complete = True
        self.stats.list_calls += 1
        for obj in self.inner.list(prefix, limit=limit + 1):
            if len(keys) >= limit:
                complete = False
                break
            keys.append(obj.key)
            sizes[obj.key] = obj.size
        self.stats.objects_listed += len(keys)
        if not _is_sorted(keys):
            keys.sort()
        listing = _Listing(keys, sizes, complete)
        self._listings[prefix] = listing
        self._cached += len(keys)
        return listing


class _CountingStream:
    def __init__(self, stream: BinaryIO, stats: ReadStats) -> None:
        self._stream = stream
        self._stats = stats

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(n)
        self._stats.bytes_read += len(data)
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _CountingStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_sorted(keys: list[str]) -> bool:
    return all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1))

