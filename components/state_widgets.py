"""Small wrappers that bind a widget to a form key: kept while hidden, and marked as set when touched."""

from typing import Any

import streamlit as st

from services import form_state


def _mark(key: str) -> None:
    form_state.mark_present(st.session_state, key)


def toggle(label: str, key: str, help: str | None = None, disabled: bool = False) -> bool:
    return st.toggle(
        label, key=key, help=help, on_change=_mark, args=(key,), persist_state="session", disabled=disabled
    )


def text(label: str, key: str, help: str | None = None, placeholder: str | None = None) -> str:
    return st.text_input(label, key=key, help=help, placeholder=placeholder, persist_state="session") or ""


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
    """A password box that hands what is typed to the session's secret store and clears itself,
    so the secret is never in the page once entered."""
    store: dict[str, str] = st.session_state.setdefault(form_state.SECRETS, {})
    placeholder = "•••• stored for this session; type to replace" if store.get(key) else None
    st.text_input(
        label,
        key=key,
        type="password",
        help=help,
        placeholder=placeholder,
        on_change=_keep_secret,
        args=(key,),
        autocomplete="off",
    )
    if store.get(key):
        st.button("Forget", key=f"_forget_{key}", on_click=_forget_secret, args=(key,), type="tertiary")


def _keep_secret(key: str) -> None:
    value = st.session_state.get(key) or ""
    if value:
        st.session_state.setdefault(form_state.SECRETS, {})[key] = value
    st.session_state[key] = ""


def _forget_secret(key: str) -> None:
    st.session_state.setdefault(form_state.SECRETS, {}).pop(key, None)
