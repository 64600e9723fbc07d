"""Fewer garbage collections while a source is read.

Reading a large manifest makes and drops a few hundred thousand small objects (a sample and its annotation
list per line, handed over a chunk of lines at a time), few of them in reference cycles. With CPython's
default threshold (700) that starts ~200 young collections per 100,000 lines, and the older generations'
collections that follow walk the whole process's heap: ~10% of a preflight. While any preflight reads, the
youngest generation is collected every `YOUNG_THRESHOLD` new objects instead (as the sandbox process does
for its whole life); the threshold is put back when the last reader ends, unless something else changed it
meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 20_000

_lock = threading.Lock()
_readers = 0
_saved: tuple[int, ...] | None = None  # the thresholds before the first reader, while one reads


@contextmanager
def fewer_young_collections() -> Iterator[None]:
    global _readers, _saved
    with _lock:
        if _readers == 0:
            before = gc.get_threshold()
            if 0 < before[0] < YOUNG_THRESHOLD:  # 0: automatic collection is off; larger: already fewer
                _saved = before
                gc.set_threshold(YOUNG_THRESHOLD, *before[1:])
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0 and _saved is not None:
                if gc.get_threshold() == (YOUNG_THRESHOLD, *_saved[1:]):
                    gc.set_threshold(*_saved)
                _saved = None
