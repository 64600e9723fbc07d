"""Cold start: `streamlit run app.py` until the compose page has fully rendered in headless Chromium, against
a one-line Streamlit script served with the same socket settings as app.py (Nagle's algorithm off).

    python3 -m bench.cold_start [--rounds 5] [--only "app.py, as a user starts it" ...]

Each trial starts a new server and opens it in a new browser context (no cache, no session), and ends
when the page is complete: the script has finished its run, the request preview shows the body and the
Submit button is drawn (for the one-liner: its text). The app is measured as a user starts it: it starts its
local sandbox during its first run, in the data folder the earlier starts left (every start but the first);
and for comparison on its very first start (fresh data folder: the sandbox also lays out its demo data) and
pointed at a sandbox that already runs. Variants are interleaved round by round; medians count. Waits until no
other Chromium runs.

The ratio that counts (issue 18) is against that one-liner served as app.py serves; the plain one-liner's ratio is
printed too.

Two more rows explain costs. The one-liner plus one small code block: any code block
makes Streamlit's frontend load and run its syntax highlighter, 1.5 MB of JavaScript that the one-liner never
needs; the compose page's body preview is plain text for that reason (components/preview.py), so its first
page has no code block. And the one-liner served as app.py serves, with Nagle's algorithm off on the server's
socket (services/startup.send_without_delay), the baseline: the plain one-liner's server keeps waiting ~40 ms for
an acknowledgement on each kept-alive static file, a fix of Streamlit's serving that app.py has.

And one row per start-up measure of services/startup.py (MEASURES): app.py as a user starts it with that
measure left out, which shows what the measure is worth.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.browser import IDLE, PROJECT_ROOT, StreamlitServer, app_env, launch_args, wait_for_no_other_chromium
from sandbox.launcher import start_sandbox
from services.startup import MEASURES

GOAL = 1.3  # issue 18: against the one-liner served with the same socket settings
ONE_LINE = "one-line Streamlit script"
USER = "app.py, as a user starts it"
ONE_LINER = '__import__("streamlit").write("Cold start")\n'
WITH_CODE = "one-liner + one code block"
ONE_LINER_CODE = ONE_LINER + '__import__("streamlit").code("{}", language="json")\n'
NO_DELAY = "one-liner, served without delay"
ONE_LINER_NO_DELAY = f"""import contextlib

import streamlit as st

if __name__ == "__main__":
    {ONE_LINER.strip()}
else:  # served as app.py is: Nagle's algorithm off on the server's socket
    from services.startup import send_without_delay

    @contextlib.asynccontextmanager
    async def lifespan(app):
        send_without_delay()
        yield

    app = st.App(__file__, lifespan=lifespan)
"""
APP_READY = f"""() => !!document.querySelector("{IDLE}")
    && !!document.querySelector(".st-key-_submit button")
    && (document.querySelector("pre.request-body")?.textContent ?? "").startsWith("{{")"""
ONE_LINER_READY = f"""() => !!document.querySelector("{IDLE}")
    && [...document.querySelectorAll("[data-testid='stMarkdownContainer']")]
        .some(e => e.textContent.includes("Cold start"))"""
ONE_LINER_CODE_READY = f"""() => !!document.querySelector("{IDLE}")
    && !!document.querySelector("[data-testid='stCode']")"""


def trial(browser: Browser, script: Path, env: dict[str, str], ready: str, log: Path) -> tuple[float, float]:
    """(seconds until the server answers its health check, seconds until the page is complete)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    server = StreamlitServer(script, env, log)
    try:
        server.wait_until_serving()
        serving = time.perf_counter() - start
        page.goto(server.url, wait_until="commit")
        page.wait_for_function(ready, polling="raf", timeout=120_000)
        rendered = time.perf_counter() - start
    finally:
        context.close()
        server.stop()
    return serving, rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--only", nargs="*", default=(), help="measure only these rows besides the baseline (names as printed)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        one_liner = tmp / "one_line.py"
        one_liner.write_text(ONE_LINER, encoding="utf-8")
        one_liner_code = tmp / "one_line_code.py"
        one_liner_code.write_text(ONE_LINER_CODE, encoding="utf-8")
        one_liner_no_delay = tmp / "one_line_no_delay.py"
        one_liner_no_delay.write_text(ONE_LINER_NO_DELAY, encoding="utf-8")
        with start_sandbox(tmp / "running-sandbox", port=0) as sandbox:
            app = PROJECT_ROOT / "app.py"
            variants = {
                ONE_LINE: lambda n: (one_liner, app_env(), ONE_LINER_READY),
                WITH_CODE: lambda n: (one_liner_code, app_env(), ONE_LINER_CODE_READY),
                NO_DELAY: lambda n: (one_liner_no_delay, app_env(), ONE_LINER_READY),
                USER: lambda n: (app, app_env(IMPORT_COMPOSER_DATA=str(tmp / "data")), APP_READY),
                "app.py, first start ever": lambda n: (
                    app,
                    app_env(IMPORT_COMPOSER_DATA=str(tmp / f"data-{n}")),
                    APP_READY,
                ),
                "app.py, sandbox already running": lambda n: (
                    app,
                    app_env(IMPORT_COMPOSER_DATA=str(tmp / f"data-ext-{n}"), IMPORT_COMPOSER_SANDBOX_URL=sandbox.url),
                    APP_READY,
                ),
            }
            for measure in MEASURES:  # what each start-up measure is worth: app.py as a user starts it, without it
                variants[f"app.py without {measure}"] = lambda n, measure=measure: (
                    app,
                    app_env(IMPORT_COMPOSER_DATA=str(tmp / "data"), IMPORT_COMPOSER_SKIP_MEASURES=measure),
                    APP_READY,
                )
            if args.only:
                variants = {name: make for name, make in variants.items() if name in {NO_DELAY, ONE_LINE, *args.only}}
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
            wait_for_no_other_chromium()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_args())
                # One unmeasured round first: Python's and Chromium's own first-time costs (bytecode, disk cache).
                for number in range(-1, args.rounds):
                    for name, make in variants.items():
                        script, env, ready = make(number)
                        measured = trial(browser, script, env, ready, tmp / "streamlit.log")
                        if number >= 0:
                            times[name].append(measured)
                browser.close()
    baseline = statistics.median(rendered for _, rendered in times[NO_DELAY])
    plain = statistics.median(rendered for _, rendered in times[ONE_LINE])
    print(f"Cold start until the page is complete in headless Chromium, median of {args.rounds} (interleaved)")
    print(f"{'what is started':<40}{'serving s':>11}{'complete s':>12}{'× baseline':>12}")
    for name, measured in times.items():
        serving = statistics.median(s for s, _ in measured)
        rendered = statistics.median(r for _, r in measured)
        print(f"{name:<40}{serving:>11.2f}{rendered:>12.2f}{rendered / baseline:>12.2f}")
    if USER not in times:
        return
    user = statistics.median(r for _, r in times[USER])
    print(
        f"app.py as a user starts it / {NO_DELAY} = {user / baseline:.2f} (goal ≤ {GOAL}): "
        f"{'met' if user / baseline <= GOAL else 'MISSED'}; / plain one-liner = {user / plain:.2f}"
    )


if __name__ == "__main__":
    main()
