"""The compose form saved as a draft while the user works, and restored after a reload or a server restart.

A draft is found by an id the server makes (random, unguessable) and keeps in the page's URL (`?draft=…`): a
reload keeps the URL, and after a server restart the browser reconnects with the same URL, so both find the
draft. A draft belongs to its owner (services/access.py): the signed-in user, or with no sign-in the one local
user, whose browser holds the unguessable link. A link to someone else's draft opens a new, empty draft: theirs
is neither restored nor overwritten. An id nobody's draft has is not taken either (ids are made here only).
A new tab opened at the bare address starts a new draft. No cookie or browser storage is needed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from models.limits import MAX_DRAFT_BYTES

from . import access, database, form_state
from .database import portal_store

if TYPE_CHECKING:
    from store import Draft

# The store is imported where a draft is read, written or redacted: a new session's untouched form needs none
# of that, so its first page does not load it.

log = logging.getLogger(__name__)

DRAFT_PARAM = "draft"
DRAFT_ID = "_draft_id"
RESTORED = "_draft_restored"  # set once per session, when the saved draft was looked for
SAVED = "_draft_saved"  # (digest, time.time()) of the last save
NOTICE = "_draft_notice"
REFUSED = "_draft_refused"  # the URL named someone else's draft
CHECKED = "_draft_checked"  # (fingerprint of the form, digest of its draft) from the last check
JUST_CHECKED = "_draft_just_checked"
TOO_LARGE = "_draft_too_large"  # the size of a form too large to be saved as a draft
DATASET_KEY = "dataset_id"
SAVE_EVERY_S = 3.0
UNTOUCHED = "untouched"  # the digest of a new session's form, which is worth no draft
_VALID_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


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
    """What a draft holds: the form's body without secrets, and the chosen dataset."""
    from store import redact_body

    body, _ = redact_body(form_state.body_from_state(session))
    return body, session.get(DATASET_KEY)


def _digest(body: dict[str, Any], dataset_id: str | None) -> str:
    return hashlib.sha256(json.dumps([body, dataset_id], sort_keys=True).encode()).hexdigest()


def start_session() -> None:
    """Once per browser session (from app.py, whatever page opens first): find the draft and load it.
    A session opened at the bare address has a brand-new draft id: there is nothing to look up."""
    session = st.session_state
    if session.get(RESTORED):
        draft_id(session)
        return
    session[RESTORED] = True
    # An untouched form is not worth a draft: its fingerprint stands for it until the form changes.
    session[CHECKED] = (_fingerprint({**form_state.empty_state(), DATASET_KEY: None}), UNTOUCHED)
    session[SAVED] = (UNTOUCHED, 0.0)
    in_url = st.query_params.get(DRAFT_PARAM) or ""
    if _VALID_ID.fullmatch(in_url):
        _open(session, in_url)
    draft_id(session)


def _open(session: MutableMapping[str, Any], wanted: str) -> None:
    """Take over the draft the URL names when it is this user's; otherwise say why a new one starts."""
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
        session[DATASET_KEY] = draft.dataset_id
    session[SAVED] = (_digest(draft.body, draft.dataset_id), time.time())
    session[NOTICE] = draft.updated_at


def autosave(show: Callable[[bool, float], None] | None = None) -> None:
    """Save the form when it changed, at most every SAVE_EVERY_S: a change made sooner is saved by a small
    fragment that reruns alone until then. `show(saved, saved_at)` draws the draft's state in that fragment."""
    saved = save_if_due(st.session_state)
    st.session_state[JUST_CHECKED] = saved  # the fragment's run inside this page run needn't check again
    st.fragment(run_every=None if saved else SAVE_EVERY_S)(_tick)(show)


def save_if_due(session: MutableMapping[str, Any]) -> bool:
    # Redacting and hashing a large form costs; a plain fingerprint tells first whether it changed at all.
    fingerprint = _fingerprint(session)
    checked = session.get(CHECKED)
    if checked is not None and checked[0] == fingerprint:
        body, dataset_id, digest = None, None, checked[1]
    else:
        body, dataset_id = current_form(session)
        digest = _digest(body, dataset_id)
        session[CHECKED] = (fingerprint, digest)
    saved_digest, saved_at = session.get(SAVED, (None, 0.0))
    if digest == saved_digest:
        return True
    if time.time() - saved_at < SAVE_EVERY_S:
        return False
    if body is None:
        body, dataset_id = current_form(session)
    size = len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_DRAFT_BYTES:  # the portal's cap: such a form is kept in this session only, and says so
        session[TOO_LARGE] = size
        session[SAVED] = (digest, saved_at)  # not tried again until the form changes
        return True
    session.pop(TOO_LARGE, None)
    owner = access.current().owner
    try:
        try:
            portal_store().save_draft(draft_id(session), body, dataset_id, owner=owner)
        except database.NotYours:  # the id is someone else's (they cannot share one made here): this form's own
            session[DRAFT_ID] = new_draft_id()
            portal_store().save_draft(draft_id(session), body, dataset_id, owner=owner)
    except database.StoreUnavailable:
        log.warning("the draft could not be saved", exc_info=True)
        return False
    session[SAVED] = (digest, time.time())
    return True


def _fingerprint(session: MutableMapping[str, Any]) -> str:
    """Of the form as it is (secrets included, so never stored anywhere but this hash)."""
    text = json.dumps(
        [form_state.body_from_state(session), session.get(DATASET_KEY)],
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _tick(show: Callable[[bool, float], None] | None) -> None:
    saved = st.session_state.pop(JUST_CHECKED, None)
    if saved is None:
        saved = save_if_due(st.session_state)
    if show is not None:
        show(saved, st.session_state.get(SAVED, (None, 0.0))[1])


def start_over(session: MutableMapping[str, Any] | None = None) -> None:
    """Empty the form (the dataset stays chosen) and delete the saved draft. For an on_click callback."""
    session = st.session_state if session is None else session
    form_state.load_into(session, form_state.body_from_state(form_state.empty_state()))  # as a new session has it
    try:
        portal_store().delete_draft(draft_id(session), owner=access.current().owner)
    except database.StoreUnavailable:
        log.warning("the draft could not be deleted", exc_info=True)
    body, dataset_id = current_form(session)
    session[SAVED] = (_digest(body, dataset_id), 0.0)
