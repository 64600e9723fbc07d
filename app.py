"""Import Composer: compose, check and submit ModelArts dataset import tasks.

`streamlit run app.py`. With no cloud settings it starts a local sandbox and talks to it.

This file has two roles. Streamlit runs it as the app's script, as `__main__`, on every page run (and so does
AppTest): `main()`. Before that, `streamlit run app.py` imports it as a module, finds the `st.App` below and
serves through it; the import and the app's lifespan prepare what the first page needs before a browser
asks for it (services/startup.py).
"""

import streamlit as st


def main() -> None:
    from services import startup
    from services.target import current_connection, target_label

    # Before anything heavy is loaded: when this session talks to the local sandbox, its process starts here
    # (unless the server's warm-up started it) and gets ready while the rest of the app loads.
    current_connection()

    from services import drafts

    st.set_page_config(page_title="Import Composer", page_icon=":material/upload_file:", layout="wide")

    compose = st.Page(
        "app_pages/compose.py",
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
        st.Page(_compose_alias, title="Compose", url_path="compose", visibility="hidden"),
        st.Page(
            "app_pages/connection.py",
            title="Connection",
            icon=":material/cloud:",
            help="Where requests go: the local sandbox or Huawei Cloud ModelArts, and how to sign in.",
        ),
        st.Page(
            "app_pages/tasks.py",
            title="Tasks",
            icon=":material/monitoring:",
            help="Where each import stands: status, progress, counts, and what a failure means.",
        ),
        st.Page(
            "app_pages/history.py",
            title="History",
            icon=":material/history:",
            help="Every request sent from this portal: who, where, what, outcome; open one again or resubmit it.",
        ),
        st.Page(
            "app_pages/templates.py",
            title="Templates",
            icon=":material/bookmarks:",
            help="Requests kept under a name: load, rename, delete, export and import as JSON.",
        ),
    ]
    page = st.navigation(pages, position="top")
    drafts.start_session()  # this browser's draft id in the URL, and its saved form restored once per session

    connection = current_connection()
    header, badge = st.columns([3, 2], vertical_alignment="center")
    with header:
        st.title(page.title, anchor=False)
    with badge:
        sandbox = connection.kind == "sandbox"
        icon = ":material/science:" if sandbox else ":material/cloud_done:"
        st.badge(f"Target: {target_label(connection)}", icon=icon, color="blue" if sandbox else "green")

    page.run()
    startup.page_drawn()


if __name__ == "__main__":
    main()
else:  # imported by `streamlit run app.py`, which then serves this ASGI app
    from services import startup

    startup.prepare()  # the local sandbox starts now rather than once the server is set up
    app = st.App(__file__, lifespan=startup.lifespan)
