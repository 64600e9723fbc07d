"""Import Composer: compose, check and submit ModelArts dataset import tasks.

`streamlit run app.py`. With no cloud settings it starts a local sandbox and talks to it.

This file has two roles. Streamlit runs it as the app's script, as `__main__`, on every page run (and so does
AppTest): `main()`. Before that, `streamlit run app.py` imports it as a module, finds the `st.App` below and
serves through it; the import and the app's lifespan prepare what the first page needs before a browser
asks for it (services/startup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def main() -> None:
    from services import startup
    from services.target import current_connection, target_label

    # Before anything heavy is loaded: when this session talks to the local sandbox, its process starts here
    # (unless the server's warm-up started it) and gets ready while the rest of the app loads.
    current_connection()

    from components import sign_in
    from services import access, drafts

    identity = access.current()

    st.set_page_config(page_title="Import Composer", page_icon=":material/upload_file:", layout="wide")

    # The sign-in gate: with sign-in configured, whoever is not signed in gets the sign-in page at every address.
    gate = sign_in.gate(identity)

    def page(target: str | Callable[[], None], action: str, **options: Any) -> Any:
        """A page for those whose role includes `action` (services/access.py); for others the same address
        only says why it is not theirs (behind the gate: the sign-in page)."""
        if gate is not None or not identity.may(action):
            target = gate or sign_in.refused_page(options["title"], action, identity)
            options = {**options, "visibility": "hidden", "icon": None, "help": None}
        return st.Page(target, **options)

    tasks = page(
        "app_pages/tasks.py",
        access.VIEW,
        title="Tasks",
        url_path="tasks",
        icon=":material/monitoring:",
        help="Where each import stands: status, progress, counts, and what a failure means.",
    )
    if gate is None and not identity.may(access.SUBMIT):  # a viewer's "/" is Tasks
        compose = st.Page(
            lambda: st.switch_page(tasks),
            title="Compose",
            default=True,
            url_path="compose-default",
            visibility="hidden",
        )
    else:
        compose = page(
            "app_pages/compose.py",
            access.SUBMIT,
            title="Compose",
            icon=":material/edit_document:",
            default=True,
            url_path="compose-default",  # reserved but never served: the default page is at /, its alias at /compose
            help="Compose an import task: dataset, source, labels; see the exact request and submit it once.",
        )

    def _compose_alias() -> None:
        """/compose, for links and bookmarks: the default page itself lives at /."""
        st.switch_page(compose, query_params=st.query_params.to_dict())

    pages = [
        compose,
        page(_compose_alias, access.SUBMIT, title="Compose", url_path="compose", visibility="hidden"),
        page(
            "app_pages/connection.py",
            access.ADMINISTER,
            title="Connection",
            url_path="connection",
            icon=":material/cloud:",
            help="Where requests go: the local sandbox or Huawei Cloud ModelArts, and how to sign in.",
        ),
        tasks,
        page(
            "app_pages/history.py",
            access.VIEW,
            title="History",
            url_path="history",
            icon=":material/history:",
            help="Every request sent from this portal: who, where, what, outcome; open one again or resubmit it.",
        ),
        page(
            "app_pages/templates.py",
            access.SUBMIT,
            title="Templates",
            url_path="templates",
            icon=":material/bookmarks:",
            help="Requests kept under a name: load, rename, delete, export and import as JSON.",
        ),
    ]
    current = st.navigation(pages, position="hidden" if gate else "top")
    if gate is not None:
        current.run()
        return
    drafts.start_session()  # this browser's draft id in the URL, and its saved form restored once per session

    connection = current_connection()
    header, badge = st.columns([3, 2], vertical_alignment="center")
    with header:
        st.title(current.title, anchor=False)
    with badge:
        sandbox = connection.kind == "sandbox"
        icon = ":material/science:" if sandbox else ":material/cloud_done:"
        st.badge(f"Target: {target_label(connection)}", icon=icon, color="blue" if sandbox else "green")
        sign_in.account(identity)

    current.run()
    startup.page_drawn()


if __name__ == "__main__":
    main()
else:  # imported by `streamlit run app.py`, which then serves this ASGI app
    from services import startup

    startup.prepare()  # the local sandbox starts now rather than once the server is set up
    app = st.App(__file__, lifespan=startup.lifespan)
