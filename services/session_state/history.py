"""pages/history.py."""

SCOPE = "_history_scope"
PICK = "_history_pick"
GOTO_COMPOSE = "_history_goto_compose"
SENT = "_history_sent"  # fingerprint of the last resubmission from this page
OPEN = "_history_open"
RESUBMIT = "_history_resubmit"
