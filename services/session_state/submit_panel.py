"""components/submit_panel.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.session_state import SessionView, Slot

if TYPE_CHECKING:
    from models import ImportTaskStatus

SUBMIT = "_submit"
AGAIN = "_submit_again"
REFUSED = "_submit_refused"  # (compact JSON of the body and the dataset id at the click, what to say)
TASK_STATUS = "_task_status"


class SubmitPanelState(SessionView):
    refused: Slot[tuple[tuple[str, str], str] | None] = Slot(REFUSED, None)
    task_status: Slot[dict[str, ImportTaskStatus]] = Slot(TASK_STATUS, factory=dict)  # task_id -> last status
