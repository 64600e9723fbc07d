"""While a preflight reads, the youngest GC generation is collected less often; the threshold comes back after."""

from __future__ import annotations

import gc
import threading

from preflight.young_gc import YOUNG_THRESHOLD, fewer_young_collections


def test_the_threshold_is_raised_while_any_check_reads_and_put_back_after_the_last() -> None:
    before = gc.get_threshold()
    assert before[0] < YOUNG_THRESHOLD
    first_in, second_out = threading.Event(), threading.Event()

    def second() -> None:
        first_in.wait()
        with fewer_young_collections():
            pass
        second_out.set()

    other = threading.Thread(target=second)
    other.start()
    with fewer_young_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        first_in.set()
        second_out.wait()
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])  # the other check ended first
    other.join()
    assert gc.get_threshold() == before


def test_a_threshold_changed_meanwhile_is_left_as_it_was_set() -> None:
    before = gc.get_threshold()
    try:
        with fewer_young_collections():
            gc.set_threshold(5_000, *before[1:])
        assert gc.get_threshold()[0] == 5_000
    finally:
        gc.set_threshold(*before)
