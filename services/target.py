"""Which ModelArts the app talks to: the local sandbox, or Huawei Cloud from settings or the Connection page.

Secrets typed on the Connection page live only in this browser session's state; settings from the
environment or `.streamlit/secrets.toml` (services/settings.py) are never copied into the page.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from client import ConfigurationError, ModelArtsClient, TokenAuth, client_from_mapping
from models.messages import N_, Message
from sandbox.launcher import RunningSandbox, StartingSandbox, begin_sandbox

from . import settings
from .i18n import _

SANDBOX_PROJECT_ID = "sandbox-project"
# The sandbox takes any token. Not a word a message could hold: secrets are scrubbed from messages.
SANDBOX_TOKEN = "local-sandbox-any-token"
SANDBOX_LABEL = N_("Sandbox (local)")
CONNECTION = "_connection"
CLIENT = "_client"


@dataclass(frozen=True)
class Connection:
    """Where to send requests. `settings` uses the ENV_VARS names; secrets are only in memory."""

    kind: str  # "sandbox" or "modelarts"
    settings: Mapping[str, str] = field(default_factory=dict)

    def fingerprint(self) -> tuple[Any, ...]:
        return (self.kind, tuple(sorted(self.settings.items())))


@st.cache_resource(show_spinner=False)
def _starting_sandbox() -> StartingSandbox:
    """The local sandbox's process, started once per app process; not waited for here."""
    return begin_sandbox(settings.current().data_dir / "sandbox", host="127.0.0.1", port=0)


_sandbox_ready = threading.Event()  # once set, a page's run needs no spinner for the sandbox


@st.cache_resource(show_spinner=False)
def _ready_sandbox() -> RunningSandbox:
    try:
        running = _starting_sandbox().ready()
    except Exception:
        _starting_sandbox.clear()  # the next run starts a new one
        raise
    atexit.register(running.stop)
    _sandbox_ready.set()
    return running


def local_sandbox() -> RunningSandbox:
    """One sandbox per app process, on a free loopback port, with its data in the git-ignored data folder."""
    if _sandbox_ready.is_set():
        return _ready_sandbox()
    with st.spinner(_("Starting the local sandbox…")):  # the spinner's text is in the reader's language
        return _ready_sandbox()


def await_local_sandbox() -> None:
    """Wait until the local sandbox answers, drawing nothing (for work outside a page run); no-op for an
    external one."""
    if not settings.current().sandbox_url:
        _ready_sandbox()


def sandbox_url() -> str:
    """IMPORT_COMPOSER_SANDBOX_URL points the app at a sandbox that is already running (tests, demos)."""
    return settings.current().sandbox_url or local_sandbox().url


def configured_settings() -> dict[str, str]:
    """MODELARTS_* / HUAWEICLOUD_SDK_* from the environment, overridden by `.streamlit/secrets.toml`."""
    return settings.current().cloud


def default_connection() -> Connection:
    """Where a new session's requests go: ModelArts when settings are configured, else the local sandbox."""
    configured = configured_settings()
    return Connection("modelarts" if configured else "sandbox", configured)


def begin_local_sandbox() -> None:
    """Start the local sandbox's process (once per app process) and return at once; no-op for an external one."""
    if not settings.current().sandbox_url:
        _starting_sandbox()


def current_connection() -> Connection:
    if CONNECTION not in st.session_state:
        connection = default_connection()
        st.session_state[CONNECTION] = connection
        if connection.kind == "sandbox":
            begin_local_sandbox()  # its start-up overlaps the rest of this first run, until a client needs it
    return st.session_state[CONNECTION]


def use_connection(connection: Connection) -> None:
    st.session_state[CONNECTION] = connection
    st.session_state.pop(CLIENT, None)


def current_client() -> ModelArtsClient:
    """This session's client (one requests.Session per browser session), new when the connection changes."""
    connection = current_connection()
    cached = st.session_state.get(CLIENT)
    if cached is not None and cached[0] == connection.fingerprint():
        return cached[1]
    client = build_client(connection)
    st.session_state[CLIENT] = (connection.fingerprint(), client)
    return client


def build_client(connection: Connection) -> ModelArtsClient:
    if connection.kind == "sandbox":
        return ModelArtsClient(sandbox_url(), SANDBOX_PROJECT_ID, TokenAuth(SANDBOX_TOKEN), retries=1)
    client = client_from_mapping(connection.settings)
    if client is None:
        raise ConfigurationError(
            Message("No Huawei Cloud settings were given."), Message("Fill in the region and the sign-in fields.")
        )
    return client


def target_label(connection: Connection | None = None) -> str:
    """'Sandbox (local)' or 'ModelArts cn-north-4 · project 0a1b…', in English: the history records it and
    submissions' fingerprints include it. `target_name` says it in the reader's language."""
    connection = connection or current_connection()
    if connection.kind == "sandbox":
        return SANDBOX_LABEL
    settings = connection.settings
    where = settings.get("MODELARTS_REGION") or settings.get("MODELARTS_ENDPOINT") or "custom endpoint"
    project = settings.get("MODELARTS_PROJECT_ID")
    return f"ModelArts {where} · project {project}" if project else f"ModelArts {where}"


def target_name(connection: Connection | None = None) -> str:
    """`target_label` in the reader's language, to show."""
    connection = connection or current_connection()
    if connection.kind == "sandbox":
        return _(SANDBOX_LABEL)
    settings = connection.settings
    where = settings.get("MODELARTS_REGION") or settings.get("MODELARTS_ENDPOINT") or _("custom endpoint")
    project = settings.get("MODELARTS_PROJECT_ID")
    if project:
        return _("ModelArts {where} · project {project}").format(where=where, project=project)
    return f"ModelArts {where}"
