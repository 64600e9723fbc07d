"""The compose form saved as a draft while the user works, and restored after a reload or a server restart.

Which draft is "mine" in an app without sign-in: a random draft id kept in the page's URL
(`?draft=…`). A reload keeps the URL, and after a server restart the browser reconnects with the same
URL, so both find the draft; a bookmarked or shared URL opens that draft too (drafts hold no secret).
A new tab opened at the bare address starts a new draft. No cookie or browser storage is needed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from . import form_state
from .history import portal_store

if TYPE_CHECKING:
    from store import Draft

# The store (SQLAlchemy) is imported where a draft is read, written or redacted: a new session's untouched form
# needs none of that, so its first page does not load it.

log = logging.getLogger(__name__)

DRAFT_PARAM = "draft"
DRAFT_ID = "_draft_id"
RESTORED = "_draft_restored"  # set once per session, when the saved draft was looked for
SAVED = "_draft_saved"  # (digest, time.time()) of the last save
NOTICE = "_draft_notice"
CHECKED = "_draft_checked"  # (fingerprint of the form, digest of its draft) from the last check
DATASET_KEY = "dataset_id"
UNTOUCHED = "untouched"  # the digest of a new session's form, which is worth no draft
_VALID_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def draft_id(session: MutableMapping[str, Any] | None = None) -> str:
    """This browser's draft id, put back in the URL when a page switch dropped it."""
    session = st.session_state if session is None else session
    current = session.get(DRAFT_ID)
    in_url = st.query_params.get(DRAFT_PARAM)
    if current is None:
        current = in_url if in_url and _VALID_ID.fullmatch(in_url) else secrets.token_urlsafe(12)
        session[DRAFT_ID] = current
    if in_url != current:
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
    in_url = _VALID_ID.fullmatch(st.query_params.get(DRAFT_PARAM) or "") is not None
    identity = draft_id(session)
    if session.get(RESTORED):
        return
    session[RESTORED] = True
    # An untouched form is not worth a draft: its fingerprint stands for it until the form changes.
    session[CHECKED] = (_fingerprint({**form_state.empty_state(), DATASET_KEY: None}), UNTOUCHED)
    session[SAVED] = (UNTOUCHED, 0.0)
    if not in_url:
        return
    from sqlalchemy.exc import SQLAlchemyError

    try:
        draft = portal_store().draft(identity)
    except SQLAlchemyError:
        log.warning("the draft could not be read", exc_info=True)
        return
    if draft is not None:
        restore(session, draft)


def restore(session: MutableMapping[str, Any], draft: Draft) -> None:
    form_state.load_into(session, draft.body)
    if draft.dataset_id:
        session[DATASET_KEY] = draft.dataset_id
    session[SAVED] = (_digest(draft.body, draft.dataset_id), time.time())
    session[NOTICE] = draft.updated_at


def save(session: MutableMapping[str, Any] | None = None) -> bool:
    """Save the form as this browser's draft if it changed since the last save; whether the draft is saved.

    Called at the start of every run that can change the form (the compose page, and its form's fragment), so
    a change is saved before anything is drawn: a reload right after it finds it. A form that did not change
    costs one fingerprint; redacting and hashing come only after a change."""
    session = st.session_state if session is None else session
    fingerprint = _fingerprint(session)
    checked = session.get(CHECKED)
    if checked is not None and checked[0] == fingerprint:
        body, dataset_id, digest = None, None, checked[1]
    else:
        body, dataset_id = current_form(session)
        digest = _digest(body, dataset_id)
        session[CHECKED] = (fingerprint, digest)
    if digest == session.get(SAVED, (None, 0.0))[0]:
        return True
    if body is None:
        body, dataset_id = current_form(session)
    from sqlalchemy.exc import SQLAlchemyError

    try:
        portal_store().save_draft(draft_id(session), body, dataset_id)
    except SQLAlchemyError:
        log.warning("the draft could not be saved", exc_info=True)  # tried again at the next run
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


def start_over(session: MutableMapping[str, Any] | None = None) -> None:
    """Empty the form (the dataset stays chosen) and delete the saved draft. For an on_click callback."""
    session = st.session_state if session is None else session
    form_state.load_into(session, form_state.body_from_state(form_state.empty_state()))  # as a new session has it
    from sqlalchemy.exc import SQLAlchemyError

    try:
        portal_store().delete_draft(draft_id(session))
    except SQLAlchemyError:
        log.warning("the draft could not be deleted", exc_info=True)
    body, dataset_id = current_form(session)
    session[SAVED] = (_digest(body, dataset_id), 0.0)
