"""Every submission recorded in the portal's database, and a second look before an identical one is sent.

The database is shared by all sessions and, with DATABASE_URL, by every app replica: an identical body
sent to the same dataset within ten minutes from anywhere waits for the user's confirmation. The
create call itself still goes through `services.submit.submit_once` (one POST per intent).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from client import ModelArtsClient, ModelArtsError

from . import access, database, settings
from .database import portal_store
from .submit import LAST, SUBMISSIONS, Submission, fingerprint, submit_once
from .target import current_connection

if TYPE_CHECKING:
    from store import Store, SubmissionRecord

log = logging.getLogger(__name__)

PENDING = "_duplicate_pending"
NOT_A_SUBMITTER = (
    "The request was not sent: submitting with the team's connection is for the submitter role. "
    "Ask the portal's administrator for it."
)
STORE_DOWN = (
    "The request was not sent: the portal's database could not be reached to record it. "
    "Check DATABASE_URL and that the database server is up, then submit again."
)


def signed_in_user() -> str:
    """The signed-in user's e-mail where the app has sign-in (st.login), else "local user"."""
    return access.current().user


def record_event(action: str, detail: str) -> None:
    """A line of the audit trail by whoever is signed in (a database fault is logged, not shown)."""
    try:
        portal_store().record_event(signed_in_user(), action, detail)
    except database.StoreUnavailable:
        log.warning("the audit trail could not be written: %s", action, exc_info=True)


def target_key(client: ModelArtsClient) -> str:
    """What identifies the target in the history: the endpoint, or "sandbox" for this process's own sandbox
    (its port changes at each start, its data stays)."""
    if current_connection().kind == "sandbox" and not settings.current().sandbox_url:
        return "sandbox"
    return client.endpoint


def project_of(client: ModelArtsClient) -> str:
    try:
        return client.project_id
    except ModelArtsError:  # looked up on the first call; the create will say what is wrong
        return ""


@dataclass
class PendingSend:
    """A send held back because the same body went to the same dataset minutes ago."""

    origin: str  # the page that asked: "compose" or "history"
    key: str  # services.submit.fingerprint of the request
    target: str
    dataset_id: str
    body: dict[str, Any]
    again: bool
    duplicate: SubmissionRecord


def pending(session: MutableMapping[str, Any]) -> PendingSend | None:
    return session.get(PENDING)


def cancel(session: MutableMapping[str, Any]) -> None:
    session.pop(PENDING, None)


def send(
    session: MutableMapping[str, Any],
    client: ModelArtsClient,
    target: str,
    dataset_id: str,
    body: dict[str, Any],
    *,
    origin: str = "compose",
    again: bool = False,
    confirmed: bool = False,
) -> Submission | None:
    """Record and send `body`, unless an identical one went to this dataset in the last ten minutes and
    the user has not `confirmed`: then it is held in the session (see `pending`) and None is returned."""
    key = fingerprint(target, dataset_id, body)
    if not access.current().may(access.SUBMIT):  # the team's credentials serve a signed-in submitter only
        return _not_sent(session, key, dataset_id, NOT_A_SUBMITTER)
    known = session.get(SUBMISSIONS, {}).get(key)
    if known is not None and known.state in ("sending", "sent") and not again:
        return submit_once(session, target, dataset_id, body, client.create_import_task)  # sends nothing
    endpoint, project_id = target_key(client), project_of(client)
    try:
        store = portal_store()
        duplicate = None
        if not confirmed:
            duplicate = store.recent_duplicate(
                endpoint=endpoint, project_id=project_id, dataset_id=dataset_id, body=body
            )
    except database.StoreUnavailable:
        log.warning("the portal's database is unreachable", exc_info=True)
        return _not_sent(session, key, dataset_id, STORE_DOWN)
    if duplicate is not None:
        session[PENDING] = PendingSend(origin, key, target, dataset_id, dict(body), again, duplicate)
        return None
    session.pop(PENDING, None)
    create = _recorded(store, client, target=target, endpoint=endpoint, project_id=project_id, again=again or confirmed)
    return submit_once(session, target, dataset_id, body, create, again=again or confirmed)


def _recorded(
    store: Store, client: ModelArtsClient, *, target: str, endpoint: str, project_id: str, again: bool = False
) -> Callable[[str, dict[str, Any]], str]:
    """`client.create_import_task`, recorded before it is sent and completed with what came of it.
    Nothing here touches Streamlit: the guard in submit_once depends on that."""
    from store import secret_values

    user = signed_in_user()

    def create(dataset_id: str, body: dict[str, Any]) -> str:
        submission_id = store.start_submission(
            user=user, target=target, endpoint=endpoint, project_id=project_id, dataset_id=dataset_id, body=body
        )
        store.record_event(
            user, "resubmitted" if again else "submitted", f"#{submission_id} to dataset {dataset_id} on {target}"
        )
        secrets = secret_values(body)
        try:
            task_id = client.create_import_task(dataset_id, body)
        except ModelArtsError as exc:
            _finish(store, submission_id, "failed", message=str(exc), secrets=secrets)
            raise
        except Exception as exc:
            message = f"The request could not be sent ({type(exc).__name__})."
            _finish(store, submission_id, "failed", message=message, secrets=secrets)
            raise
        _finish(store, submission_id, "sent", task_id=task_id)
        return task_id

    return create


def _finish(store: Store, submission_id: int, outcome: str, **details: Any) -> None:
    """Complete the record; a database fault here must not turn a created task into a failure."""
    try:
        store.finish_submission(submission_id, outcome=outcome, **details)
    except database.StoreUnavailable:
        log.warning("submission %s could not be completed in the history", submission_id, exc_info=True)


def _not_sent(session: MutableMapping[str, Any], key: str, dataset_id: str, message: str) -> Submission:
    record = Submission(key, dataset_id, "failed", message=message, at=time.time())
    session.setdefault(SUBMISSIONS, {})[key] = record
    session[LAST] = key
    return record
