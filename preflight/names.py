"""The names in one folder of the sandbox's local storage, without a stat each.

A folder listing through `LocalStorage.list` stats every file for its size; to check that the objects a
manifest names exist, names are enough, and one `scandir` gives them (its entries know their type without
a system call on Linux). Only what `LocalStorage` itself would read counts: regular files, in a folder
inside the storage root; symlinks are left for the storage to resolve, one by one.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass

from sources.storage import LocalStorage

_SCANDIR_FD = os.scandir in os.supports_fd
_UNSAFE_SEGMENT = re.compile(r"(?:^|/)(?:\.\.?)?(?:/|$)")  # an empty, "." or ".." segment


@dataclass
class FolderNames:
    """The files directly in one folder, by name (no folder part): `files` are regular files, `linked` symlinks."""

    files: set[str]
    linked: set[str]
    complete: bool  # False: the folder holds more than the bound; these are the first names in sorted order
    last: str | None  # the last name kept, when not complete
    real: str = ""  # where the folder really is

    def answers(self, name: str) -> bool:
        """Whether the listing tells for sure if `name` (a file name in this folder) exists."""
        return self.complete or (self.last is not None and name <= self.last)

    def size(self, key: str) -> int | None:
        """The size of `key`, a key of one of `files`: one lstat in the folder already resolved (what
        LocalStorage.size answers for a regular file, with the symlink checks it needs done once for the folder)."""
        try:
            status = os.lstat(self.real + "/" + key.rpartition("/")[2])
        except OSError:
            return None
        return status.st_size if stat.S_ISREG(status.st_mode) else None

    def __len__(self) -> int:
        return len(self.files) + len(self.linked)


def local_folder_names(storage: LocalStorage, folder: str, limit: int) -> FolderNames | None:
    """The names in `folder` (a key without a trailing '/', e.g. "obs/b/images"), at most `limit` of them;
    a folder that does not exist has none. None when the folder cannot be listed this way (a key the
    storage would refuse, or no permission): then ask the storage."""
    if not folder or folder.startswith("/") or "\\" in folder or "\x00" in folder or _UNSAFE_SEGMENT.search(folder):
        return None
    root = str(storage.root)
    real = os.path.realpath(os.path.join(root, folder))
    if real != root and not real.startswith(root + os.sep):
        return None
    fd = None
    others: list[os.DirEntry[str]] = []  # entries that are not regular files: folders, symlinks...
    other = others.append  # (returns None: such an entry is kept aside, not in `files`)
    try:
        if _SCANDIR_FD:  # entries of a descriptor have no joined path made for each of them
            fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY)
        with os.scandir(real if fd is None else fd) as listing:
            # one comprehension over the listing: a folder of 100,000 images is listed once per check, and
            # this is its Python part
            files = {entry.name for entry in listing if entry.is_file(follow_symlinks=False) or other(entry)}
    except (FileNotFoundError, NotADirectoryError):
        return FolderNames(set(), set(), True, None, real)
    except OSError:
        return None
    finally:
        if fd is not None:
            os.close(fd)
    linked = {entry.name for entry in others if entry.is_symlink()}
    if "\\" in "".join(files):  # a key with a backslash is refused by the storage: leave such names to it
        files = {name for name in files if "\\" not in name}
    if len(files) + len(linked) <= limit:
        return FolderNames(files, linked, True, None, real)
    kept = sorted(files | linked)[:limit]  # a bounded listing keeps the first names, as an S3 listing would
    return FolderNames(files.intersection(kept), linked.intersection(kept), False, kept[-1] if kept else None, real)
