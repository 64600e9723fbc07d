"""Import Composer: compose, check and submit ModelArts dataset import tasks.

`streamlit run app.py`. With no cloud settings it starts a local sandbox and talks to it.

This file has two roles. Streamlit runs it as the app's script, as `__main__`, on every page run (and so does
AppTest): `main()`. Before that, `streamlit run app.py` imports it as a module, finds the `st.App` below and
serves through it; the import and the app's lifespan prepare what the first page needs before a browser
asks for it (services/startup.py).
"""

from __future__ import annotations

import streamlit as st


def main() -> None:
    from services import startup
    from services.target import current_connection

    # Before anything heavy is loaded: when this session talks to the local sandbox, its process starts here
    # (unless the server's warm-up started it) and gets ready while the rest of the app loads.
    current_connection()

    from components import frame

    page = frame.draw()
    with frame.page_running():
        page.run()
    startup.page_drawn()


if __name__ == "__main__":
    main()
else:  # imported by `streamlit run app.py`, which then serves this ASGI app
    from services import startup

    startup.prepare()  # the local sandbox starts now rather than once the server is set up
    app = st.App(__file__, lifespan=startup.lifespan)
