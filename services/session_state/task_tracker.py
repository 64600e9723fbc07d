"""components/task_tracker.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.session_state import SessionView, Slot

if TYPE_CHECKING:
    from models import ImportTaskStatus
    from models.messages import Message

CACHE = "_tracked_tasks"  # task_id -> Observed


def card(task_id: str) -> str:
    return f"_task_{task_id}"


@dataclass
class Observed:
    status: ImportTaskStatus | None
    fetched: float  # time.time() of the last answer (or attempt)
    seen: dict[str, float]  # status -> when this portal first saw it
    problem: Message | None = None  # why the last look failed (a client error's message)


class TaskTrackerState(SessionView):
    observed: Slot[dict[str, Observed]] = Slot(CACHE, factory=dict)  # task_id -> what was last seen of it


def observed(state: Mapping[str, Any], task_id: str) -> Observed | None:
    """What the tracker last saw of a task in this session, or None."""
    return (state.get(CACHE) or {}).get(task_id)
