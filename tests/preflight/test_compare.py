"""compare(): a finished import against the preflight's expectation."""

from __future__ import annotations

from models import ImportTaskStatus
from preflight import Expectation, compare


def status(state="COMPLETED", imported=10, annotated=8, total=10):
    return ImportTaskStatus.model_validate({"task_id": "t", "status": state, "imported_sample_count": imported,
                                            "annotated_sample_count": annotated, "total_sample_count": total})


def test_as_expected_or_more_is_no_shortfall():
    assert compare(Expectation(10, 8, 12), status()) is None
    assert compare(Expectation(9, 7, 12), status()) is None


def test_fewer_imported_or_annotated_is_a_shortfall():
    short = compare(Expectation(12, 8, 12), status())
    assert (short.expected_imported, short.imported, short.estimated) == (12, 10, False)
    assert "10 samples imported where the preflight expected 12" in str(short.message)
    short = compare(Expectation(10, 9, 10), status())
    assert (short.expected_annotated, short.annotated) == (9, 8)
    assert "annotated where it expected 9" in str(short.message) and "imported where" not in str(short.message)


def test_unfinished_and_failed_tasks_are_not_compared():
    assert compare(Expectation(12, 8, 12), status("RUNNING")) is None
    assert compare(Expectation(12, 8, 12), status("FAILED", imported=0)) is None


def test_a_sampled_expectation_is_scaled_to_the_whole_source_with_a_margin():
    expected = Expectation(imported=900, annotated=450, total=1000, sampled=True)
    assert compare(expected, status(imported=8900, annotated=4400, total=10_000)) is None  # within 5 %
    short = compare(expected, status(imported=6000, annotated=4500, total=10_000))
    assert (short.expected_imported, short.estimated) == (9000, True)
    assert "about 9,000" in str(short.message)
    assert compare(expected, status(imported=0, annotated=0, total=0)) is None
