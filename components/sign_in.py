"""The sign-in gate every page passes (app.py calls `gate()` before anything else is drawn), who is signed in,
and what a page says to someone whose role does not include it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from models.messages import N_
from services import access
from services.i18n import _
from services.session_state.sign_in import ACCOUNT, SIGN_IN, SIGN_OUT, sign_in_with

from .language_switch import language_switch
from .text import md_escape

PROVIDER_LABELS = {"microsoft": "Microsoft", "google": "Google", "keycloak": "Keycloak", "okta": "Okta"}
NEEDED_ROLE = {access.VIEW: N_("viewer"), access.SUBMIT: N_("submitter"), access.ADMINISTER: N_("admin")}


def gate(identity: access.Identity) -> Callable[[], None] | None:
    """With sign-in configured, what someone not signed in (or signed in without a role) gets at every address
    instead of the page they asked for; None for everyone else."""
    if identity.role is not None:
        return None
    if not identity.signed_in:
        return _sign_in_page
    return lambda: _no_role_page(identity)


def _heading() -> None:
    """The portal's name, and the language switch: the sign-in page is read before anyone is known."""
    title, switch = st.columns([3, 1], vertical_alignment="center")
    title.title("Import Composer", anchor=False)
    with switch, st.container(horizontal=True, horizontal_alignment="right"):
        language_switch()


def _sign_in_page() -> None:
    st.set_page_config(page_title=_("Sign in · Import Composer"), page_icon=":material/login:", layout="centered")
    _heading()
    st.write(_("This team portal composes and submits ModelArts dataset import tasks. Sign in to continue."))
    providers = access.settings().providers
    if not providers:
        st.button(_("Sign in"), key=SIGN_IN, type="primary", icon=":material/login:", on_click=st.login)
    for name in providers:
        label = PROVIDER_LABELS.get(name.lower(), name)
        st.button(
            _("Sign in with {provider}").format(provider=label), key=sign_in_with(name), type="primary",
            icon=":material/login:", on_click=st.login, args=(name,),
        )  # fmt: skip


def _no_role_page(identity: access.Identity) -> None:
    st.set_page_config(page_title=_("No access · Import Composer"), page_icon=":material/block:", layout="centered")
    _heading()
    st.warning(
        md_escape(
            _(
                "You are signed in as {user}, but this portal has no role for you. Ask its administrator "
                "to add your e-mail address, domain or group to the [access] section of its settings."
            ).format(user=identity.user)
        ),
        icon=":material/block:",
    )
    st.button(_("Sign out"), key=SIGN_OUT, icon=":material/logout:", on_click=st.logout)


def account(identity: access.Identity) -> None:
    """Who is signed in, their role, and Sign out (nothing when single-user)."""
    if not identity.signed_in:
        return
    with st.popover(identity.user, icon=":material/account_circle:", key=ACCOUNT):
        role = _(access.ROLE_NAMES[identity.role]) if identity.role in access.ROLE_NAMES else ""
        st.caption(md_escape(_("Signed in as {user} · role: {role}").format(user=identity.user, role=role)))
        st.button(_("Sign out"), key=SIGN_OUT, icon=":material/logout:", on_click=st.logout)


def refused_page(title: str, action: str, identity: access.Identity) -> Callable[[], None]:
    """A stand-in for a page this identity may not open (its address stays known, so a link explains itself)."""

    def refused() -> None:
        role = _(access.ROLE_NAMES[identity.role]) if identity.role in access.ROLE_NAMES else _("no role")
        st.warning(
            md_escape(
                _("{page} is for the {needed} role; you are signed in as {user} ({role}).").format(
                    page=title, needed=_(NEEDED_ROLE[action]), user=identity.user, role=role
                )
            ),
            icon=":material/block:",
        )

    return refused
