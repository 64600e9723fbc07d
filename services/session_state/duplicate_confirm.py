"""components/duplicate_confirm.py."""

PANEL = "_duplicate_confirm"
SEND = "_duplicate_send"
CANCEL = "_duplicate_cancel"
