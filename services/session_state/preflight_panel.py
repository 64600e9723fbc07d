"""components/preflight_panel.py: Check source."""

from collections.abc import Mapping
from typing import Any

CHECKED = "_preflight_checked"  # the last check: components.preflight_panel.Checked
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


def checked_dataset_id(state: Mapping[str, Any]) -> str | None:
    """The dataset the last Check source was for; None before any check."""
    checked = state.get(CHECKED)
    return None if checked is None else getattr(checked, "dataset_id", None)
