"""Why a source could not be read at all (as opposed to problems found in what was read)."""

from __future__ import annotations


class SourceUnreadable(Exception):
    """The storage could not be reached or refused access. `message` says what to check; it never
    contains a secret."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
