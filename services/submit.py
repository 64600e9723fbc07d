"""One POST per intent: the create call is guarded by a fingerprint of where it goes and what it sends.

Streamlit stops a superseded run at its next `st.*` access, so the guard dict is taken from the session
before the call and written without touching Streamlit after it (streamlit-notes, "Submitting").
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from client import ModelArtsError
from models.messages import Message

from .lost_answers import answer_lost

SUBMISSIONS = "_submissions"
LAST = "_last_submission"


@dataclass
class Submission:
    fingerprint: str
    dataset_id: str
    state: str  # "sending", "sent", "failed" or "unknown" (the answer was lost: the task may exist)
    task_id: str | None = None
    message: Message | None = None  # what to tell the person (services.i18n.render shows it)
    at: float = 0.0
    record_id: int | None = None  # its row in the portal's history, where one was written


def fingerprint(target: str, dataset_id: str, body: dict[str, Any]) -> str:
    payload = json.dumps([target, dataset_id, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def submit_once(
    session: MutableMapping[str, Any],
    target: str,
    dataset_id: str,
    body: dict[str, Any],
    create: Callable[[str, dict[str, Any]], str],
    *,
    again: bool = False,
) -> Submission:
    """Send `body` unless the same thing was sent (or is being sent) already; a failed send may be retried.

    `again=True` is the user's explicit wish to send an identical request once more. A send whose answer was
    lost ("unknown") counts as sent until the task is found or known not to exist.
    """
    submissions: dict[str, Submission] = session.setdefault(SUBMISSIONS, {})
    key = fingerprint(target, dataset_id, body)
    previous = submissions.get(key)
    session[LAST] = key
    if previous is not None and previous.state == "sending":
        return previous
    if previous is not None and previous.state in ("sent", "unknown") and not again:
        return previous
    record = Submission(key, dataset_id, "sending", at=time.time())
    submissions[key] = record
    try:
        record.task_id = create(dataset_id, body)
        record.state = "sent"
    except ModelArtsError as exc:
        record.state = "unknown" if answer_lost(exc) else "failed"
        record.message = exc.message
    except Exception as exc:  # the form must survive anything; say what happened, keep the values
        record.state = "failed"
        record.message = Message(
            "The request could not be sent ({kind}). The form is unchanged; try again.", {"kind": type(exc).__name__}
        )
    return record


def submission(session: Mapping[str, Any], fingerprint: str | None) -> Submission | None:
    """What this session's request with that fingerprint came to."""
    return session.get(SUBMISSIONS, {}).get(fingerprint) if fingerprint else None


def last_submission(session: MutableMapping[str, Any]) -> Submission | None:
    key = session.get(LAST)
    return session.get(SUBMISSIONS, {}).get(key) if key else None
