"""Every submission recorded in the portal's database, and a second look before an identical one is sent.

The database is shared by all sessions and, with DATABASE_URL, by every app replica: an identical body
sent to the same dataset within ten minutes from anywhere waits for the user's confirmation. The
create call itself still goes through `services.submit.submit_once` (one POST per intent).
"""

from __future__ import annotations

import logging
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from client import ModelArtsClient, ModelArtsError
from models.messages import N_, Message

from . import access, database, settings
from .database import portal_store
from .lost_answers import FOUND, NEAR, NOT_CREATED, SETTLE_S, Lookup, answer_lost, look_for_task
from .submit import LAST, SUBMISSIONS, Submission, fingerprint, submit_once
from .target import build_client, current_connection, default_connection

if TYPE_CHECKING:
    from store import Store, SubmissionRecord

log = logging.getLogger(__name__)

PENDING = "_duplicate_pending"
NOT_A_SUBMITTER = N_(
    "The request was not sent: submitting with the team's connection is for the submitter role. "
    "Ask the portal's administrator for it."
)
STORE_DOWN = N_(
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


def target_key(client: ModelArtsClient, kind: str | None = None) -> str:
    """What identifies the target in the history: the endpoint, or "sandbox" for this process's own sandbox
    (its port changes at each start, its data stays). `kind`: the connection's, when not this session's."""
    if (kind or current_connection().kind) == "sandbox" and not settings.current().sandbox_url:
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
        return _not_sent(session, key, dataset_id, Message(NOT_A_SUBMITTER))
    known = session.get(SUBMISSIONS, {}).get(key)
    if known is not None and known.state in ("sending", "sent") and not again:
        return submit_once(session, target, dataset_id, body, client.create_import_task)  # sends nothing
    endpoint, project_id = target_key(client), project_of(client)
    try:
        store = portal_store()
        duplicate = None
        if known is not None and known.state == "unknown" and not confirmed:
            # Its answer was lost and the task may exist: ask first, whatever the window says.
            duplicate = _record_of(store, known, user=signed_in_user(), target=target, dataset_id=dataset_id)
        elif not confirmed:
            duplicate = store.recent_duplicate(
                endpoint=endpoint, project_id=project_id, dataset_id=dataset_id, body=body
            )
    except database.StoreUnavailable:
        log.warning("the portal's database is unreachable", exc_info=True)
        return _not_sent(session, key, dataset_id, Message(STORE_DOWN))
    if duplicate is not None:
        session[PENDING] = PendingSend(origin, key, target, dataset_id, dict(body), again, duplicate)
        return None
    session.pop(PENDING, None)
    create = _Recorded(store, client, target=target, endpoint=endpoint, project_id=project_id, again=again or confirmed)
    record = submit_once(session, target, dataset_id, body, create, again=again or confirmed)
    if create.submission_id is not None:
        record.record_id = create.submission_id
    return record


def _record_of(store: Store, known: Submission, **fallback: Any) -> SubmissionRecord:
    """The history's row of a session's submission, or one made from what the session knows."""
    from datetime import UTC, datetime

    from store import SubmissionRecord

    row = store.submission(known.record_id) if known.record_id is not None else None
    if row is not None:
        return row
    at = datetime.fromtimestamp(known.at, UTC)
    return SubmissionRecord(
        id=0, created_at=at, endpoint="", project_id="", body={}, secrets_removed=False, outcome=known.state,
        message=str(known.message) if known.message else None, **fallback,
    )  # fmt: skip


class _Recorded:
    """`client.create_import_task`, recorded before it is sent and completed with what came of it; the
    history row's id is kept in `submission_id`. Nothing here touches Streamlit: the guard in submit_once
    depends on that."""

    def __init__(
        self, store: Store, client: ModelArtsClient, *, target: str, endpoint: str, project_id: str, again: bool = False
    ) -> None:
        self.store, self.client, self.again = store, client, again
        self.where = {"target": target, "endpoint": endpoint, "project_id": project_id}
        self.user = signed_in_user()
        self.submission_id: int | None = None

    def __call__(self, dataset_id: str, body: dict[str, Any]) -> str:
        from store import secret_values

        store, client = self.store, self.client
        submission_id = store.start_submission(user=self.user, dataset_id=dataset_id, body=body, **self.where)
        self.submission_id = submission_id
        store.record_event(
            self.user,
            "resubmitted" if self.again else "submitted",
            f"#{submission_id} to dataset {dataset_id} on {self.where['target']}",
        )
        secrets = secret_values(body)
        try:
            task_id = client.create_import_task(dataset_id, body)
        except ModelArtsError as exc:
            outcome = "unknown" if answer_lost(exc) else "failed"
            _finish(store, submission_id, outcome, message=str(exc), secrets=secrets)  # the record is in English
            raise
        except Exception as exc:
            message = f"The request could not be sent ({type(exc).__name__})."
            _finish(store, submission_id, "failed", message=message, secrets=secrets)
            raise
        _finish(store, submission_id, "sent", task_id=task_id)
        return task_id


# --- outcomes that are not known ------------------------------------------------------------------------

RESOLVE_EVERY_S = 30.0
_last_resolved: dict[tuple[str, str], float] = {}


def resolve(store: Store, client: ModelArtsClient, row: SubmissionRecord) -> Lookup:
    """Look for the task of a submission whose answer was lost (or left "sending" by a crash) and record what
    was found: "sent" with the task, "failed" once it is sure there is none; else it stays as it is."""
    known = store.known_task_ids(endpoint=row.endpoint, project_id=row.project_id, dataset_id=row.dataset_id)
    lookup = look_for_task(client, row.dataset_id, row.body, row.created_at.timestamp(), known=known, now=time.time())
    if lookup.task is not None:
        task_id = lookup.task.task_id or ""
        store.finish_submission(row.id, outcome="sent", task_id=task_id, message=FOUND.format(task_id=task_id))
    elif lookup.settled:
        store.finish_submission(row.id, outcome="failed", message=NOT_CREATED)
    elif lookup.near is not None and time.time() - row.created_at.timestamp() >= SETTLE_S:
        # It can't be told apart from a request just before it: unknown it stays, saying why.
        store.finish_submission(row.id, outcome="unknown", message=NEAR.format(task_id=lookup.near.task_id))
    return lookup


def resolve_in_session(session: MutableMapping[str, Any], client: ModelArtsClient, shown: Submission) -> bool:
    """One look for the task of this session's submission whose answer was lost; True when its outcome is now
    known (the submission is updated). Faults leave it unknown, to be looked at again."""
    if shown.state != "unknown" or shown.record_id is None:
        return False
    try:
        store = portal_store()
        row = store.submission(shown.record_id)
        if row is None:
            return False
        lookup = resolve(store, client, row)
    except (ModelArtsError, database.StoreUnavailable):
        log.warning("the task of submission %s could not be looked for", shown.record_id, exc_info=True)
        return False
    if lookup.task is not None:
        shown.task_id = lookup.task.task_id
        shown.message = Message(FOUND, {"task_id": shown.task_id})
        shown.state = "sent"
        return True
    if lookup.settled:
        shown.message = Message(NOT_CREATED)
        shown.state = "failed"
        return True
    return False


def resolve_unresolved(
    store: Store, client: ModelArtsClient, endpoint: str, project_id: str, *, force: bool = False
) -> int:
    """Resolve this target's submissions whose outcome is unknown, and those left "sending" by a crash (at
    most every RESOLVE_EVERY_S per target unless `force`); returns how many were resolved."""
    now = time.time()
    if not force and now - _last_resolved.get((endpoint, project_id), 0.0) < RESOLVE_EVERY_S:
        return 0
    _last_resolved[(endpoint, project_id)] = now
    from datetime import UTC, datetime

    before = datetime.fromtimestamp(now - SETTLE_S, UTC)
    resolved = 0
    try:
        rows = store.unresolved_submissions(endpoint=endpoint, project_id=project_id, sending_before=before)
    except database.StoreUnavailable:
        log.warning("unresolved submissions could not be read", exc_info=True)
        return 0
    for row in rows:
        try:
            lookup = resolve(store, client, row)
        except (ModelArtsError, database.StoreUnavailable):
            log.warning("the task of submission %s could not be looked for", row.id, exc_info=True)
            continue
        resolved += lookup.task is not None or lookup.settled
    return resolved


def _finish(store: Store, submission_id: int, outcome: str, **details: Any) -> None:
    """Complete the record; a database fault here must not turn a created task into a failure."""
    try:
        store.finish_submission(submission_id, outcome=outcome, **details)
    except database.StoreUnavailable:
        log.warning("submission %s could not be completed in the history", submission_id, exc_info=True)


def _not_sent(session: MutableMapping[str, Any], key: str, dataset_id: str, message: Message) -> Submission:
    record = Submission(key, dataset_id, "failed", message=message, at=time.time())
    session.setdefault(SUBMISSIONS, {})[key] = record
    session[LAST] = key
    return record


def resolve_at_start() -> int:
    """At the server's start: the default target's submissions that a lost answer left unknown, or a crash
    left "sending", are looked for and resolved."""
    connection = default_connection()
    client = build_client(connection)
    endpoint = target_key(client, connection.kind)
    return resolve_unresolved(portal_store(), client, endpoint, project_of(client), force=True)
