"""The files of some folders of the local storage, listed by a child process while the preflight reads on.

Listing a folder of 100,000 images by name costs this process a quarter of what reading a 100,000-line
manifest does (a directory entry object each). In a thread it would trade the GIL with the reading for
every entry, so a child process lists instead, on a second core, while the manifest is read without
looking its objects up; the preflight then checks every object named against the names, in a few C-level
set operations (`ReadingStorage.adopt`).

The child gets the folders' real paths (worked out here, inside the storage root) and key prefixes, and
writes what list_child.py says to a temporary file (a pipe would fill and stop it until the reading is
done). A folder it could not list, or with more than the bound of entries, this process lists itself, as
before.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

WAIT_SECONDS = 30.0
CHILD = str(Path(__file__).with_name("list_child.py"))


@dataclass
class ListedFolder:
    files: set[str]  # keys of the regular files directly in the folder
    linked: set[str]  # keys of the symlinks in it (the storage decides where they lead)
    real: str  # where the folder really is


class FolderListing:
    """A child process listing folders; `take()` waits for it and gives what it listed."""

    def __init__(self, process: subprocess.Popen[bytes], out: IO[bytes], folders: list[tuple[str, str]]) -> None:
        self._process, self._out, self._folders = process, out, folders

    def take(self) -> dict[str, ListedFolder]:
        """Folder key -> its listing, for the folders the child listed in full ({} when it failed)."""
        try:
            if self._process.wait(WAIT_SECONDS) != 0:
                return {}
            self._out.seek(0)
            parts = self._out.read().decode(sys.getfilesystemencoding(), "surrogateescape").split("\0")
        except (OSError, subprocess.TimeoutExpired, UnicodeError):
            return {}
        finally:
            self.close()
        listed: dict[str, ListedFolder] = {}
        at = 0
        try:
            for folder, real in self._folders:
                status, files, links = parts[at].split(" ")
                first, middle, end = at + 1, at + 1 + int(files), at + 1 + int(files) + int(links)
                if end >= len(parts):  # cut short (the last key is followed by NUL, so one part more)
                    raise IndexError(end)
                if status == "F":
                    listed[folder] = ListedFolder(set(parts[first:middle]), set(parts[middle:end]), real)
                at = end
        except (IndexError, ValueError):  # not what the child writes: trust none of it
            return {}
        return listed if at == len(parts) - 1 else {}

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._out.close()


def start_listing(folders: list[tuple[str, str]], limit: int) -> FolderListing | None:
    """Start listing `folders`, (folder key, real path) each, up to `limit` entries a folder; None when the
    child cannot be started."""
    arguments = [str(limit)]
    for folder, real in folders:
        arguments += [real, folder + "/"]
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FolderListing closes it)
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", CHILD, *arguments], stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.DEVNULL, close_fds=True,
        )
    except OSError:
        out.close()
        return None
    return FolderListing(process, out, folders)
