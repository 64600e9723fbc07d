"""Real Chromium against `streamlit run app.py`, which talks to a sandbox started here.

One sandbox per session (with its access log on, so tests can count the POSTs it received), one
Streamlit server per test module (`app_url`), or a fresh one per test through `start_app`.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Locator, Page, expect

from bench.browser import launch_args, stop_process
from sandbox.launcher import RunningSandbox, start_sandbox

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A shared 2-core machine can take seconds to start a run; a safety net, not a statement about speed.
expect.set_options(timeout=20_000)
# The app must not find cloud settings in the test's environment: it would talk to ModelArts.
CLOUD_ENV_PREFIXES = ("MODELARTS_", "HUAWEICLOUD_SDK_", "SANDBOX_")
START_LIMIT_S = 90.0  # a safety net against hanging, never an assertion about speed
SANDBOX_PROJECT = "browser-tests"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
FRESH = ":not([data-stale='true'])"


# the browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {**browser_type_launch_args, **launch_args()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1000}}


# the sandbox


class Sandbox:
    """Plain requests against the session's sandbox, as any client of the ModelArts API would send them."""

    def __init__(self, running: RunningSandbox) -> None:
        self.url = running.url
        self.data_root = running.data_root
        self.log_path = running.log_path
        self.session = requests.Session()
        self.session.trust_env = False  # loopback must never go through a proxy
        self.session.headers["X-Auth-Token"] = "browser-tests-token"

    def _get(self, path: str, **params: Any) -> dict[str, Any]:
        answer = self.session.get(f"{self.url}/v2/{SANDBOX_PROJECT}{path}", params=params, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def dataset_id(self, name: str) -> str:
        found = self._get("/datasets", search_content=name, limit=100)["datasets"]
        matches = [d["dataset_id"] for d in found if d["dataset_name"] == name]
        assert len(matches) == 1, f"expected one dataset named {name!r}, found {len(matches)}"
        return matches[0]

    def files_containing(self, secret: str) -> list[Path]:
        return files_containing(self.data_root, secret)

    def import_tasks(self, dataset_id: str) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = []
        while True:
            page = self._get(f"/datasets/{dataset_id}/import-tasks", limit=100, offset=len(tasks))
            tasks.extend(page["import_tasks"])
            if not page["import_tasks"] or len(tasks) >= page["total_count"]:
                return tasks

    def import_posts(self, dataset_id: str, project_id: str | None = None) -> int:
        """How many create-import-task POSTs for this dataset (and project) reached the sandbox, accepted or not."""
        log = self.log_path.read_text(encoding="utf-8", errors="replace")
        project = re.escape(project_id) if project_id else "[^/ ]+"
        return len(re.findall(rf'"POST /v2/{project}/datasets/{re.escape(dataset_id)}/import-tasks HTTP', log))

    def wait_until_idle(self, dataset_id: str) -> None:
        """Wait until no import of this dataset is running, so a new one is not refused as a conflict."""
        deadline = time.monotonic() + START_LIMIT_S
        while any(t["status"] in ("QUEUING", "RUNNING") for t in self.import_tasks(dataset_id)):
            if time.monotonic() > deadline:
                pytest.fail(f"an import of {dataset_id} is still running: {self.import_tasks(dataset_id)}")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    root = tmp_path_factory.mktemp("browser-sandbox")
    with start_sandbox(root, port=0, import_delay=0, extra_args=["--access-log", "--log-level", "info"]) as running:
        yield running


@pytest.fixture(scope="session")
def sandbox(sandbox_server: RunningSandbox) -> Sandbox:
    return Sandbox(sandbox_server)


def files_containing(folder: Path, secret: str) -> list[Path]:
    """Files below `folder` (databases and logs included) holding `secret` as bytes."""
    needle = secret.encode()
    return [path for path in folder.rglob("*") if path.is_file() and needle in path.read_bytes()]


# the app


class AppServer:
    def __init__(self, process: subprocess.Popen[bytes], url: str, workdir: Path, log_path: Path) -> None:
        self.process = process
        self.url = url
        self.workdir = workdir  # IMPORT_COMPOSER_DATA is its data/, next to the server's log
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_process(self.process, 15)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _launch_app(
    sandbox_url: str,
    workdir: Path,
    *,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
) -> AppServer:
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLOUD_ENV_PREFIXES)}
    env.update(IMPORT_COMPOSER_SANDBOX_URL=sandbox_url, IMPORT_COMPOSER_DATA=str(workdir / "data"))
    env.update(extra_env or {})
    log_path = workdir / f"streamlit-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    server = AppServer(process, url, workdir, log_path)
    session = requests.Session()
    session.trust_env = False
    deadline = time.monotonic() + START_LIMIT_S
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {process.returncode}:\n{server.log()[-3000:]}")
            # Our own process says it serves this port, and the port answers: not some other server.
            if f"127.0.0.1:{port}" in server.log():
                with contextlib.suppress(requests.RequestException):
                    healthy = session.get(f"{url}/_stcore/health", timeout=2).text.strip() == "ok"
                    if healthy and process.poll() is None:
                        return server
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url}:\n{server.log()[-3000:]}")
            time.sleep(0.1)
    except BaseException:
        server.stop()
        raise
    finally:
        session.close()


@pytest.fixture
def start_app(
    sandbox_server: RunningSandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], AppServer]]:
    """Start a fresh Streamlit server for this test (stopped after it); retried once if the port was taken."""
    started: list[AppServer] = []

    def start() -> AppServer:
        workdir = tmp_path_factory.mktemp("app")
        try:
            server = _launch_app(sandbox_server.url, workdir)
        except RuntimeError:
            server = _launch_app(sandbox_server.url, workdir)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def app(sandbox_server: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One Streamlit server for the test module; each test's browser context is a new session."""
    workdir = tmp_path_factory.mktemp("app")
    try:
        server = _launch_app(sandbox_server.url, workdir)
    except RuntimeError:
        server = _launch_app(sandbox_server.url, workdir)
    yield server
    server.stop()


# page helpers

# Marks <body> once the app's script state leaves notRunning: proof that a run started after this point.
WATCH_FOR_RUN = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    document.body.removeAttribute("data-test-run-seen");
    // Any change of the script state means a run began. The current value alone is not enough: a short
    // run can start and finish before this callback sees it, leaving "notRunning" both before and after.
    new MutationObserver((changes, observer) => {
        if (app.getAttribute("data-test-script-state") !== "notRunning"
                || changes.some(change => change.oldValue !== "notRunning")) {
            document.body.setAttribute("data-test-run-seen", "yes");
            observer.disconnect();
        }
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"]});
}"""


def idle(page: Page) -> None:
    """Wait until no script run is going on (Streamlit's own e2e tests wait for this attribute).

    Right after an action the run it causes may not have started yet: wrap the action in `rerun(page)`,
    or first expect something the action changes.
    """
    expect(page.locator(IDLE)).to_be_attached()


@contextlib.contextmanager
def rerun(page: Page) -> Iterator[None]:
    """Wait until the run caused by the actions in the block has started and finished."""
    idle(page)
    page.evaluate(WATCH_FOR_RUN)
    yield
    # Best effort: a very short run may never be drawn as "running". Callers then expect the run's effect,
    # which waits on its own, so a missed sighting only means returning after idle() alone.
    with contextlib.suppress(AssertionError):
        expect(page.locator("body[data-test-run-seen='yes']")).to_be_attached(timeout=5_000)
    idle(page)


def css_key(key: str) -> str:
    return "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def widget(page: Page, key: str) -> Locator:
    """The keyed widget's container as the current run drew it (not a stale copy from the run before)."""
    return page.locator(f".{css_key(key)}{FRESH}")


def shown(page: Page, text: str | re.Pattern[str]) -> Locator:
    """Elements of the current run showing `text`: while a run redraws, an element can briefly be there twice."""
    return page.locator(f"[data-testid='stElementContainer']{FRESH}").filter(has_text=text)


def choose(page: Page, key: str, option: str) -> None:
    """Pick `option` (its exact text) in the selectbox with this key; returns when the app has run with it."""
    box = widget(page, key).get_by_role("combobox")
    with rerun(page):
        box.click()
        page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)


def type_text(page: Page, key: str, value: str) -> None:
    """Type into the text input with this key and apply it (Enter), as a person would; returns when the app
    has run with it."""
    field = widget(page, key).locator("input")
    with rerun(page):
        field.fill(value)
        field.press("Enter")


def click(page: Page, target: Locator) -> None:
    """Click something that makes the app run again; returns when that run has finished."""
    with rerun(page):
        target.click()


def wait_for_cookie(page: Page, name: str, value: str) -> None:
    """Until the page's script has written this cookie (st.html's script runs once its element is drawn)."""
    deadline = time.monotonic() + 20
    while {c["name"]: c["value"] for c in page.context.cookies()}.get(name) != value:
        if time.monotonic() > deadline:
            pytest.fail(f"the cookie {name}={value} was not written: {page.context.cookies()}")
        page.wait_for_timeout(50)


def screenshot(page: Page, name: str) -> None:
    """IMPORT_COMPOSER_SCREENSHOTS=<folder> keeps a picture of the whole page as <name>.png, for a person to
    look at (the page scrolls inside stMain: the window is made as tall as it for the picture)."""
    folder = os.environ.get("IMPORT_COMPOSER_SCREENSHOTS")
    if not folder:
        return
    size = page.viewport_size or {"width": 1280, "height": 1000}
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 100)})
    idle(page)
    page.screenshot(path=str(Path(folder) / f"{name}.png"))
    page.set_viewport_size(size)
