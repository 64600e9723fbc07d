"""The portal's database for this process: history, drafts and templates (the `store` package).

This module alone opens the store; pages, components and the other services reach it through here and
catch only `StoreUnavailable` (the database is down or failed) and `StoreError` (something to explain: a
name taken, a template gone, a bad file). No caller needs to know that the store is built on SQLAlchemy.
The store (~0.3 s to import and open) is imported where it is first used: a new session's first page needs
none of it, and the server's warm-up opens it once that page is drawn (services/startup.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import streamlit as st

from models.messages import N_

from . import settings
from .i18n import _

if TYPE_CHECKING:
    from store import NotYours, Store, StoreError, StoreUnavailable

__all__ = ["NotYours", "StoreError", "StoreUnavailable", "canonical_body", "portal_store", "unreachable"]

log = logging.getLogger(__name__)

DRAFTS_KEPT = timedelta(days=90)


def __getattr__(name: str) -> Any:
    """StoreError, NotYours and StoreUnavailable, loaded with the store when first asked for (an `except`
    clause asks only when an exception reaches it)."""
    if name in ("StoreError", "NotYours", "StoreUnavailable"):
        import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# What a page may say could not be read or saved (`unreachable`'s `what`), for the catalog.
SUBJECTS = (
    N_("The template"),
    N_("The templates"),
    N_("The history"),
    N_("The audit trail"),
    N_("The portal's history"),
)
_UNREACHABLE = {
    "read": N_(
        "{what} could not be read: the portal's database is unreachable. "
        "Check DATABASE_URL and that the database server is up."
    ),
    "saved": N_(
        "{what} could not be saved: the portal's database is unreachable. "
        "Check DATABASE_URL and that the database server is up."
    ),
}


def unreachable(what: str, done: str = "read") -> str:
    """The one message for what could not be read (or saved) because the database could not be reached, in the
    reader's language; `what` is one of SUBJECTS, `done` "read" or "saved"."""
    return _(_UNREACHABLE[done]).format(what=_(what))


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    from store import Store, StoreUnavailable

    store = Store(url)
    try:
        store.forget_old_drafts(DRAFTS_KEPT)
    except StoreUnavailable:
        log.warning("old drafts could not be removed", exc_info=True)
    return store


def portal_store() -> Store:
    """This process's store: DATABASE_URL, else a SQLite file in the data folder. Raises StoreUnavailable."""
    from store import database_url

    configured = settings.current()
    return _open_store(database_url(configured.data_dir, configured.database_url))


def canonical_body(body: dict, what: str) -> dict:
    """A body as a template keeps it (StoreError when it is not one)."""
    from store.template_files import canonical_body as canonical

    return canonical(body, what)
