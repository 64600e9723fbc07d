"""The interface's words in the reader's language: the catalog (locales/<language>/LC_MESSAGES/messages.po,
Babel), the language of this session, and dates and numbers as that language writes them.

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
LANGUAGE = "_language"  # this session's language, once known
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


def language() -> str:
    """This session's language: the one chosen, else what the browser asks for."""
    chosen = st.session_state.get(LANGUAGE)
    if chosen in LANGUAGES:
        return chosen
    try:
        return negotiate(st.context.headers.get("Accept-Language"))
    except Exception:  # no browser behind this run (a bare script, a test harness without headers)
        return ENGLISH


def settle() -> str:
    """Fix this script run's language (the frame calls it first in every run): `_` then costs a dict lookup
    instead of a look at the session and the browser's headers. Each session's runs have a script thread of
    their own, and the next run settles again."""
    chosen = language()
    _run.translations = catalog(chosen)
    return chosen


def _translations() -> gettext_module.NullTranslations:
    return getattr(_run, "translations", None) or catalog(language())


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
    return "zh_Hans_CN" if language() == CHINESE else "en_US"


def number(value: float | int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def date_time(moment: datetime) -> str:
    """A moment as the reader's language writes it, to the second (already in the zone to show)."""
    from babel.dates import format_datetime

    return format_datetime(moment, "medium", locale=babel_locale())
