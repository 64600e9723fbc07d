"""Memory of fifty sessions open at once on the compose page, each holding 500 labels, against fifty sessions
on a one-line Streamlit script.

    python3 -m bench.concurrent_sessions [--sessions 50] [--labels 500]

Each server is a `streamlit run`, driven through Streamlit's agent API (no browser). On the app every session
chooses nothing, pastes a body with the labels (3 attributes each, as bench.rerun_cost makes them) into Load
request JSON and fills the form; on the one-liner every session just opens it. A third server shows the
compose page opened by as many sessions without labels: what the page and the process cost before any label.
The app talks to a sandbox started here, so its memory is not counted. Resident memory (VmRSS, the server and
its children) is read once the first page is drawn and the portal's database is open (services/startup.py
opens it after the first page; every session needs it for its draft), and again once every session is open.
The goal: the app within 2× the one-liner, in total.

The agent API keeps each session's page as a browser would (its elements, as sent), so that is in the figure
too; a browser session's server keeps only what the app and Streamlit hold.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.rerun_cost import body
from bench.session_memory import rss_mb
from sandbox.launcher import start_sandbox
from services.startup import STORE_AFTER_PAGE_S
from tests.pages.agent import start_app

GOAL = 2.0
ONE_LINER = '__import__("streamlit").write("One line")\n'


def compose_sessions(folder: Path, sandbox_url: str, sessions: int, labels: int) -> tuple[float, float]:
    """(MB before the first session, MB with all of them open). With `labels` 0 the sessions only open the page."""
    app = start_app(folder / "app", {"IMPORT_COMPOSER_SANDBOX_URL": sandbox_url,
                                     "IMPORT_COMPOSER_DATA": str(folder / "data")})
    text = json.dumps(body(labels))
    try:
        app.interact()
        time.sleep(STORE_AFTER_PAGE_S + 2.0)  # the database opened after the first page
        before = rss_mb(app.process.pid)
        for _ in range(sessions):
            session = app.interact()["session_id"]
            if not labels:
                continue
            app.interact(session_id=session, widget_state={"request_json": text})
            page = app.interact(session_id=session, trigger={"key": "_load_json"})
            assert "The form now holds the pasted request" in json.dumps(page), "the body was not accepted"
        time.sleep(1.0)
        return before, rss_mb(app.process.pid)
    finally:
        app.stop()


def one_liner_sessions(folder: Path, sessions: int) -> tuple[float, float]:
    script = folder / "one_line.py"
    script.write_text(ONE_LINER, encoding="utf-8")
    app = start_app(folder / "one-liner", {}, script=str(script))
    try:
        app.interact()
        time.sleep(1.0)
        before = rss_mb(app.process.pid)
        for _ in range(sessions):
            app.interact()
        time.sleep(1.0)
        return before, rss_mb(app.process.pid)
    finally:
        app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--labels", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name, start_sandbox(Path(name) / "sandbox", port=0) as sandbox:
        folder = Path(name)
        rows = {
            "one-line script": one_liner_sessions(folder, args.sessions),
            "compose page, no labels": compose_sessions(folder, sandbox.url, args.sessions, 0),
            f"compose page, {args.labels} labels each": compose_sessions(folder, sandbox.url, args.sessions,
                                                                         args.labels),
        }
    base_after, app_after = rows["one-line script"][1], list(rows.values())[-1][1]
    ratio = app_after / base_after
    print(f"{args.sessions} sessions open at once; server resident memory (MB)")
    print(f"{'server':<46}{'before':>8}{'with all':>10}{'per session':>13}")
    for name, (before, after) in rows.items():
        print(f"{name:<46}{before:>8.0f}{after:>10.0f}{(after - before) / args.sessions:>13.2f}")
    print(f"compose / one-liner = {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
