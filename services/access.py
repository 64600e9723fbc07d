"""Who is there and what they may do: sign-in through Streamlit's `st.login`, roles from `secrets.toml`.

With an `[auth]` section in `.streamlit/secrets.toml` (an OpenID Connect provider; see the README) every page
asks for sign-in first, and what a signed-in person may do comes from the `[access]` section:

    [access]
    admin = ["alice@example.com"]                 # an e-mail address,
    submitter = ["@example.com", "group:ml-team"]  # everyone at a domain, or a value of the groups claim
    viewer = ["group:ml-readers"]
    groups_claim = "groups"                       # the ID token's claim that lists the user's groups

The highest role matched wins; a signed-in person matched by nothing has no access. Without `[auth]` the app is
single-user: the person at this computer (it listens on 127.0.0.1 unless the operator says otherwise) may do
everything.

services/settings.py reads those two tables of secrets.toml; `AccessSettings` is what they say here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from models.messages import N_

from .i18n import _, render

VIEWER, SUBMITTER, ADMIN = "viewer", "submitter", "admin"
ROLES = (VIEWER, SUBMITTER, ADMIN)  # each may do what the ones before it may
LOCAL_USER = "local user"  # store.LOCAL_USER, without importing the store on a page's first run
# What each role may do; a page names the action it needs (app.py).
VIEW, SUBMIT, ADMINISTER = "view", "submit", "administer"
ACTIONS = {VIEWER: {VIEW}, SUBMITTER: {VIEW, SUBMIT}, ADMIN: {VIEW, SUBMIT, ADMINISTER}}
ROLE_NAMES = {VIEWER: N_("viewer"), SUBMITTER: N_("submitter"), ADMIN: N_("admin")}  # shown with _()


@dataclass(frozen=True)
class AccessSettings:
    """The `[auth]` and `[access]` sections of secrets.toml, and where the server listens."""

    sign_in: bool = False  # an [auth] section is configured: st.login is in use
    providers: tuple[str, ...] = ()  # named providers ([auth.NAME]); empty for the single unnamed one
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role -> entries
    groups_claim: str = "groups"
    endpoints: tuple[str, ...] = ()  # custom ModelArts endpoints anyone allowed on the Connection page may pick
    address: str = ""  # server.address ("" = Streamlit's default, every interface)

    @property
    def loopback_only(self) -> bool:
        return is_loopback(self.address)


@dataclass(frozen=True)
class Identity:
    """The person behind this browser session."""

    user: str  # what History shows: the signed-in e-mail, else "local user"
    owner: str  # who owns their drafts and templates: the e-mail in lower case, else "local user"
    role: str | None  # None: signed in, but no role in this portal
    signed_in: bool = False

    def may(self, action: str) -> bool:
        return self.role is not None and action in ACTIONS[self.role]

    @property
    def is_admin(self) -> bool:
        return self.may(ADMINISTER)


def is_loopback(address: str) -> bool:
    """True for an address only this computer reaches (127.0.0.0/8, ::1, localhost)."""
    address = (address or "").strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence):
        return ()
    return tuple(str(item).strip() for item in value if str(item).strip())


def parse_settings(secrets: Mapping[str, Any], address: str = "") -> AccessSettings:
    """AccessSettings from secrets.toml's contents (a mapping) and server.address."""
    auth = secrets.get("auth")
    sign_in = isinstance(auth, Mapping) and bool(auth)
    providers = tuple(name for name, value in auth.items() if isinstance(value, Mapping)) if sign_in else ()
    access = secrets.get("access")
    access = access if isinstance(access, Mapping) else {}
    return AccessSettings(
        sign_in=sign_in,
        providers=providers,
        members={role: _strings(access.get(role)) for role in ROLES},
        groups_claim=str(access.get("groups_claim") or "groups"),
        endpoints=tuple(e.rstrip("/") for e in _strings(access.get("endpoints"))),
        address=address or "",
    )


def settings() -> AccessSettings:
    """Read now: secrets.toml's [auth] and [access] through services.settings, and server.address."""
    from . import settings as app_settings

    return parse_settings(app_settings.sections(), str(st.get_option("server.address") or ""))


def role_of(claims: Mapping[str, Any], config: AccessSettings) -> str | None:
    """The highest role whose entries match the identity's e-mail, its domain, or one of its groups."""
    email = str(claims.get("email") or "").strip().lower()
    if claims.get("email_verified") is False:
        email = ""  # an address the provider has not verified proves nothing
    domain = email.rpartition("@")[2] if "@" in email else ""
    groups = claims.get(config.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    names = {str(group).strip() for group in groups if str(group).strip()}
    for role in reversed(ROLES):
        for entry in config.members.get(role, ()):
            lowered = entry.lower()
            if lowered.startswith("group:") and entry[len("group:") :].strip() in names:
                return role
            if lowered.startswith("@") and domain and lowered[1:] == domain:
                return role
            if email and lowered == email:
                return role
    return None


def identity_of(user: Mapping[str, Any], config: AccessSettings) -> Identity:
    """Who `user` (st.user's claims) is under `config`."""
    if not config.sign_in:
        return Identity(LOCAL_USER, LOCAL_USER, ADMIN)
    if user.get("is_logged_in") is not True:
        return Identity(LOCAL_USER, "", None)
    email = str(user.get("email") or "").strip()
    name = email or str(user.get("preferred_username") or user.get("name") or user.get("sub") or "")
    owner = email.lower() if email else f"sub:{user.get('sub') or name}"
    return Identity(name, owner, role_of(user, config), signed_in=True)


def current() -> Identity:
    """This session's identity, from st.user (a signed cookie set by st.login) and the settings."""
    config = settings()
    if not config.sign_in:
        return identity_of({}, config)
    try:
        claims = st.user.to_dict()
    except Exception:  # no script run (a background thread): nobody
        claims = {}
    return identity_of(claims, config)


# --- custom endpoints ----------------------------------------------------------------------------------------
# The Connection page makes this server call the endpoint it is given and shows what came back: with a free-typed
# address anyone who may use that page could make the server fetch internal URLs. So a custom endpoint comes from
# the allow-list, or is typed by an admin who signed in (or the single local user of an app only this computer
# reaches); and a failed probe says what kind of failure it was, never what the remote page said.


def may_type_endpoint(identity: Identity, config: AccessSettings) -> bool:
    """Whether this person may type any custom endpoint (with no allow-list configured)."""
    return not config.endpoints and identity.is_admin and (identity.signed_in or config.loopback_only)


def endpoint_problem(endpoint: str, identity: Identity, config: AccessSettings) -> str | None:
    """Why this custom endpoint may not be used by this person (in the reader's language), or None."""
    endpoint = endpoint.strip().rstrip("/")
    if not endpoint:
        return _("Enter the endpoint URL.")
    if config.endpoints:
        if endpoint in config.endpoints:
            return None
        return _("Custom endpoints come from the list in the portal's settings ([access] endpoints) only.")
    if may_type_endpoint(identity, config):
        return None
    return _(
        "Custom endpoints are off: the portal's settings list none ([access] endpoints), and only an admin "
        "of a portal with sign-in may type one."
    )


def probe_failure(exc: Exception, endpoint: str) -> str:
    """What a failed test of a custom endpoint says: the kind of failure and the HTTP status, never the text the
    endpoint answered with (that could be any page the server reaches). In the reader's language."""
    from client.errors import AuthenticationError, ConfigurationError, PermissionDeniedError, TransportError

    if isinstance(exc, TransportError | ConfigurationError) or not hasattr(exc, "http_status"):
        # said here, about the address or the connection: nothing the endpoint sent
        message = getattr(exc, "message", None)
        return render(message) if message is not None else str(exc)
    status = getattr(exc, "http_status", None)
    answered = f"HTTP {status}" if status else _("an answer that is not the API's")
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return _(
            "{endpoint} refused the credentials ({answered}). Check the sign-in method and what was typed."
        ).format(endpoint=endpoint, answered=answered)
    return _(
        "{endpoint} did not answer as the ModelArts API does ({answered}). Check the endpoint: the API's base "
        "URL, such as https://modelarts.example.com."
    ).format(endpoint=endpoint, answered=answered)
