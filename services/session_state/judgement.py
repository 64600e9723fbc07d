"""components/judgement.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.session_state import SessionView, Slot

if TYPE_CHECKING:
    from models import Problem

    # (the valid request's source kind, None when the body is not a valid request; errors; warnings)
    Verdict = tuple[str | None, list[Problem], list[Problem]]

CACHE = "_judgement"


class JudgementState(SessionView):
    last: Slot[tuple[tuple[str, int | None], Verdict] | None] = Slot(CACHE, None)  # ((body key, type), verdict)

    def verdict(self, body_key: str, dataset_type: int | None) -> Verdict | None:
        """The verdict kept for this body and dataset type, if it is the last one judged."""
        last = self.last
        return last[1] if last is not None and last[0] == (body_key, dataset_type) else None

    def keep(self, body_key: str, dataset_type: int | None, verdict: Verdict) -> None:
        self.last = ((body_key, dataset_type), verdict)
