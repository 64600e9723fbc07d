"""pages/history.py."""

from services.session_state import SessionView, Slot

SCOPE = "_history_scope"
PICK = "_history_pick"
GOTO_COMPOSE = "_history_goto_compose"
SENT = "_history_sent"  # fingerprint of the last resubmission from this page
OPEN = "_history_open"
RESUBMIT = "_history_resubmit"


class HistoryPageState(SessionView):
    goto_compose: Slot[bool] = Slot(GOTO_COMPOSE, False)  # set in a callback: the page then switches to Compose
    sent: Slot[str | None] = Slot(SENT, None)

    def take_goto_compose(self) -> bool:
        return HistoryPageState.goto_compose.take(self)
