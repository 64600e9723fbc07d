"""The language switch: English / 中文, each named in itself (never translated). A click shows the page in that
language at once, and the choice is remembered for the person (services/i18n.py `choose`)."""

from __future__ import annotations

import streamlit as st

from services import i18n
from services.i18n import _
from services.session_state.language_switch import SWITCH, LanguageSwitchState

from . import cookies


def language_switch() -> None:
    shown, state = i18n.current(), LanguageSwitchState(st.session_state)
    if state.shown != shown:
        state.shown = shown  # a language worked out (a saved choice, a cookie...) shows as chosen
    st.segmented_control(
        _("Language"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.__getitem__,
        required=True,
        key=SWITCH,
        label_visibility="collapsed",
        on_change=_switched,
    )
    kept = i18n.cookie_due()  # a choice this browser keeps: its cookie is written now
    if kept:
        cookies.remember(i18n.COOKIE, kept)


def _switched() -> None:
    i18n.choose(LanguageSwitchState(st.session_state).shown or i18n.current())
