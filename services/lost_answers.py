"""A create whose answer was lost: the task may exist. The app looks for it instead of guessing.

When the request left but no usable answer came back (read timeout, a dropped connection, an answer cut
off), the outcome is unknown: the service may have created the task. The dataset's import tasks created
since the attempt with the same import path and type are then listed (`GET .../import-tasks`, newest first):
the one found is the task. Once the list has been read long enough after the attempt that no create can
still be under way, finding nothing means no task was created.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from client import InvalidResponseError, ModelArtsClient, ServerError, TransportError
from models import ImportTaskStatus
from models.messages import N_

# A create not answered this long after it was sent is over, one way or the other (the client gives up
# reading after 30 s; a service still working on it after two minutes is not to be expected).
SETTLE_S = 120.0
# A matching task created after the attempt began (by the service's clock) is taken for its task. One created
# up to CLOCK_SKEW_S before may be its task, were this machine's clock ahead of the service's, or someone's same
# request just before: the outcome then stays unknown, and says why. Never is an earlier task taken for it.
NEAR_S = 0.0
CLOCK_SKEW_S = 60.0
PAGE = 100
PAGES = 5  # at most 500 of the dataset's newest tasks are looked through

# Message ids: the history stores them in English, a session shows them as Messages.
FOUND = N_("The answer to the request was lost, but the task was found in the dataset's import tasks: {task_id}.")
NOT_CREATED = N_(
    "The answer to the request was lost, and no import task with its path and type was created since: "
    "nothing was imported. Submit it again."
)
_IMPORT_TYPES = {"0": "dir", "1": "manifest"}  # the legacy integers, as text
LOOKING = N_("The app is looking for the task in the dataset's import tasks.")
NEAR = N_(
    "The answer to the request was lost. A task with the same path and type, {task_id}, was created just before "
    "it was sent: it may be this request's task or another request's. Look at the dataset's tasks before "
    "sending it again."
)


def answer_lost(exc: BaseException) -> bool:
    """Whether a failed create may still have created the task: it left, and no usable answer came back."""
    if isinstance(exc, TransportError):
        return not exc.nothing_sent
    if isinstance(exc, InvalidResponseError):
        # Cut off, unreadable, or without a task id: the service got it. A redirect was not followed.
        return exc.reason != "redirect" and (exc.http_status is None or 200 <= exc.http_status < 300)
    if isinstance(exc, ServerError):
        return exc.http_status in (502, 504)  # a gateway gave up waiting; the service may have finished
    return False


@dataclass(frozen=True)
class Lookup:
    """What a look at the dataset's tasks found: the task, or none; `settled` when none means none. `near`: a
    matching task created just before the attempt, which may or may not be its task."""

    task: ImportTaskStatus | None
    settled: bool
    near: ImportTaskStatus | None = None


def look_for_task(
    client: ModelArtsClient,
    dataset_id: str,
    body: Mapping[str, Any],
    sent_at: float,
    *,
    known: Iterable[str] = (),
    now: float,
) -> Lookup:
    """The task `body` created in `dataset_id` after `sent_at` (epoch seconds), if any; raises the client's
    ModelArtsError when the list cannot be read. `known`: task ids already accounted for."""
    since_ms = (sent_at - CLOCK_SKEW_S) * 1000
    near_ms = (sent_at - NEAR_S) * 1000
    skip = set(known)
    matches: list[ImportTaskStatus] = []
    for page in range(PAGES):
        listing = client.list_import_tasks(dataset_id, limit=PAGE, offset=page * PAGE)
        tasks = listing.import_tasks
        for task in tasks:
            if task.task_id and task.task_id not in skip and _created_since(task, since_ms) and same_import(task, body):
                matches.append(task)
        if len(tasks) < PAGE or all(not _created_since(task, since_ms) for task in tasks):
            break
    since_attempt = [task for task in matches if _created_since(task, near_ms)]
    if since_attempt:
        # The first created after the attempt (a later one is someone's next request).
        return Lookup(min(since_attempt, key=lambda task: task.create_time or 0), settled=True)
    near = max(matches, key=lambda task: task.create_time or 0) if matches else None
    return Lookup(None, settled=near is None and now - sent_at >= SETTLE_S, near=near)


def _created_since(task: ImportTaskStatus, since_ms: float) -> bool:
    return task.create_time is None or task.create_time >= since_ms


def same_import(task: ImportTaskStatus, body: Mapping[str, Any]) -> bool:
    """Whether `task` imports what `body` asks: the same path (s3:// and obs:// alike) and type, or for a
    table source the same kind of source."""
    path = body.get("import_path")
    wanted_path = path_key(path) if isinstance(path, str) and path else None
    if wanted_path != (path_key(task.import_path) if task.import_path else None):
        return False
    if path and task.import_type is not None:
        wanted = str(body.get("import_type") or "dir").strip().lower()
        if _IMPORT_TYPES.get(wanted, wanted) != getattr(task.import_type, "value", task.import_type):
            return False
    source = body.get("data_source")
    if isinstance(source, Mapping) and task.data_source and "data_type" in task.data_source:
        return str(source.get("data_type")) == str(task.data_source.get("data_type"))
    return True


def path_key(path: str) -> str:
    """An OBS path without its scheme and edge slashes: the service answers obs:// for s3:// requests."""
    text = path.strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    return text.strip("/")
