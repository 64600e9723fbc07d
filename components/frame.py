"""The app's frame around every page: page settings, the sign-in gate, the menu (`st.navigation`, the pages
as the signed-in role may see them), the page's title, the target badge, the language switch, who is signed in,
and this browser's draft. app.py draws it and then runs the page; every page script calls `ensure()`
first, for the runs where Streamlit runs the page without app.py.

Why a page can run without app.py: the page scripts live in `pages/` beside the entrypoint, and while that
folder exists Streamlit starts each process in its old pages-folder mode (`PagesManager.uses_pages_directory`,
streamlit/runtime/pages_manager.py): a run executes the page the URL names as a bare script
(`_mpa_v1` in streamlit/runtime/scriptrunner/script_runner.py), until `st.navigation` has run once in the
process (streamlit/commands/navigation.py turns that mode off). So a deep link such as `/history` as a fresh
server's first request runs pages/history.py alone, and AppTest, which starts every run in that mode, runs
every page but the default one so. `ensure()` then calls `st.navigation`, which turns the mode off, and
reruns: the rerun runs app.py, which draws the frame and runs the page, with the same widget ids as any
later run (drawing the frame inside the bare run instead would give the page's widgets other ids, so the
user's first click would be lost). `/` runs app.py as the old mode's main page, which works as always.
Only public APIs are used; tests/browser/test_deep_links.py proves it on a fresh server for every page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from services import access, drafts, i18n
from services.i18n import _
from services.target import current_connection, target_name

from . import sign_in
from .language_switch import language_switch

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

_running = threading.local()  # the frame is drawn and its page is running, in this thread's script run


def pages(identity: access.Identity, gate: Callable[[], None] | None) -> list[StreamlitPage]:
    """The app's pages as this identity may see them: behind the sign-in gate every address is the gate; a
    page whose role the identity lacks only says why it is not theirs (services/access.py)."""

    def page(target: str | Callable[[], None], action: str, **options: Any) -> StreamlitPage:
        if gate is not None or not identity.may(action):
            target = gate or sign_in.refused_page(options["title"], action, identity)
            options = {**options, "visibility": "hidden", "icon": None, "help": None}
        return st.Page(target, **options)

    tasks = page(
        "pages/tasks.py",
        access.VIEW,
        title=_("Tasks"),
        url_path="tasks",
        icon=":material/monitoring:",
        help=_("Where each import stands: status, progress, counts, and what a failure means."),
    )
    if gate is None and not identity.may(access.SUBMIT):  # a viewer's "/" is Tasks
        compose = st.Page(
            lambda: st.switch_page(tasks),
            title=_("Compose"),
            default=True,
            url_path="compose-default",
            visibility="hidden",
        )
    else:
        compose = page(
            "pages/compose.py",
            access.SUBMIT,
            title=_("Compose"),
            icon=":material/edit_document:",
            default=True,
            url_path="compose-default",  # reserved but never served: the default page is at /, its alias at /compose
            help=_("Compose an import task: dataset, source, labels; see the exact request and submit it once."),
        )

    def _compose_alias() -> None:
        """/compose, for links and bookmarks: the default page itself lives at /."""
        st.switch_page(compose, query_params=st.query_params.to_dict())

    return [
        compose,
        page(_compose_alias, access.SUBMIT, title=_("Compose"), url_path="compose", visibility="hidden"),
        page(
            "pages/connection.py",
            access.ADMINISTER,
            title=_("Connection"),
            url_path="connection",
            icon=":material/cloud:",
            help=_("Where requests go: the local sandbox or Huawei Cloud ModelArts, and how to sign in."),
        ),
        tasks,
        page(
            "pages/history.py",
            access.VIEW,
            title=_("History"),
            url_path="history",
            icon=":material/history:",
            help=_("Every request sent from this portal: who, where, what, outcome; open one again or resubmit it."),
        ),
        page(
            "pages/templates.py",
            access.SUBMIT,
            title=_("Templates"),
            url_path="templates",
            icon=":material/bookmarks:",
            help=_("Requests kept under a name: load, rename, delete, export and import as JSON."),
        ),
    ]


def draw() -> StreamlitPage:
    """Draw the frame; returns the page the URL asks for (behind the sign-in gate: the gate), which the caller
    runs inside `page_running()`."""
    i18n.settle()
    identity = access.current()
    st.set_page_config(page_title="Import Composer", page_icon=":material/upload_file:", layout="wide")
    # The sign-in gate: with sign-in configured, whoever is not signed in gets the sign-in page at every address.
    gate = sign_in.gate(identity)
    page = st.navigation(pages(identity, gate), position="hidden" if gate else "top")
    if gate is not None:
        return page
    drafts.start_session()  # this browser's draft id in the URL, and its saved form restored once per session

    connection = current_connection()
    header, badge = st.columns([3, 2], vertical_alignment="center")
    with header:
        st.title(page.title, anchor=False)
    with badge, st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        sandbox = connection.kind == "sandbox"
        icon = ":material/science:" if sandbox else ":material/cloud_done:"
        st.badge(
            _("Target: {target}").format(target=target_name(connection)),
            icon=icon,
            color="blue" if sandbox else "green",
        )
        language_switch()  # English / 中文
        sign_in.account(identity)
    return page


class page_running:
    """Around `page.run()`: the page's `ensure()` then knows that the frame is drawn."""

    def __enter__(self) -> None:
        _running.active = True
        _running.rerun_asked = False

    def __exit__(self, *exc: object) -> None:
        _running.active = False


def ensure() -> None:
    """First thing in every page script: unless app.py drew the frame for this run, turn Streamlit's
    pages-folder mode off and rerun through app.py (see above). Should a rerun not help (a Streamlit that
    changed), the frame is drawn here, so the page still has it."""
    if getattr(_running, "active", False):
        return
    if getattr(_running, "rerun_asked", False):
        _running.rerun_asked = False
        with page_running():
            draw().run()  # this page again (or the gate), inside the frame
        st.stop()
    i18n.settle()
    identity = access.current()
    st.navigation(pages(identity, sign_in.gate(identity)), position="hidden")
    _running.rerun_asked = True
    st.rerun()
