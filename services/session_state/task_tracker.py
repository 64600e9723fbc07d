"""components/task_tracker.py."""

from collections.abc import Mapping
from typing import Any

CACHE = "_tracked_tasks"  # task_id -> components.task_tracker.Observed


def card(task_id: str) -> str:
    return f"_task_{task_id}"


def observed(state: Mapping[str, Any], task_id: str) -> Any | None:
    """What the tracker last saw of a task in this session (components.task_tracker.Observed), or None."""
    return (state.get(CACHE) or {}).get(task_id)
