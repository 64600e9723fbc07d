"""The sign-in gate every page passes (app.py calls `gate()` before anything else is drawn), who is signed in,
and what a page says to someone whose role does not include it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from services import access
from services.session_state.sign_in import ACCOUNT, SIGN_IN, SIGN_OUT, sign_in_with

from .text import md_escape

PROVIDER_LABELS = {"microsoft": "Microsoft", "google": "Google", "keycloak": "Keycloak", "okta": "Okta"}
NEEDED_ROLE = {access.VIEW: "viewer", access.SUBMIT: "submitter", access.ADMINISTER: "admin"}


def gate(identity: access.Identity) -> Callable[[], None] | None:
    """With sign-in configured, what someone not signed in (or signed in without a role) gets at every address
    instead of the page they asked for; None for everyone else."""
    if identity.role is not None:
        return None
    if not identity.signed_in:
        return _sign_in_page
    return lambda: _no_role_page(identity)


def _sign_in_page() -> None:
    st.set_page_config(page_title="Sign in · Import Composer", page_icon=":material/login:", layout="centered")
    st.title("Import Composer", anchor=False)
    st.write("This team portal composes and submits ModelArts dataset import tasks. Sign in to continue.")
    providers = access.settings().providers
    if not providers:
        st.button("Sign in", key=SIGN_IN, type="primary", icon=":material/login:", on_click=st.login)
    for name in providers:
        label = PROVIDER_LABELS.get(name.lower(), name)
        st.button(
            f"Sign in with {label}", key=sign_in_with(name), type="primary", icon=":material/login:",
            on_click=st.login, args=(name,),
        )  # fmt: skip


def _no_role_page(identity: access.Identity) -> None:
    st.set_page_config(page_title="No access · Import Composer", page_icon=":material/block:", layout="centered")
    st.title("Import Composer", anchor=False)
    st.warning(
        md_escape(
            f"You are signed in as {identity.user}, but this portal has no role for you. Ask its administrator "
            "to add your e-mail address, domain or group to the [access] section of its settings."
        ),
        icon=":material/block:",
    )
    st.button("Sign out", key=SIGN_OUT, icon=":material/logout:", on_click=st.logout)


def account(identity: access.Identity) -> None:
    """Who is signed in, their role, and Sign out (nothing when single-user)."""
    if not identity.signed_in:
        return
    with st.popover(identity.user, icon=":material/account_circle:", key=ACCOUNT):
        st.caption(md_escape(f"Signed in as {identity.user} · role: {access.ROLE_NAMES.get(identity.role or '', '')}"))
        st.button("Sign out", key=SIGN_OUT, icon=":material/logout:", on_click=st.logout)


def refused_page(title: str, action: str, identity: access.Identity) -> Callable[[], None]:
    """A stand-in for a page this identity may not open (its address stays known, so a link explains itself)."""

    def refused() -> None:
        st.warning(
            md_escape(
                f"{title} is for the {NEEDED_ROLE[action]} role; you are signed in as {identity.user} "
                f"({access.ROLE_NAMES.get(identity.role or '', 'no role')})."
            ),
            icon=":material/block:",
        )

    return refused
