"""The interface's words in the reader's language: the catalog (locales/<language>/LC_MESSAGES/messages.po,
Babel), the language of this session, and dates and numbers as that language writes them.

The language: chosen with the frame's switch, else the one the signed-in person saved (store), else the one
this browser chose (a cookie), else what the browser asks for (Accept-Language); see `pick`.

Code marks text with `_("English text")` (components, pages, services) or keeps it as a `models.messages.Message`
(models, client, preflight), and `render` shows either. The English text is the catalog's message id, so English
needs no catalog. `bash scripts/catalog.sh` extracts every marked text and updates the catalogs;
tests/test_catalog.py fails on a message that lacks a translation or a translation that nothing uses.
Snippets, the request body and API field names stay as the API spells them: they are never marked.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import io
import logging
import re
import threading
from datetime import datetime
from pathlib import Path

import streamlit as st

from models.messages import Message

ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = {ENGLISH: "English", CHINESE: "中文"}  # each named in itself, as a language switch shows it
CATALOGS = Path(__file__).resolve().parent.parent / "locales"
LANGUAGE = "_language"  # the language chosen in this session (the switch)
SAVED = "_language_saved"  # (owner, language or None): the signed-in person's saved choice, read once per session
COOKIE = "import_composer_language"  # the language chosen in this browser, for people not signed in
COOKIE_DUE = "_language_cookie_due"  # a choice to write into the cookie in the next run
log = logging.getLogger(__name__)
_run = threading.local()  # the current script run's catalog (settle)


@functools.cache
def catalog(language: str) -> gettext_module.NullTranslations:
    """The catalog of a language, read from its .po once per process; English (the message ids) needs none."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    if language == ENGLISH or not path.exists():
        return gettext_module.NullTranslations()
    with path.open("rb") as file:
        messages = read_po(file, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages)  # leaves out fuzzy and untranslated entries, so they show in English
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def negotiate(accept_language: str | None) -> str:
    """The language an Accept-Language header asks for first among ours: zh, zh-CN, zh-Hans... -> Chinese."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, rest = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([^;,\s]*)", rest)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.lower()))
    for _quality, _position, tag in sorted(ranked):
        primary = tag.replace("_", "-").split("-")[0]
        if primary == "zh" and not any(part in tag for part in ("-tw", "-hk", "-mo", "-hant")):
            return CHINESE
        if primary == "en":
            return ENGLISH
    return ENGLISH


def pick(chosen: str | None, saved: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language to show: chosen in this session, else the signed-in person's saved choice, else this
    browser's (its cookie), else what the browser asks for (Accept-Language)."""
    for candidate in (chosen, saved, cookie):
        if candidate in LANGUAGES:
            return candidate
    return negotiate(accept_language)


def language() -> str:
    """This session's language (`pick`): what the switch chose, else what was remembered, else what the
    browser asks for."""
    chosen = st.session_state.get(LANGUAGE)
    if chosen in LANGUAGES:
        return chosen
    try:
        cookie, accept_language = st.context.cookies.get(COOKIE), st.context.headers.get("Accept-Language")
        # The browser's own language (navigator.language) first: the header is the websocket request's, which a
        # proxy may rewrite, and which some Chromium builds send in English whatever the browser's language.
        accept_language = ", ".join(part for part in (st.context.locale, accept_language) if part)
    except Exception:  # no browser behind this run (a bare script, a test harness without headers)
        cookie, accept_language = None, None
    return pick(None, saved_choice(), cookie, accept_language)


def saved_choice() -> str | None:
    """The signed-in person's saved language, read from the store once per session (None when not signed in,
    nothing saved, or the database unreachable: the next ways of choosing then decide)."""
    from . import access

    try:
        identity = access.current()
    except Exception:  # no script run behind this call
        return None
    if not identity.signed_in:
        return None
    known = st.session_state.get(SAVED)
    if known is not None and known[0] == identity.owner:
        return known[1]
    from .database import StoreUnavailable, portal_store

    try:
        saved = portal_store().preferences(identity.owner).language
    except StoreUnavailable:
        log.warning("the saved language could not be read", exc_info=True)
        saved = None
    st.session_state[SAVED] = (identity.owner, saved)
    return saved


def choose(chosen: str) -> None:
    """The reader switched to `chosen`: this session shows it from its next run on, and it is remembered for
    them (signed in: in the portal's store; else in this browser, a cookie the switch writes)."""
    if chosen not in LANGUAGES:
        return
    from . import access

    st.session_state[LANGUAGE] = chosen
    identity = access.current()
    if identity.signed_in:
        from .database import StoreUnavailable, portal_store

        try:
            portal_store().save_language(identity.owner, chosen)
            st.session_state[SAVED] = (identity.owner, chosen)
            return
        except StoreUnavailable:  # remembered by this browser instead
            log.warning("the chosen language could not be saved", exc_info=True)
    st.session_state[COOKIE_DUE] = chosen


def cookie_due() -> str | None:
    """The language to keep in this browser's cookie (read back as st.context.cookies by later sessions), once
    after each choice that is to be kept there; None when there is nothing to write."""
    due = st.session_state.pop(COOKIE_DUE, None)
    return due if due in LANGUAGES else None


def settle() -> str:
    """Fix this script run's language (the frame calls it first in every run): `_` then costs a dict lookup
    instead of a look at the session, the store and the browser's headers. Each session's runs have a script
    thread of their own, and the next run settles again."""
    chosen = language()
    _run.language = chosen
    _run.translations = catalog(chosen)
    return chosen


def current() -> str:
    """This run's language, as settled (a fragment's run, which skips the frame, settles it at its first use)."""
    return getattr(_run, "language", None) or settle()


def _translations() -> gettext_module.NullTranslations:
    translations = getattr(_run, "translations", None)
    if translations is None:
        settle()
        translations = _run.translations
    return translations


def gettext(message: str) -> str:
    """`message` (the English text) in this session's language."""
    return _translations().gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count` in this session's language."""
    return _translations().ngettext(singular, plural, count)


def render(text: Message | str) -> str:
    """A Message from below the services, or text already in the reader's language."""
    if isinstance(text, Message):
        return text.render(gettext)
    return text


def babel_locale() -> str:
    return "zh_Hans_CN" if current() == CHINESE else "en_US"


def number(value: float | int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def date_time(moment: datetime) -> str:
    """A moment as the reader's language writes it, to the second (already in the zone to show)."""
    from babel.dates import format_datetime

    return format_datetime(moment, "medium", locale=babel_locale())


def time_of_day(moment: datetime) -> str:
    """The time of a moment as the reader's language writes it, to the second (already in the zone to show)."""
    from babel.dates import format_time

    return format_time(moment, "medium", locale=babel_locale())
