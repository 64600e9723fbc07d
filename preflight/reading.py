"""A Storage wrapper for the preflight: counts what was read, and answers object lookups from folder listings.

The layout readers ask `size(key)` for each object a manifest names (does it exist, and is an image over
5 MB?). On OBS every `size()` is a HEAD request, and even on the local folder a stat each is as slow as
parsing the line. Instead the folder of a looked-up object is listed once, up to a bound:
- an S3 listing (or any `Storage.list`) gives names and sizes together: both are answered for every object;
- the sandbox's local folder is listed by name only (no stat each): existence is answered for every
  object, sizes only for a sample: the first `max_lookups` objects asked (one lstat each). The others
  are answered with size 0 (UNSIZED), so the readers let them pass the 5 MB check, and `stats` says
  how many.
Keys a listing cannot answer (its folder holds more than the bound, or too many folders were listed) are
looked up one by one, again at most `max_lookups` of them in all; beyond that they are not checked
(answered UNSIZED: assumed present) and `stats.unchecked` counts them. `max_lookups=None` looks up
everything: every size, every key.
Listings are sorted, so "not in a cut listing and before its last key" still means "does not exist".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from sandbox.storage import LocalStorage, Storage, StoredObject

from .names import FolderNames, local_folder_names

UNSIZED = 0  # the size given for an object known to exist whose size was not looked up
_ABSENT = object()


@dataclass
class ReadStats:
    objects_listed: int = 0  # objects returned by listings (the import root's and the folders looked up)
    list_calls: int = 0
    objects_opened: int = 0  # files whose content was read (manifests, XML, text, CSV, previews)
    bytes_read: int = 0
    size_lookups: int = 0  # objects looked up one by one because no listing could answer for them
    folder_listings: int = 0  # folders listed to answer lookups (of list_calls)
    names_listed: int = 0  # objects listed by name only, without their sizes (of objects_listed)
    sizes_sampled: int = 0  # objects known by name whose size was then looked up (the sample)
    sizes_skipped: int = 0  # lookups of objects known by name only, answered without their size
    unchecked: int = 0  # lookups not answered by a listing nor looked up (the bound was reached)
    listings_cut: list[tuple[str, int]] = field(default_factory=list)  # (folder, objects listed): it holds more


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
    cache_limit: int = 1_000_000  # objects kept in all listings together
    max_listings: int = 256  # folders listed (remote storages); beyond that objects are looked up one by one
    max_local_listings: int = 10_000  # folders listed by name on the local folder (a scandir each)
    max_lookups: int | None = None  # objects looked up one by one (sizes of named objects, unlisted keys)
    stats: ReadStats = field(default_factory=ReadStats)
    _listings: dict[str, _Listing] = field(default_factory=dict)  # prefix ending in '/' -> listing with sizes
    _sizes: dict[str, int | None] = field(default_factory=dict)  # answers known: listed sizes, lookups made
    _named: set[str] = field(default_factory=set)  # files known by name only (local listings)
    _unsized: set[str] = field(default_factory=set)  # _named itself once the sample is spent: answered UNSIZED
    _linked: set[str] = field(default_factory=set)  # symlinks seen in local listings: the storage resolves them
    _folders: dict[str, FolderNames] = field(default_factory=dict)  # local name listings by folder key
    _cached: int = 0
    _lookups_left: int | None = None

    def __post_init__(self) -> None:
        self._lookups_left = self.max_lookups
        if self._spent():
            self._unsized = self._named
        # The local folder is listed by name, and sizes are asked of the objects named only (one lstat each),
        # not of every file in their folders (a listing with sizes stats them all, a step slower each).
        self._by_name = isinstance(self.inner, LocalStorage)

    def prime(self, prefix: str, limit: int) -> _Listing:
        """List up to `limit` objects below `prefix` (a folder key ending in '/'), and keep them."""
        return self._list_into_cache(prefix, limit, looked_up=False)

    def remember(self, key: str, size: int | None) -> None:
        """A size already asked for (e.g. the import root's), so it is not asked again."""
        self._sizes[key] = size

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
        # Once per manifest line: the usual answers first, with as little work as possible.
        found = self._sizes.get(key, _ABSENT)
        if found is not _ABSENT:
            return found  # type: ignore[return-value]
        if key in self._unsized:
            self.stats.sizes_skipped += 1
            return UNSIZED
        return self._answer(key)

    def is_dir(self, key: str) -> bool:
        prefix = key.rstrip("/") + "/"
        for cached_prefix, listing in self._listings.items():
            if cached_prefix.startswith(prefix) and listing.keys:
                return True
            if cached_prefix == prefix and listing.complete:
                return False
        return self.inner.is_dir(key)

    # how a lookup is answered

    def _answer(self, key: str) -> int | None:
        folder = key.rpartition("/")[0]
        if key in self._named:  # the sample: its size (the sample is not spent, or size() would have answered)
            self.stats.sizes_sampled += 1
            self._spend()
            size = self._sizes[key] = self._folders[folder].size(key)
            return size
        if key in self._linked:  # a symlink: the storage decides whether it leads to an object
            self._spend()
            size = self._sizes[key] = self.inner.size(key)
            return size
        answered, size = self._from_listings(key, folder)
        if not answered and self._worth_listing(folder):
            self._list_folder(folder)
            if key in self._named or key in self._linked:
                return self.size(key)
            answered, size = self._from_listings(key, folder)
        if answered:
            self._sizes[key] = size
            return size
        if self._spent():
            self.stats.unchecked += 1
            return UNSIZED
        self.stats.size_lookups += 1
        self._spend()
        size = self._sizes[key] = self.inner.size(key)
        return size

    def _spend(self) -> None:
        """One more object looked up one by one; when the bound is reached, names answer without sizes."""
        if self._lookups_left is not None:
            self._lookups_left -= 1
            if self._spent():
                self._unsized = self._named  # the same set: names listed later are in it too

    def _spent(self) -> bool:
        return self._lookups_left is not None and self._lookups_left <= 0

    def _from_listings(self, key: str, folder: str) -> tuple[bool, int | None]:
        names = self._folders.get(folder)
        if names is not None and names.answers(key):
            return True, None  # listed by name, and neither a file nor a symlink of it: no such object
        own = self._listings.get(folder + "/")
        if own is not None and own.answers(key):
            return True, own.sizes.get(key)
        for prefix, listing in self._listings.items():  # a listing of a folder above (listings are recursive)
            if key.startswith(prefix) and listing.answers(key):
                return True, listing.sizes.get(key)
        return False, None

    def _worth_listing(self, folder: str) -> bool:
        """A folder not listed yet, while there is room; on remote storages only "obs/<bucket>/<dir>" or deeper,
        not above a listing already made (their listings are recursive: a bucket's could be huge)."""
        if self._cached >= self.cache_limit or folder in self._folders:
            return False
        if self._by_name:
            return len(self._folders) < self.max_local_listings
        prefix = folder + "/"
        if prefix.count("/") < 3 or len(self._listings) >= self.max_listings or prefix in self._listings:
            return False
        return not any(listed.startswith(prefix) for listed in self._listings)

    def _list_folder(self, folder: str) -> None:
        if self._by_name:
            assert isinstance(self.inner, LocalStorage)
            names = local_folder_names(self.inner, folder, self.folder_limit)
            if names is not None:
                self.stats.list_calls += 1
                self.stats.folder_listings += 1
                self.stats.objects_listed += len(names)
                self.stats.names_listed += len(names)
                if self._named:
                    self._named |= names.files
                else:  # the first folder's names as they are (a copy of 100,000 costs as much as a step per line)
                    self._named = names.files
                    if self._unsized is not self._named and self._spent():
                        self._unsized = self._named
                self._linked |= names.linked
                listed = len(names)
                names.files, names.linked = set(), set()  # handed over: the folder's entry only says what it answers
                self._folders[folder] = names
                self._cached += listed
                if not names.complete:
                    self.stats.listings_cut.append((folder + "/", listed))
                return
            self._folders[folder] = FolderNames(set(), set(), False, None)  # answers nothing: look up one by one
            return
        self._list_into_cache(folder + "/", self.folder_limit)

    def _list_into_cache(self, prefix: str, limit: int, *, looked_up: bool = True) -> _Listing:
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
        self._sizes.update(sizes)
        self._cached += len(keys)
        if looked_up:
            self.stats.folder_listings += 1
            if not complete:
                self.stats.listings_cut.append((prefix, len(keys)))
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
