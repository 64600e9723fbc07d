"""A Storage wrapper for the preflight: counts what was read, and answers object lookups from folder listings.

The layout readers ask `size(key)` for each object a manifest names (does it exist, and is an image over
5 MB?). On OBS every `size()` is a HEAD request, and even on the local folder a stat each is as slow as
parsing the line. Instead the folder of a looked-up object is listed once, up to a bound:
- an S3 listing (or any `Storage.list`) gives names and sizes together: both are answered for every object;
- the sandbox's local folder is listed by name only (no stat each). `file_names(folder)` hands those names to
  the readers' existence-only path (`read_source(..., source_sizes=False)`), which checks each line's object
  against them without a call per line; `exists(key)` answers the lines that go the readers' full way. Sizes
  are then looked up for a sample only (`look_up_sizes`, one lstat each: the preflight picks a spread of the
  objects named). `size(key)` still answers every lookup: with sizes for the first `max_lookups` objects
  asked, then size 0 (UNSIZED) for objects known by name, which the readers let pass the 5 MB check, and
  `stats` says how many.
Keys a listing cannot answer (its folder holds more than the bound, or too many folders were listed) are
looked up one by one, again at most `max_lookups` of them in all; beyond that they are not checked
(answered UNSIZED: assumed present) and `stats.unchecked` counts them. `max_lookups=None` looks up
everything: every size, every key.
Listings are sorted, so "not in a cut listing and before its last key" still means "does not exist".
On a remote storage each listing is a request a network away: `list_ahead(folders)` lists the folders a
manifest's lines name on LIST_THREADS threads at once, while the readers go through the lines; a lookup in a
folder whose listing is still on its way waits for it.
"""

from __future__ import annotations

import io
from collections.abc import Container, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import BinaryIO

from sources.storage import LocalStorage, Storage, StoredObject

from .names import FolderNames, local_folder_names

UNSIZED = 0  # the size given for an object known to exist whose size was not looked up
LIST_THREADS = 8  # listings of a remote storage made at once (each waits a network round trip per page)
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
    sizes_skipped: int = 0  # objects known by name only, whose size was not looked up
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
    _folders: dict[str, FolderNames] = field(default_factory=dict)  # local name listings by folder key
    _cached: int = 0
    _lookups_left: int | None = None
    _pending: dict[str, Future[tuple[list[str], dict[str, int], bool]]] = field(default_factory=dict)
    _kept: dict[str, bytes] = field(default_factory=dict)  # objects already read whole, by key

    def __post_init__(self) -> None:
        self._lookups_left = self.max_lookups
        # The local folder is listed by name, and sizes are asked of the objects named only (one lstat each),
        # not of every file in their folders (a listing with sizes stats them all, a step slower each).
        self._by_name = isinstance(self.inner, LocalStorage)

    @property
    def lists_by_name(self) -> bool:
        """Whether folders are listed by name only (the local folder): sizes are then a lookup each."""
        return self._by_name

    def remember_sizes(self, sizes: dict[str, int | None]) -> None:
        """Sizes looked up (`look_up_sizes`), for `size` to answer; from now on no object is looked up one by
        one: objects known by name are answered UNSIZED, other keys not answered yet are left unchecked."""
        self._sizes.update(sizes)
        self._lookups_left = 0

    def prime(self, prefix: str, limit: int) -> _Listing:
        """List up to `limit` objects below `prefix` (a folder key ending in '/'), and keep them."""
        return self._list_into_cache(prefix, limit, looked_up=False)

    def remember(self, key: str, size: int | None) -> None:
        """A size already asked for (e.g. the import root's), so it is not asked again."""
        self._sizes[key] = size

    def listing(self, prefix: str) -> _Listing | None:
        self._collect_all()
        return self._listings.get(prefix)

    def keep(self, key: str, data: bytes) -> None:
        """The content of `key`, read already: the next `open` or `read` of it is answered from memory."""
        self._kept[key] = data

    def list_ahead(self, folders: Iterable[str]) -> int:
        """Start listing `folders` (keys without a trailing '/', e.g. the folders a manifest's lines name) on
        LIST_THREADS threads, within the bounds of `_worth_listing`; returns how many were started. Remote
        storages only: the local folder is listed by name when first asked."""
        if self._by_name:
            return 0
        started = [folder + "/" for folder in dict.fromkeys(folders) if self._worth_listing(folder)]
        if not started:
            return 0
        pool = ThreadPoolExecutor(max_workers=min(LIST_THREADS, len(started)), thread_name_prefix="preflight-list")
        for prefix in started:
            self._pending[prefix] = pool.submit(self._fetch, prefix, self.folder_limit)
        pool.shutdown(wait=False)  # the threads end with the last listing
        return len(started)

    # Storage protocol

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        self._collect_all()
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
        kept = self._kept.get(key)
        if kept is not None:  # counted when it was read
            return kept[:max_bytes]
        data = self.inner.read(key, max_bytes)
        self.stats.objects_opened += 1
        self.stats.bytes_read += len(data)
        return data

    def open(self, key: str) -> BinaryIO:
        kept = self._kept.get(key)
        if kept is not None:  # counted when it was read
            return io.BytesIO(kept)
        stream = self.inner.open(key)
        self.stats.objects_opened += 1
        return _CountingStream(stream, self.stats)  # type: ignore[return-value]

    def size(self, key: str) -> int | None:
        found = self._sizes.get(key, _ABSENT)
        if found is not _ABSENT:
            return found  # type: ignore[return-value]
        return self._answer(key)

    def exists(self, key: str) -> bool:
        """Whether `key` is an object (what `size(key) is not None` says), without its size where a listing by
        name answers."""
        if self._by_name:
            folder, _, name = key.rpartition("/")
            names = self._names_in(folder)
            if names is not None and name in names.files:
                return True
        return self.size(key) is not None

    def file_names(self, folder: str) -> Container[str] | None:
        """The names of the regular files in `folder` (a key without a trailing '/'), each surely an object,
        from one listing by name (local folder only; None elsewhere, or when it cannot be listed so). A name not
        in them may still be an object (a symlink, a folder listed in part): ask `exists` or `size`."""
        names = self._names_in(folder) if self._by_name else None
        return names.files if names is not None else None

    def look_up_sizes(self, keys: Iterable[str]) -> dict[str, int | None]:
        """The sizes of `keys` (a sample of the objects named), one lookup each: an lstat on the local folder
        (None: no such object). Counted in `stats.sizes_sampled`."""
        sizes: dict[str, int | None] = {}
        for key in keys:
            if key in sizes:
                continue
            folder, _, name = key.rpartition("/")
            names = self._folders.get(folder) if self._by_name else None
            if names is not None and name in names.files:
                sizes[key] = names.size(key)
            else:
                found = self._sizes.get(key, _ABSENT)
                sizes[key] = self.inner.size(key) if found is _ABSENT or not found else found  # type: ignore[assignment]
            self.stats.sizes_sampled += 1
        return sizes

    def is_dir(self, key: str) -> bool:
        self._collect_all()
        prefix = key.rstrip("/") + "/"
        for cached_prefix, listing in self._listings.items():
            if cached_prefix.startswith(prefix) and listing.keys:
                return True
            if cached_prefix == prefix and listing.complete:
                return False
        return self.inner.is_dir(key)

    # how a lookup is answered

    def _answer(self, key: str) -> int | None:
        folder, _, name = key.rpartition("/")
        names = self._names_in(folder) if self._by_name else None
        if names is not None:
            if name in names.files:  # known by name: its size while the sample lasts
                if self._spent():
                    self.stats.sizes_skipped += 1
                    return UNSIZED
                self.stats.sizes_sampled += 1
                self._spend()
                size = self._sizes[key] = names.size(key)
                return size
            if name in names.linked:  # a symlink: the storage decides whether it leads to an object
                self._spend()
                size = self._sizes[key] = self.inner.size(key)
                return size
            if names.answers(name):  # listed by name, and neither a file nor a symlink of it: no such object
                self._sizes[key] = None
                return None
        if self._pending:
            self._collect(folder + "/")
        answered, size = self._from_listings(key, folder)
        if not answered and not self._by_name and self._worth_listing(folder):
            self._list_into_cache(folder + "/", self.folder_limit)
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

    def _names_in(self, folder: str) -> FolderNames | None:
        """The local folder's listing by name, made on first use while there is room."""
        names = self._folders.get(folder)
        if names is None and self._worth_listing(folder):
            names = self._list_names(folder)
        return names

    def _spend(self) -> None:
        """One more object looked up one by one; when the bound is reached, names answer without sizes."""
        if self._lookups_left is not None:
            self._lookups_left -= 1

    def _spent(self) -> bool:
        return self._lookups_left is not None and self._lookups_left <= 0

    def _from_listings(self, key: str, folder: str) -> tuple[bool, int | None]:
        own = self._listings.get(folder + "/")
        if own is not None and own.answers(key):
            return True, own.sizes.get(key)
        for prefix, listing in self._listings.items():  # a listing of a folder above (listings are recursive)
            if key.startswith(prefix) and listing.answers(key):
                return True, listing.sizes.get(key)
        return False, None

    def _collect(self, prefix: str) -> None:
        """The listing of `prefix` started by list_ahead, once it has come (waits for it); errors are raised here,
        in the reader's thread, as the listing's own would have been."""
        future = self._pending.pop(prefix, None)
        if future is not None and not future.cancelled():
            self._install(prefix, *future.result())

    def stop_listing_ahead(self) -> None:
        """Listings made ahead that have not started are not made (the check is over, or failed)."""
        for future in self._pending.values():
            future.cancel()

    def _collect_all(self) -> None:
        for prefix in list(self._pending):
            self._collect(prefix)

    def _worth_listing(self, folder: str) -> bool:
        """A folder not listed yet, while there is room; on remote storages only "obs/<bucket>/<dir>" or deeper,
        not above a listing already made (their listings are recursive: a bucket's could be huge)."""
        if self._cached >= self.cache_limit or folder in self._folders:
            return False
        if self._by_name:
            return len(self._folders) < self.max_local_listings
        prefix = folder + "/"
        if prefix.count("/") < 3 or prefix in self._listings or prefix in self._pending:
            return False
        if len(self._listings) + len(self._pending) >= self.max_listings:
            return False
        return not any(listed.startswith(prefix) for listed in (*self._listings, *self._pending))

    def _list_names(self, folder: str) -> FolderNames:
        assert isinstance(self.inner, LocalStorage)
        names = local_folder_names(self.inner, folder, self.folder_limit)
        if names is None:  # answers nothing: look up one by one
            names = self._folders[folder] = FolderNames(set(), set(), False, None)
            return names
        self.stats.list_calls += 1
        self.stats.folder_listings += 1
        self.stats.objects_listed += len(names)
        self.stats.names_listed += len(names)
        self._folders[folder] = names
        self._cached += len(names)
        if not names.complete:
            self.stats.listings_cut.append((folder + "/", len(names)))
        return names

    def _list_into_cache(self, prefix: str, limit: int, *, looked_up: bool = True) -> _Listing:
        return self._install(prefix, *self._fetch(prefix, limit), looked_up=looked_up)

    def _fetch(self, prefix: str, limit: int) -> tuple[list[str], dict[str, int], bool]:
        """Up to `limit` objects below `prefix`, sorted: (keys, sizes, complete). Touches nothing shared: it may
        run on a list_ahead thread."""
        keys: list[str] = []
        sizes: dict[str, int] = {}
        complete = True
        for obj in self.inner.list(prefix, limit=limit + 1):
            if len(keys) >= limit:
                complete = False
                break
            keys.append(obj.key)
            sizes[obj.key] = obj.size
        if not _is_sorted(keys):
            keys.sort()
        return keys, sizes, complete

    def _install(self, prefix: str, keys: list[str], sizes: dict[str, int], complete: bool, *,
                 looked_up: bool = True) -> _Listing:
        self.stats.list_calls += 1
        self.stats.objects_listed += len(keys)
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
