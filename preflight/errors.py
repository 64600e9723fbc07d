"""Why a source could not be read at all (as opposed to problems found in what was read)."""

from __future__ import annotations

from models.messages import Text


class SourceUnreadable(Exception):
    """The storage could not be reached or refused access. `message` (a Message; str() is English) says what
    to check; it never contains a secret."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message
