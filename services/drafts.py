"""The compose form saved as a draft while the user works, and restored after a reload or a server restart.

A draft is found by an id the server makes (random, unguessable) and keeps in the page's URL (`?draft=…`): a
reload keeps the URL, and after a server restart the browser reconnects with the same URL, so both find the
draft. A draft belongs to its owner (services/access.py): the signed-in user, or with no sign-in the one local
user, whose browser holds the unguessable link. A link to someone else's draft opens a new, empty draft: theirs
is neither restored nor overwritten. An id nobody's draft has is not taken either (ids are made here only).
A new tab opened at the bare address starts a new draft. No cookie or browser storage is needed.
"""

from __future__ import annotations

import atexit
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from models.limits import MAX_DRAFT_BYTES

from . import access, database, form_state
from .database import portal_store
from .session_state import SessionView, Slot

if TYPE_CHECKING:
    from datetime import datetime

    from store import Draft, Store

# The store is imported where a draft is read, written or redacted: a new session's untouched form needs none
# of that, so its first page does not load it.

log = logging.getLogger(__name__)

DRAFT_PARAM = "draft"
DRAFT_ID = "_draft_id"
RESTORED = "_draft_restored"  # set once per session, when the saved draft was looked for
SAVED = "_draft_saved"  # (fingerprint of the form, time.time()) when it was last handed to the writer
NOTICE = "_draft_notice"
REFUSED = "_draft_refused"  # the URL named someone else's draft
TOO_LARGE = "_draft_too_large"  # the size of a form too large to be saved as a draft
SETTLE_S = 0.25  # how long the writer lets a run finish before writing what it handed over
_VALID_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class DraftsState(SessionView):
    """What the draft bar reads of the drafts kept for this session."""

    saved: Slot[tuple[str | None, float]] = Slot(SAVED, (None, 0.0))
    too_large: Slot[int | None] = Slot(TOO_LARGE, None)
    notice: Slot[datetime | None] = Slot(NOTICE, None)  # when the draft just restored was last saved
    refused: Slot[bool] = Slot(REFUSED, False)

    def take_notice(self) -> datetime | None:
        return DraftsState.notice.take(self)

    def take_refused(self) -> bool:
        return DraftsState.refused.take(self)


def new_draft_id() -> str:
    return secrets.token_urlsafe(18)  # 144 random bits


def draft_id(session: MutableMapping[str, Any] | None = None) -> str:
    """This browser's draft id (made here), put back in the URL when a page switch dropped it."""
    session = st.session_state if session is None else session
    current = session.get(DRAFT_ID)
    if current is None:
        current = session[DRAFT_ID] = new_draft_id()
    if st.query_params.get(DRAFT_PARAM) != current:
        st.query_params[DRAFT_PARAM] = current
    return current


def draft_query() -> dict[str, str]:
    """Query params for st.switch_page, which otherwise drops them."""
    return {DRAFT_PARAM: draft_id()}


def current_form(session: MutableMapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """What a draft of this form holds: the body as the store keeps it (no secrets), and the chosen dataset."""
    from store import redact_body

    body, _ = redact_body(form_state.body_from_state(session))
    return body, session.get(form_state.DATASET_ID)


def start_session() -> None:
    """Once per browser session (from app.py, whatever page opens first): find the draft and load it.
    A session opened at the bare address has a brand-new draft id: there is nothing to look up."""
    session = st.session_state
    if session.get(RESTORED):
        draft_id(session)
        return
    session[RESTORED] = True
    # An untouched form is not worth a draft: counted as saved until it changes.
    session[SAVED] = (_fingerprint({**form_state.empty_state(), form_state.DATASET_ID: None}), 0.0)
    in_url = st.query_params.get(DRAFT_PARAM) or ""
    if _VALID_ID.fullmatch(in_url):
        _open(session, in_url)
    draft_id(session)


def _open(session: MutableMapping[str, Any], wanted: str) -> None:
    """Take over the draft the URL names when it is this user's; otherwise say why a new one starts."""
    writer.wait(wanted)  # a reload right after a change: that change's write first
    try:
        draft = portal_store().draft(wanted)
    except database.StoreUnavailable:
        log.warning("the draft could not be read", exc_info=True)
        return
    if draft is None:
        return  # gone (started over, or forgotten after months), or an id made up: a new draft starts
    if draft.owner != access.current().owner:
        session[REFUSED] = True
        return
    session[DRAFT_ID] = wanted
    restore(session, draft)


def restore(session: MutableMapping[str, Any], draft: Draft) -> None:
    form_state.load_into(session, draft.body)
    if draft.dataset_id:
        session[form_state.DATASET_ID] = draft.dataset_id
    session[SAVED] = (_fingerprint(session), time.time())
    session[NOTICE] = draft.updated_at


def save(session: MutableMapping[str, Any] | None = None, body_key: str | None = None) -> bool:
    """Save the form as this browser's draft if it changed since the last save; False if the last write of
    this draft failed (it is tried again at the next change).

    Called at the start of every run that can change the form (the compose page, and its form's fragment), so
    a change is handed over before anything is drawn. The run only compares a fingerprint and hands the form's
    text to this process's draft writer, which redacts and writes it on its own thread; a session that opens
    the same draft (a reload) first waits for that write (`start_session`). `body_key`: the form's body's key
    (form_state.body_key) when the caller has it already (the compose form's check makes it), so it is not made
    twice. The form's text is written only when it changed."""
    session = st.session_state if session is None else session
    fingerprint = _fingerprint(session, body_key)
    if session.get(DRAFT_ID) in writer.not_yours:  # the id is someone else's (they cannot share one made
        session[DRAFT_ID] = new_draft_id()  # here): this form gets its own, and is saved under it now
        session.pop(SAVED, None)
    identity = draft_id(session)
    if fingerprint != session.get(SAVED, (None, 0.0))[0]:
        session[SAVED] = (fingerprint, time.time())
        text = _form_text(session)
        size = len(text.encode())
        if size > MAX_DRAFT_BYTES:  # the portal's cap: such a form is kept in this session only, and says so
            session[TOO_LARGE] = size
            return identity_saved(session)
        session.pop(TOO_LARGE, None)
        try:
            store = portal_store()
        except database.StoreUnavailable:
            log.warning("the draft could not be saved", exc_info=True)  # tried again at the next change
            writer.failed.add(identity)
            return False
        writer.put(store, identity, text, access.current().owner)
    return identity_saved(session)


def identity_saved(session: MutableMapping[str, Any]) -> bool:
    """Whether this browser's draft is saved: False while its last write has failed."""
    return draft_id(session) not in writer.failed


def _form_text(session: Mapping[str, Any]) -> str:
    """The form as JSON text ([body, dataset id], secrets included: handed only to the store, which removes
    them)."""
    return json.dumps(
        [form_state.body_from_state(session), session.get(form_state.DATASET_ID)],
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def _fingerprint(session: Mapping[str, Any], body_key: str | None = None) -> str:
    """Of the form as it is: its body's key (form_state.body_key: a digest, secrets included) and its dataset.
    `body_key` when the caller has it already."""
    key = form_state.body_key(form_state.body_from_state(session)) if body_key is None else body_key
    return f"{key}:{json.dumps(session.get(form_state.DATASET_ID), ensure_ascii=False)}"


class DraftWriter:
    """Writes drafts on a thread of its own, newest text per draft, in order; `wait(draft)` until written."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._pending: dict[str, tuple[Store, str, str]] = {}
        self._writing: set[str] = set()
        self.failed: set[str] = set()  # drafts whose last write failed
        self.not_yours: set[str] = set()  # ids found to be someone else's draft
        self._hurry = 0  # how many wait for a write
        self._thread: threading.Thread | None = None

    def put(self, store: Store, identity: str, text: str, owner: str) -> None:
        with self._lock:
            self._pending[identity] = (store, text, owner)  # a newer text replaces one not yet written
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="draft-writer", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def discard(self, identity: str) -> None:
        """Drop a write not yet begun, and wait for one under way (before the draft is deleted)."""
        with self._lock:
            self._pending.pop(identity, None)
        self.wait(identity)

    def wait(self, identity: str | None = None, timeout: float = 30.0) -> None:
        """Until `identity`'s draft (or every draft) is written."""

        def written() -> bool:
            busy = self._writing | set(self._pending)
            return not busy if identity is None else identity not in busy

        with self._lock:
            self._hurry += 1
            self._lock.notify_all()
            try:
                self._lock.wait_for(written, timeout)
            finally:
                self._hurry -= 1

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: bool(self._pending))
                # Let the run that handed the form over finish first (this thread would slow it down), unless
                # somebody waits for the write.
                self._lock.wait_for(lambda: self._hurry > 0, SETTLE_S)
                if not self._pending:  # discarded meanwhile (Start over)
                    continue
                identity = next(iter(self._pending))
                store, text, owner = self._pending.pop(identity)
                self._writing.add(identity)
            ok = True
            try:
                body, dataset_id = json.loads(text)
                store.save_draft(identity, body, dataset_id, owner=owner)  # the store removes the secrets
            except database.NotYours:
                self.not_yours.add(identity)  # the session takes a new id at its next save
                ok = False
            except database.StoreUnavailable:
                log.warning("the draft could not be saved", exc_info=True)
                ok = False
            except Exception:  # the writer must outlive any one draft
                log.exception("the draft could not be saved")
                ok = False
            with self._lock:
                self._writing.discard(identity)
                (self.failed.discard if ok else self.failed.add)(identity)
                self._lock.notify_all()


writer = DraftWriter()
atexit.register(writer.wait)  # a change made just before the server stops is still written


def wait_for_saves() -> None:
    """Until every draft handed over is written (for tests, and before reading the store directly)."""
    writer.wait()


def start_over(session: MutableMapping[str, Any] | None = None) -> None:
    """Empty the form (the dataset stays chosen) and delete the saved draft. For an on_click callback."""
    session = st.session_state if session is None else session
    form_state.load_into(session, form_state.body_from_state(form_state.empty_state()))  # as a new session has it
    identity = draft_id(session)
    writer.discard(identity)
    try:
        portal_store().delete_draft(identity, owner=access.current().owner)
    except database.StoreUnavailable:
        log.warning("the draft could not be deleted", exc_info=True)
    session[SAVED] = (_fingerprint(session), 0.0)
