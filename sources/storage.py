"""Where import sources are read from: a key/value view of object storage, and the local folder behind it.

Keys are relative, '/'-separated: "obs/<bucket>/<key>" for OBS objects, "hdfs/<path>" for MRS HDFS files.
The layout readers only use the `Storage` protocol, so the same readers run on the sandbox's folder
(`LocalStorage`) and, for the preflight, on real OBS through its S3 API.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Container, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol

from .size_helper import HelperSizeLookups, SizeLookups

OBS_SCHEMES = ("s3://", "obs://")
HDFS_SCHEME = "hdfs://"
# Letters, digits and -_./ are what the service's ModelArts.4313 message allows in an OBS path.
_SAFE_PATH = re.compile(r"[A-Za-z0-9\-_./]*")
_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.?(?:/|$)")  # "." or ".." as a whole segment
_DRIVE = re.compile(r"[A-Za-z]:")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SPECIAL_NAMES = frozenset({"", ".", ".."})
_SCANDIR_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
READ_CHUNK_BYTES = 64 * 1024
SIZE_HELPER_FROM = 5000  # objects whose sizes are asked at once (or in all) before a helper process asks them


class PathError(ValueError):
    """A path the service would refuse, or one that would leave the storage root."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


UNREADABLE = -1  # a StoredObject's size when its entry is listed but cannot be read as a file


class StoredObject(NamedTuple):  # a tuple: listings make one per object, ~4x cheaper than a frozen dataclass
    key: str
    size: int


class Storage(Protocol):
    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        """Every object whose key starts with `prefix`, recursively, in sorted key order."""
        ...

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        """The object's bytes (its first `max_bytes` if given). FileNotFoundError when missing."""
        ...

    def open(self, key: str) -> BinaryIO:
        """A stream of the object's bytes (only `read(n)` and `close()` are used). FileNotFoundError
        when missing."""
        ...

    def size(self, key: str) -> int | None:
        """The object's size in bytes; None when there is no such object."""
        ...

    def is_dir(self, key: str) -> bool:
        """Whether some object's key starts with `key` + '/'."""
        ...


def listed_names(storage: Storage, folder: str) -> Container[str] | None:
    """Names of objects surely in `folder` (a key without a trailing '/'), from one listing, where `storage`
    keeps one (a LocalStorage snapshot); a name not in it may still be an object: ask `object_exists`."""
    names = getattr(storage, "file_names", None)
    return names(folder) if callable(names) else None


def size_lookups(storage: Storage, expected: int | None = None) -> SizeLookups:
    """How to look up the sizes of many objects a batch at a time (see `SizeLookups`): the storage's own
    `size_lookups` where it has one (LocalStorage: in a helper process for many objects), else one
    `size(key)` each. `expected`: about how many keys will be asked in all, if known."""
    make = getattr(storage, "size_lookups", None)
    if callable(make):
        return make(expected)  # type: ignore[no-any-return]
    return SizeLookups(storage.size)


def object_exists(storage: Storage) -> Callable[[str], bool]:
    """How to ask `storage` whether an object exists: its own `exists(key)` where it has one (LocalStorage
    answers from one listing per folder), else `size(key) is not None`."""
    exists = getattr(storage, "exists", None)
    if callable(exists):
        return exists  # type: ignore[no-any-return]
    size = storage.size
    return lambda key: size(key) is not None


def path_characters(path: str) -> str:
    """The characters of `path` that the service rejects in OBS paths (ModelArts.4313), each once."""
    if _SAFE_PATH.fullmatch(path):
        return ""
    return "".join(dict.fromkeys(c for c in path if not _SAFE_PATH.fullmatch(c)))


def resolve_obs_path(path: str) -> tuple[str, str]:
    """'s3://b/k', 'obs://b/k' or '/b/k' -> ("obs", "b/k") (no trailing slash); PathError when refused."""
    if path.startswith("s3://"):
        rest = path[5:]
    elif path.startswith("obs://"):
        rest = path[6:]
    elif path.startswith("/"):
        rest = path[1:]
    else:
        raise PathError(
            "ModelArts.4313",
            f"{_short(path)!r} is not an OBS path. Write it as s3://<bucket>/<folder>/ or obs://<bucket>/...",
        )
    _check_relative(rest, path, double_slash_code="ModelArts.4315")
    bad = path_characters(rest)
    if bad:
        raise PathError(
            "ModelArts.4313",
            f"{_short(path)!r} contains {_quote_chars(bad)}, which the service does not accept in OBS "
            "paths. Use only letters, digits, '-', '_', '.' and '/'.",
        )
    rest = rest.rstrip("/")
    if not rest:
        raise PathError("ModelArts.4311", f"{_short(path)!r} names no bucket. Write s3://<bucket>/<folder>/.")
    return "obs", rest


def resolve_hdfs_path(path: str) -> tuple[str, str]:
    """'hdfs://namenode:8020/p' or '/p' -> ("hdfs", "p"); PathError when refused."""
    if path.startswith(HDFS_SCHEME):
        authority_and_path = path[len(HDFS_SCHEME) :]
        slash = authority_and_path.find("/")
        rest = "" if slash < 0 else authority_and_path[slash + 1 :]
    elif path.startswith("/"):
        rest = path[1:]
    else:
        raise PathError(
            "ModelArts.4345",
            f"{_short(path)!r} is not an HDFS path. Write it as /user/<name>/<file> or hdfs://<host>/...",
        )
    _check_relative(rest, path, double_slash_code="ModelArts.4345")
    rest = rest.rstrip("/")
    if not rest:
        raise PathError("ModelArts.4345", f"{_short(path)!r} names no file or folder.")
    return "hdfs", rest


def storage_key(path: str) -> str:
    """The storage key of an OBS path ('s3://b/k' -> 'obs/b/k'); PathError when refused."""
    scheme, rest = resolve_obs_path(path)
    return f"{scheme}/{rest}"


def obs_url(key: str) -> str:
    """How the service shows a storage key: 'obs/b/k' -> 'obs://b/k', 'hdfs/p' -> 'hdfs:///p'."""
    scheme, _, rest = key.partition("/")
    return f"obs://{rest}" if scheme == "obs" else f"{scheme}:///{rest}"


def _check_relative(rest: str, original: str, *, double_slash_code: str) -> None:
    if "//" in rest or rest.startswith("/"):
        raise PathError(double_slash_code, f"{_short(original)!r} contains '//'. Remove the doubled slash.")
    if "\\" in rest or "\x00" in rest:
        raise PathError("ModelArts.4313", f"{_short(original)!r} contains a backslash or NUL character.")
    if (rest.startswith(".") or "/." in rest) and _DOT_SEGMENT.search(rest):
        raise PathError(
            "ModelArts.4313", f"{_short(original)!r} contains '.' or '..' as a folder. Give the full path."
        )


class LocalStorage:
    """A folder standing in for OBS and HDFS: the key "obs/b/k" is the file <root>/obs/b/k.

    Nothing outside `root` is ever read: keys with '..', absolute keys and symlinks whose target lies
    outside the root are refused (PathError) or, when listing, left out.

    With `snapshot`, where each folder really is (symlinks resolved) is worked out once, so a file costs
    one system call instead of one per folder above it, a full listing is made once and then replayed, and
    `exists` answers from one listing of the names in each folder asked about (no system call per object):
    meant for a view that lives as long as one import (the runner makes one per import).
    """

    def __init__(self, root: Path, *, snapshot: bool = False, size_helper_from: int | None = SIZE_HELPER_FROM
                 ) -> None:
        self.root = Path(root).resolve()
        self.size_helper_from = size_helper_from  # see size_lookups; None: never a helper process
        self._root = str(self.root)
        self._folders: dict[str, str] | None = {} if snapshot else None
        self._listings: dict[str, list[StoredObject]] | None = {} if snapshot else None
        self._names: dict[str, set[str] | None] | None = {} if snapshot else None  # see file_names

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        if self._listings is None or limit is not None:
            return self._list(prefix, limit)
        if prefix not in self._listings:
            self._listings[prefix] = list(self._list(prefix, None))
        return iter(self._listings[prefix])

    def _list(self, prefix: str, limit: int | None) -> Iterator[StoredObject]:
        folder, _, _ = prefix.rpartition("/")
        start = self._path(folder) if folder else self.root
        if limit is not None and limit <= 0:
            return
        count = 0
        for key, size in self._walk(start, folder):
            if key.startswith(prefix):
                yield StoredObject(key, size)
                count += 1
                if limit is not None and count >= limit:
                    return

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        fd = self._open_fd(key)
        try:  # straight from the descriptor: a buffered file object costs more than reading a small file
            chunks: list[bytes] = []
            remaining = sys.maxsize if max_bytes is None else max_bytes
            while remaining > 0:
                # a step at a time: reading max_bytes at once would allocate it up front (a megabyte for each
                # small XML file)
                chunk = os.read(fd, min(remaining, READ_CHUNK_BYTES))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        finally:
            os.close(fd)

    def open(self, key: str) -> BinaryIO:
        return os.fdopen(self._open_fd(key), "rb")

    def _open_fd(self, key: str) -> int:
        """A descriptor open for reading `key`'s regular file (inside the root)."""
        if not _NOFOLLOW:  # no O_NOFOLLOW here: resolve first, then open what was checked
            path = self._real(key)
            if not os.path.isfile(path):
                raise FileNotFoundError(f"no such object: {key}")
            return os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        path = self._unresolved(key)
        try:
            fd = _open_regular(path, _NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            fd = _open_regular(self._inside(os.path.realpath(path), key), 0)  # a symlink, to inside the root
        if fd is None:
            raise FileNotFoundError(f"no such object: {key}")
        return fd

    def size(self, key: str) -> int | None:
        if self._folders is not None:  # a snapshot: a folder known to be safe needs only its file's name checked
            folder, _, name = key.rpartition("/")
            real = self._folders.get(folder)
            if real is not None and name not in _SPECIAL_NAMES and "\\" not in name and "\x00" not in name:
                try:
                    status = os.lstat(f"{real}/{name}")
                except OSError:
                    return None
                if not stat.S_ISLNK(status.st_mode):
                    return status.st_size if stat.S_ISREG(status.st_mode) else None
        try:
            path = self._unresolved(key)
            status = os.lstat(path)
            if stat.S_ISLNK(status.st_mode):
                status = os.stat(self._inside(os.path.realpath(path), key))
        except (PathError, OSError):
            return None
        return status.st_size if stat.S_ISREG(status.st_mode) else None

    def size_lookups(self, expected: int | None = None) -> SizeLookups:
        """Sizes of many objects, asked a batch at a time: on a snapshot, once `size_helper_from` keys were
        asked, or at once when about that many are `expected`, a helper process makes the system calls (one
        lstat each, in the folder already resolved here) while the caller goes on; the answers are
        `size(key)`'s. Elsewhere, one `size(key)` each. Close it when done (it ends the helper)."""
        if self.size_helper_from is None or self._folders is None:  # (a snapshot: a view for one import)
            return SizeLookups(self.size)
        start_after = 0 if expected is not None and expected >= self.size_helper_from else self.size_helper_from
        return HelperSizeLookups(self.size, self._real_folder_of, start_after=start_after)

    def _real_folder_of(self, folder: str) -> str:
        """The real path of a folder key (a key's checks made), inside the root; PathError if refused."""
        return self._unresolved(f"{folder}/_")[:-2]

    def exists(self, key: str) -> bool:
        """Whether `key` is an object: exactly `size(key) is not None`, without asking for the size."""
        folder, _, name = key.rpartition("/")
        files = self.file_names(folder) if name else None
        return (files is not None and name in files) or self.size(key) is not None  # (symlinks, missing: size)

    def file_names(self, folder: str) -> set[str] | None:
        """A snapshot's names of the regular files in `folder`, each surely an object (listed once, by the
        listing's file types: no stat each); None when it keeps no such listing (not a snapshot, a folder
        refused). A name not in it may still be an object, e.g. a symlink: ask `size` or `exists`."""
        if self._names is None or not folder:
            return None
        if folder not in self._names:
            self._names[folder] = self._file_names(folder)
        return self._names[folder]

    def _file_names(self, folder: str) -> set[str] | None:
        try:
            real = self._real_folder_of(folder)
        except PathError:
            return None
        fd = None
        try:
            if _SCANDIR_FD:  # entries of a descriptor have no joined path made for each of them
                fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY)
            entries = os.scandir(real if fd is None else fd)
        except OSError as error:
            if fd is not None:
                os.close(fd)
            # no such folder: no object in it; a folder that can't be listed: no listing
            return set() if isinstance(error, FileNotFoundError | NotADirectoryError) else None
        try:
            with entries:
                files = {entry.name for entry in entries if entry.is_file(follow_symlinks=False)}
        finally:
            if fd is not None:
                os.close(fd)
        if "\\" in "".join(files):  # a key with a backslash is refused: leave such names to size()
            files = {name for name in files if "\\" not in name}
        return files

    def children(self, folder: str) -> tuple[list[str], list[StoredObject]]:
        """One level of `folder` ("obs/b/dir", no trailing slash): its subfolders' keys (ending in "/") and its
        files, each sorted by name; nothing for a folder that does not exist. Links leaving the root are left
        out, as in listings."""
        try:
            start = self._real(folder.rstrip("/")) if folder.strip("/") else self._root
            entries = list(os.scandir(start))
        except (PathError, FileNotFoundError, NotADirectoryError, PermissionError):
            return [], []
        base = folder.rstrip("/") + "/" if folder.strip("/") else ""
        folders: list[str] = []
        files: list[StoredObject] = []
        for entry in entries:
            if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(self.root):
                continue
            try:
                if entry.is_dir():
                    folders.append(f"{base}{entry.name}/")
                elif entry.is_file():
                    files.append(StoredObject(base + entry.name, entry.stat().st_size))
            except OSError:
                continue
        return sorted(folders), sorted(files)

    def writable_path(self, key: str) -> Path:
        """Where a file written for `key` goes (its folders made); PathError for a key leaving the root."""
        folder, _, name = key.rstrip("/").rpartition("/")
        if not name or not folder:
            raise PathError("ModelArts.4313", f"{_short(key)!r} names no file inside a bucket or folder.")
        self._unresolved(key)  # refuses '..', absolute keys and the like before anything is made
        Path(self._root, folder).mkdir(parents=True, exist_ok=True)
        return Path(self._real(key))  # a link to a file inside the root is written through; one leaving it refused

    def is_dir(self, key: str) -> bool:
        try:
            path = self._real(key.rstrip("/"))
        except PathError:
            return False
        return os.path.isdir(path)

    def _path(self, key: str) -> Path:
        return Path(self._real(key))

    def _real(self, key: str) -> str:
        """The real path of `key`'s file (symlinks resolved), refusing anything that leaves the root."""
        path = self._unresolved(key)
        if os.path.islink(path):
            path = self._inside(os.path.realpath(path), key)
        return path

    def _unresolved(self, key: str) -> str:
        """`key`'s file in its folder's real path; the file itself may still be a symlink."""
        if not key or key.startswith("/") or "\\" in key or "\x00" in key or _DRIVE.match(key):
            raise PathError("ModelArts.4313", f"{_short(key)!r} is not a relative storage key.")
        key = key.rstrip("/")
        if "//" in key or ((key.startswith(".") or "/." in key) and _DOT_SEGMENT.search(key)):
            raise PathError("ModelArts.4313", f"{_short(key)!r} contains an empty, '.' or '..' segment.")
        folder, _, name = key.rpartition("/")
        return f"{self._real_folder(folder, key)}/{name}"

    def _real_folder(self, folder: str, key: str) -> str:
        if not folder:
            return self._root
        if self._folders is not None and folder in self._folders:
            return self._folders[folder]
        real = self._inside(os.path.realpath(f"{self._root}/{folder}"), key)
        if self._folders is not None:
            self._folders[folder] = real
        return real

    def _inside(self, real: str, key: str) -> str:
        if real != self._root and not real.startswith(self._root + os.sep):
            raise PathError("ModelArts.4313", f"{_short(key)!r} leads outside the storage root.")
        return real

    def _walk(self, folder: Path, key_prefix: str) -> Iterator[tuple[str, int]]:
        """(key, size) of every file below `folder`, in sorted key order, one directory in memory at a time.

        Sorting each directory's entries by name (with '/' appended to directories) and descending in
        that order gives exactly the sorted order of the full keys.
        """
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return
        named: list[tuple[str, os.DirEntry[str], bool]] = []
        for entry in entries:
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if not target.is_relative_to(self.root) or target.is_dir():
                    continue  # leaves the root, or a linked folder (could loop): not part of the storage
            is_dir = entry.is_dir()
            named.append((entry.name + "/" if is_dir else entry.name, entry, is_dir))
        named.sort(key=lambda item: item[0])
        for name, entry, is_dir in named:
            key = f"{key_prefix}/{name}" if key_prefix else name
            if is_dir:
                yield from self._walk(Path(entry.path), key.rstrip("/"))
            else:
                # A FIFO (reading it would wait for a writer), a device, a socket, a broken link or a file this
                # process may not read is listed as UNREADABLE: the readers skip it with a problem for that file.
                try:
                    status = entry.stat()
                except OSError:
                    yield key, UNREADABLE
                    continue
                if not stat.S_ISREG(status.st_mode) or not os.access(entry.path, os.R_OK):
                    yield key, UNREADABLE
                    continue
                yield key, status.st_size


def _open_regular(path: str, flags: int) -> int | None:
    """A file descriptor for reading `path` if it is a regular file, None when it is missing or something
    else (a folder, a FIFO: non-blocking, so a FIFO cannot hang the open). Two system calls, where checking
    first and opening then takes four."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISREG(os.fstat(fd).st_mode):
        return fd
    os.close(fd)
    return None


def _quote_chars(chars: str) -> str:
    return " ".join(repr(c) for c in chars)


def _short(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
