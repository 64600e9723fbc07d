"""What every layout reader needs: where to read, how much, whom to tell about progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from models.messages import N_, Message

from ..storage import UNREADABLE, Storage, StoredObject
from .files import extension
from .types import SourceProblem

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY_FILES = 100
UNREADABLE_MESSAGE = Message(
    N_("is not a file that can be read (a FIFO, a device, a broken link, or no permission to read it): skipped.")
)


@dataclass
class ReadContext:
    storage: Storage
    request: Any  # models.ImportTaskRequest
    dataset_type: int
    root: str  # storage key of the import path: a folder or a single file
    root_is_file: bool
    max_files: int | None = None
    schema_columns: int | None = None
    check_sources: bool = True
    source_sizes: bool = True  # with check_sources: False looks up only whether each object exists
    progress: Progress | None = None
    sampled: bool = False  # set when max_files cut the reading short
    files_seen: int = 0
    skipped: list[SourceProblem] = field(default_factory=list)  # listed entries that cannot be read as files

    def relative(self, key: str) -> str:
        """The part of `key` below the import root (the file name itself for a single-file import)."""
        if self.root_is_file:
            return key.rsplit("/", 1)[-1]
        return key[len(self.root) + 1 :] if key.startswith(self.root + "/") else key

    def list_files(self) -> Iterator[StoredObject]:
        """The files of the import (up to max_files), in sorted key order, counting them for progress."""
        if self.root_is_file:
            size = self.storage.size(self.root)
            objects: Iterable[StoredObject] = [StoredObject(self.root, size or 0)]
        else:
            limit = None if self.max_files is None else self.max_files + 1
            objects = self.storage.list(self.root + "/", limit=limit)
        for obj in objects:
            if self.max_files is not None and self.files_seen >= self.max_files:
                self.sampled = True
                return
            self.files_seen += 1
            if self.progress and self.files_seen % PROGRESS_EVERY_FILES == 0:
                self.progress(self.files_seen, None)
            if obj.size == UNREADABLE:
                self.skipped.append(SourceProblem(obj.key, None, "unreadable", UNREADABLE_MESSAGE))
                continue
            yield obj

    def report(self, done: int, total: int | None) -> None:
        if self.progress:
            self.progress(done, total)

    def report_bytes(self, consumed: int, total: int | None) -> None:
        """Progress in bytes, for an import of a single file (folders count files instead)."""
        if self.root_is_file:
            self.report(consumed, total)


def group_by_stem(objects: Iterable[StoredObject]) -> Iterator[list[StoredObject]]:
    """Files that share a folder and a name up to the extension (x.jpg, x.xml, x.txt), one group at a time.

    In sorted key order all keys starting with "<folder>/<stem>." are adjacent, so a group is complete
    as soon as a key without that prefix arrives; only the groups still open are held in memory.
    """
    pending: dict[str, list[StoredObject]] = {}
    for obj in objects:
        ext = extension(obj.key)
        stem = obj.key[: len(obj.key) - len(ext)] if ext else obj.key
        for open_stem in [s for s in pending if not obj.key.startswith(s + ".") and s != stem]:
            yield pending.pop(open_stem)
        pending.setdefault(stem, []).append(obj)
    yield from pending.values()
