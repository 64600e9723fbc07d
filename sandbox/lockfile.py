"""One sandbox per data root: a second process on the same folder would resume the first one's imports."""

import fcntl
import os
from pathlib import Path
from typing import IO


class DataRootBusy(RuntimeError):
    pass


class DataRootLock:
    def __init__(self, data_root: Path) -> None:
        self.path = data_root / "sandbox.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise DataRootBusy(
                f"The data root {self.path.parent} is in use by sandbox process {owner}. Stop it, or start "
                "this one with another --data-root."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
