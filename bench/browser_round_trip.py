"""Browser round trip: type an `import_path` in headless Chromium and wait until the request preview shows
it, against the same on a minimal Streamlit page with one input and a code block.

    python3 -m bench.browser_round_trip [--trials 20]

Both servers run side by side and the trials alternate between them. A trial types a new path and presses
Enter; it ends when a code block on the page contains `"import_path": "<that path>"` (checked on every
animation frame). Before the next trial the page is left to finish its run. On the app a dataset is chosen
first, as a user would. Waits until no other Chromium runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.browser import IDLE, PROJECT_ROOT, StreamlitServer, app_env, launch_args, wait_for_no_other_chromium

GOAL = 1.5
DATASET = "demo-image-classification · image classification · 2 labels"
MINIMAL = """import json

import streamlit as st

path = st.text_input("Import path", key="import_path")
st.code(json.dumps({"import_path": path}, indent=2), language="json")
"""
CHOSEN = """(name) => document.querySelector(".st-key-dataset_id input")?.value === name"""
# The app's body preview is plain text (pre.request-body), the minimal page's a code block.
SHOWN = """(text) => [...document.querySelectorAll("pre.request-body, [data-testid='stCode']")]
    .some(e => e.textContent.includes(text))"""


def idle(page: Page) -> None:
    page.wait_for_selector(IDLE, state="attached", timeout=60_000)


def open_page(page: Page, url: str, choose_dataset: bool) -> None:
    page.goto(url)
    page.wait_for_selector(".st-key-import_path input", timeout=120_000)
    idle(page)
    if choose_dataset:
        page.locator(".st-key-dataset_id").get_by_role("combobox").click()
        page.get_by_role("option", name=DATASET, exact=True).click()
        page.wait_for_function(CHOSEN, arg=DATASET, polling="raf", timeout=60_000)
        time.sleep(0.5)
        idle(page)


def round_trip(page: Page, path: str) -> float:
    field = page.locator(".st-key-import_path input").first
    shown = json.dumps({"import_path": path}, indent=2).splitlines()[1].strip()  # "import_path": "s3://…"
    start = time.perf_counter()
    field.fill(path)
    field.press("Enter")
    page.wait_for_function(SHOWN, arg=shown, polling="raf", timeout=60_000)
    elapsed = time.perf_counter() - start
    time.sleep(0.2)  # let the run that drew it finish before the next trial
    idle(page)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        minimal = tmp / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        app = StreamlitServer(PROJECT_ROOT / "app.py", app_env(IMPORT_COMPOSER_DATA=str(tmp / "data")), tmp / "app.log")
        baseline = StreamlitServer(minimal, app_env(), tmp / "minimal.log")
        try:
            app.wait_until_serving()
            baseline.wait_until_serving()
            wait_for_no_other_chromium()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_args())
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                pages = {"app": context.new_page(), "minimal": context.new_page()}
                open_page(pages["app"], app.url, choose_dataset=True)
                open_page(pages["minimal"], baseline.url, choose_dataset=False)
                times: dict[str, list[float]] = {"app": [], "minimal": []}
                for number in range(-2, args.trials):  # two unmeasured trials warm both up
                    for name, page in pages.items():
                        page.bring_to_front()
                        elapsed = round_trip(page, f"s3://test-obs/round-trip/{name}-{number + 2:03d}/")
                        if number >= 0:
                            times[name].append(elapsed)
                browser.close()
        finally:
            app.stop()
            baseline.stop()
    app_ms = statistics.median(times["app"]) * 1000
    minimal_ms = statistics.median(times["minimal"]) * 1000
    ratio = app_ms / minimal_ms
    print(f"Type import_path until the preview shows it, headless Chromium, median of {args.trials} (alternating)")
    print(f"{'page':<44}{'median ms':>10}{'ratio':>8}")
    print(f"{'minimal page (one input, one code block)':<44}{minimal_ms:>10.0f}{1:>8.2f}")
    print(f"{'compose page (dataset chosen)':<44}{app_ms:>10.0f}{ratio:>8.2f}")
    print(f"compose / minimal = {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
