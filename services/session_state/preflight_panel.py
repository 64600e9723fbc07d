"""components/preflight_panel.py: Check source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.session_state import SessionView, Slot

if TYPE_CHECKING:
    from preflight import Expectation, PreflightReport

CHECKED = "_preflight_checked"  # the last check
EXPECTATIONS = "_preflight_expectations"  # task_id -> Expectation, set when a checked request is sent
AMOUNT = "_preflight_amount"
RUN = "_preflight_run"
PANEL = "_preflight"
LABELS = "_preflight_labels"
PROBLEMS = "_preflight_problems"


def fix_button(index: int) -> str:
    return f"_preflight_fix_{index}"


def change_popover(index: int) -> str:
    return f"_preflight_change_{index}"


@dataclass
class Checked:
    report: PreflightReport
    body: dict[str, Any]  # the form's body that was checked
    dataset_id: str
    fingerprint: str  # services.submit.fingerprint of (target, dataset, body): matches the submission's


class PreflightState(SessionView):
    checked: Slot[Checked | None] = Slot(CHECKED, None)
    expectations: Slot[dict[str, Expectation]] = Slot(EXPECTATIONS, factory=dict)
    amount: Slot[int | None] = Slot(AMOUNT, None)  # the "How much to read" choice, once drawn

    def expected(self, task_id: str) -> Expectation | None:
        """What the check before a task's submission expected it to import."""
        return self.expectations.get(task_id)


def checked_dataset_id(state: Mapping[str, Any]) -> str | None:
    """The dataset the last Check source was for; None before any check."""
    checked = state.get(CHECKED)
    return None if checked is None else checked.dataset_id
