"""After an import: did it bring what the preflight expected?"""

from __future__ import annotations

from dataclasses import dataclass

from models import ImportTaskStatus
from models.messages import N_, Message, join, sentences

from .report import Expectation

ESTIMATE_MARGIN = 0.05  # a sampled preflight's expectation is an estimate: allow 5 % below it


@dataclass(frozen=True)
class Shortfall:
    expected_imported: int
    imported: int
    expected_annotated: int
    annotated: int
    estimated: bool  # the expectation came from a sample of the source, scaled to the task's total
    unsized: int = 0  # images the expectation counted whose size the check did not look up

    @property
    def message(self) -> Message:
        parts = []
        if self.imported < self.expected_imported:
            counts = {"imported": f"{self.imported:,}", "expected": f"{self.expected_imported:,}"}
            parts.append(Message(
                N_("{imported} samples imported where the preflight expected about {expected}") if self.estimated
                else N_("{imported} samples imported where the preflight expected {expected}"),
                counts,
            ))  # fmt: skip
        if self.annotated < self.expected_annotated:
            counts = {"annotated": f"{self.annotated:,}", "expected": f"{self.expected_annotated:,}"}
            parts.append(Message(
                N_("{annotated} annotated where it expected about {expected}") if self.estimated
                else N_("{annotated} annotated where it expected {expected}"),
                counts,
            ))  # fmt: skip
        said = Message(
            N_("Shortfall: {what}. Samples already in the dataset are not imported again; otherwise the service "
               "dropped items the source check read as importable (check the task's details and the source)."),
            {"what": join(parts, N_("; "))},
        )  # fmt: skip
        if not self.unsized:
            return said
        unsized = Message(
            N_("The check did not look up the sizes of {count} image(s); the service skips images over 5 MB."),
            {"count": f"{self.unsized:,}"},
        )
        return sentences((said, unsized))


def compare(expected: Expectation, status: ImportTaskStatus) -> Shortfall | None:
    """A Shortfall when a COMPLETED task imported or annotated fewer samples than expected, else None.

    A sampled expectation is scaled by the task's total_sample_count (the whole source) and allowed a
    small margin; unfinished or failed tasks are not compared (a failure says more than counts)."""
    if status.status != "COMPLETED":
        return None
    imported = int(status.imported_sample_count or 0)
    annotated = int(status.annotated_sample_count or 0)
    want_imported, want_annotated = expected.imported, expected.annotated
    margin = 0.0
    if expected.sampled:
        total = int(status.total_sample_count or 0)
        if expected.total <= 0 or total <= 0:
            return None
        scale = total / expected.total
        want_imported, want_annotated = round(expected.imported * scale), round(expected.annotated * scale)
        margin = ESTIMATE_MARGIN
    if imported >= want_imported * (1 - margin) and annotated >= want_annotated * (1 - margin):
        return None
    return Shortfall(want_imported, imported, want_annotated, annotated, expected.sampled, expected.unsized)
