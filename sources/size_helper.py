"""Sizes of many objects of the local folder, looked up by a helper process while the caller goes on.

A large manifest names one object per line, and the import must know each one's size (the service skips
images over 5 MB; a missing object is not imported). A stat is a system call (~2.5 us here); in a thread of
this process it would hand the GIL back and forth with the reading for every object, so it runs in a
child process instead (a second core does the stats while this one parses lines): the caller asks for
the sizes of a batch of keys (`ask`), goes on, and takes the answers in the order asked (`answer`).

The child gets, per folder, the folder's real path (worked out here, inside the storage root) and the keys
in it; it answers with one lstat per name relative to the folder's descriptor: the size of a regular file,
MISSING for nothing or something else, ASK for a symlink (or a folder it cannot open), which this side then
looks up itself with `size(key)`, checks and all. So the answers are exactly `size(key)`'s.
If the child cannot be started or fails, the keys it did not answer are looked up here, one by one.

Frames both ways: 8 bytes of length (little-endian), then the body. A request body is runs of
`real folder \\0 cut \\0 key \\0 key ... \\0 \\0` (`key[cut:]` is the name in the folder); an answer body is
one signed 64-bit integer per key (`array('q')`). The child is `size_helper_child.py`, run as a script with
`python -I -S` (it imports a few standard modules only, to start in ~10 ms).
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from array import array
from collections import deque
from collections.abc import Callable
from itertools import groupby

from . import size_helper_child
from .size_helper_child import ASK, LENGTH_BYTES, MISSING, READ_BYTES

PIPE_BYTES = 1024 * 1024  # asked for both pipes (Linux), so that many batches can wait in them


class SizeLookups:
    """Sizes of keys asked a batch at a time, answered in the order asked: here, one `size(key)` each."""

    def __init__(self, size: Callable[[str], int | None]) -> None:
        self._size = size
        self._batches: deque[list[str]] = deque()

    def ask(self, keys: list[str], folders: list[str]) -> None:
        """Ask for the sizes of `keys`; `folders[i]` is the folder of `keys[i]` (the key up to its last '/')."""
        self._batches.append(keys)

    def ready(self) -> bool:
        """Whether the oldest batch asked can be answered without waiting."""
        return True

    def answer(self) -> list[int | None]:
        """The sizes of the oldest batch asked (None: no such object), waiting for them if need be."""
        return list(map(self._size, self._batches.popleft()))

    def close(self) -> None:
        self._batches.clear()


class HelperSizeLookups(SizeLookups):
    """SizeLookups answered by a child process once `start_after` keys were asked (before that, here).

    `real_folder(folder)` gives the real path of a folder key, inside the storage root, or raises (then the
    keys in it are looked up here with `size`)."""

    def __init__(self, size: Callable[[str], int | None], real_folder: Callable[[str], str], *,
                 start_after: int) -> None:
        super().__init__(size)
        self._real_folder = real_folder
        self._start_after = start_after
        self._asked = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._broken = False
        self._queue: deque[tuple[list[str], bool]] = deque()  # (keys, sent to the child)
        self._out = bytearray()  # requests not yet written to the child
        self._in = bytearray()  # answers read, not yet taken
        self._answers: deque[array[int]] = deque()
        self._real: dict[str, bytes | None] = {}

    def ask(self, keys: list[str], folders: list[str]) -> None:
        self._asked += len(keys)
        if not keys or self._broken or (self._process is None and not self._start()):
            self._queue.append((keys, False))
            return
        body = self._request(keys, folders)
        if body is None:
            self._queue.append((keys, False))
            return
        self._out += len(body).to_bytes(LENGTH_BYTES, "little")
        self._out += body
        self._queue.append((keys, True))
        self._pump(wait=False)

    def ready(self) -> bool:
        if not self._queue or not self._queue[0][1]:
            return True
        if not self._answers:
            self._pump(wait=False)
        return bool(self._answers) or self._broken

    def answer(self) -> list[int | None]:
        keys, sent = self._queue.popleft()
        if not sent:
            return list(map(self._size, keys))
        while not self._answers and not self._broken:
            self._pump(wait=True)
        if not self._answers:  # the child failed: look them up here
            return list(map(self._size, keys))
        found = self._answers.popleft()
        sizes: list[int | None] = found.tolist()  # type: ignore[assignment]
        if len(sizes) != len(keys):  # not the answer to these: trust none of its answers from now on
            self._answers.clear()
            self._fail()
            return list(map(self._size, keys))
        if min(sizes, default=0) < 0:  # type: ignore[type-var]
            size = self._size
            sizes = [None if n == MISSING else size(key) if n == ASK else n
                     for n, key in zip(sizes, keys, strict=True)]
        return sizes

    def close(self) -> None:
        self._queue.clear()
        self._answers.clear()
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _start(self) -> bool:
        """Start the child once enough keys were asked; False while they are looked up here."""
        if self._asked < self._start_after or not sys.executable or os.name != "posix":
            return False  # (non-blocking pipes and select() on them: POSIX only)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", os.path.abspath(size_helper_child.__file__)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
            )
        except OSError:
            self._broken = True
            return False
        for stream in (self._process.stdin, self._process.stdout):
            fd = stream.fileno()  # type: ignore[union-attr]
            os.set_blocking(fd, False)
            try:
                import fcntl

                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
            except (ImportError, AttributeError, OSError):
                pass  # the default pipe size works too, with more waiting
        return True

    def _request(self, keys: list[str], folders: list[str]) -> bytes | None:
        """The request body for `keys`, or None when some key is one to look up here (a name `size` refuses
        or resolves itself: '.', '..', a backslash, a NUL; or a folder outside the root)."""
        if folders.count(folders[0]) == len(folders):  # one folder, the usual batch
            runs = [(folders[0], keys)]
        else:
            runs = []
            start = 0
            for folder, group in groupby(folders):
                count = sum(1 for _ in group)
                runs.append((folder, keys[start : start + count]))
                start += count
        parts: list[bytes] = []
        for folder, run in runs:
            real = self._real.get(folder, b"")
            if real == b"":
                real = self._real[folder] = self._resolve(folder)
            if real is None:
                return None
            prefix = folder + "/"
            joined = "\0" + "\0".join(run) + "\0"
            # in a few C-level steps: every key is the prefix and then a name without '/', '\\' or NUL, not
            # empty, '.' nor '..'
            if (joined.count("\0") != len(run) + 1 or joined.count(f"\0{prefix}") != len(run)
                    or joined.count("/") != len(run) * prefix.count("/") or "\\" in joined
                    or f"\0{prefix}\0" in joined or f"\0{prefix}.\0" in joined or f"\0{prefix}..\0" in joined):
                return None
            try:
                parts.append(b"%s\0%d%s\0" % (real, len(prefix), os.fsencode(joined)))
            except UnicodeEncodeError:
                return None
        return b"".join(parts)

    def _resolve(self, folder: str) -> bytes | None:
        try:
            return os.fsencode(self._real_folder(folder))
        except (ValueError, OSError):
            return None

    def _pump(self, *, wait: bool) -> None:
        """Write what the child can take and read what it answered; with `wait`, until something moved."""
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            self._fail()
            return
        write_fd, read_fd = process.stdin.fileno(), process.stdout.fileno()
        while True:
            moved = False
            if self._out:
                try:
                    written = os.write(write_fd, self._out)
                except BlockingIOError:
                    written = 0
                except OSError:
                    self._fail()
                    return
                if written:
                    del self._out[:written]
                    moved = True
            try:
                data = os.read(read_fd, READ_BYTES)
            except BlockingIOError:
                data = None
            except OSError:
                self._fail()
                return
            if data == b"":
                self._fail()
                return
            if data:
                self._in += data
                self._take_frames()
                moved = True
            if moved or not wait:
                return
            waiting = select.poll()  # (not select(): it refuses descriptors past 1023)
            waiting.register(read_fd, select.POLLIN)
            if self._out:
                waiting.register(write_fd, select.POLLOUT)
            waiting.poll()

    def _take_frames(self) -> None:
        while len(self._in) >= LENGTH_BYTES:
            length = int.from_bytes(self._in[:LENGTH_BYTES], "little")
            if len(self._in) < LENGTH_BYTES + length:
                return
            sizes = array("q")
            sizes.frombytes(bytes(self._in[LENGTH_BYTES : LENGTH_BYTES + length]))
            del self._in[: LENGTH_BYTES + length]
            self._answers.append(sizes)

    def _fail(self) -> None:
        """The child is gone or misbehaved: what it did not answer is looked up here from now on."""
        if self._broken:
            return
        self._broken = True
        self._out.clear()
        answered = len(self._answers)  # the oldest batches sent have their answers read: those stay
        queue: deque[tuple[list[str], bool]] = deque()
        for keys, sent in self._queue:
            queue.append((keys, sent and answered > 0))
            answered -= sent
        self._queue = queue
