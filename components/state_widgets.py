"""Small wrappers that bind a widget to a form key: kept while hidden, and marked as set when touched."""

from typing import Any

import streamlit as st

from services import form_state
from services.i18n import _
from services.session_state.state_widgets import forget_button

SECRET_LIVE = "0ms"  # every keystroke: a commit after a pause could come after a click made sooner


def _mark(key: str) -> None:
    form_state.mark_present(st.session_state, key)


def toggle(label: str, key: str, help: str | None = None, disabled: bool = False) -> bool:
    return st.toggle(
        label, key=key, help=help, on_change=_mark, args=(key,), persist_state="session", disabled=disabled
    )


def text(label: str, key: str, help: str | None = None, placeholder: str | None = None) -> str:
    # live: what is typed is taken in after a short pause too, not only on Enter or leaving the box, so a
    # reload or a click right after typing finds it.
    return st.text_input(label, key=key, help=help, placeholder=placeholder, persist_state="session", live=True) or ""


def choice(
    label: str,
    key: str,
    options: list[Any],
    labels: dict[Any, str] | None = None,
    help: str | None = None,
    horizontal: bool = True,
) -> Any:
    names = labels or {}
    return st.radio(
        label,
        options,
        key=key,
        format_func=lambda value: names.get(value, str(value)),
        help=help,
        horizontal=horizontal,
        on_change=_mark,
        args=(key,),
        persist_state="session",
    )


def secret(label: str, key: str, help: str | None = None) -> None:
    """A password box whose text is taken into the session's secret store at each keystroke, so whatever
    follows the typing finds it: a Tab onto the box's own eye button (which does not count as leaving the
    box, so nothing else would take the text in), an Enter, a click elsewhere or on Submit at once. The box
    is emptied once the secret is used (`clear_secret_boxes`)."""
    store = form_state.FormState(st.session_state).secrets
    stored = bool(store.get(key))
    st.text_input(
        label,
        key=key,
        type="password",
        help=help,
        placeholder=_("•••• stored for this session; type to replace") if stored else None,
        on_change=_keep_secret,
        args=(key,),
        autocomplete="off",
        live=SECRET_LIVE,
    )
    if stored:
        st.button(_("Forget"), key=forget_button(key), on_click=_forget_secret, args=(key,), type="tertiary")


def _keep_secret(key: str) -> None:
    value = st.session_state.get(key) or ""
    if value:
        form_state.FormState(st.session_state).secrets[key] = value


def clear_secret_boxes(keys: tuple[str, ...] = form_state.SECRET_KEYS) -> None:
    """In a callback, once the secrets are used: keep what the boxes hold, and empty them, so the page no
    longer holds a secret."""
    for key in keys:
        if st.session_state.get(key):
            _keep_secret(key)
            st.session_state[key] = ""


def _forget_secret(key: str) -> None:
    form_state.FormState(st.session_state).secrets.pop(key, None)
    st.session_state[key] = ""
