"""AppTest against a real sandbox: the app is pointed at it through IMPORT_COMPOSER_SANDBOX_URL."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from streamlit.testing.v1 import AppTest

from components.preview import BODY_CLASS
from sandbox.launcher import RunningSandbox, start_sandbox
from services.session_state.preview import UNFOLD
from store import Store, database_url

TERMINAL = {"COMPLETED", "FAILED", "NOT_EXIST"}
APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    running = start_sandbox(tmp_path_factory.mktemp("app-sandbox"), port=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def data_dir(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The app's data folder (its database, drafts), the app pointed at the sandbox: for tests that look into
    what the portal stored."""
    from .portal import point_app_at  # portal.py imports from this module

    point_app_at(monkeypatch, sandbox.url, tmp_path)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """The portal's store in `data_dir`, as the app opens it."""
    opened = Store(database_url(data_dir))
    yield opened
    opened.close()


class SandboxView:
    """What the sandbox saw, read over its HTTP API."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.headers["X-Auth-Token"] = "test"

    def api(self, path: str) -> dict:
        answer = self.http.get(f"{self.url}/v2/p{path}", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def create_dataset(self, name: str, dataset_type: int) -> str:
        """A dataset of a type the demo data has none of (the sandbox answers the service's create call)."""
        answer = self.http.post(
            f"{self.url}/v2/p/datasets", json={"dataset_name": name, "dataset_type": dataset_type}, timeout=30
        )
        assert answer.status_code == 201, answer.text
        return answer.json()["dataset_id"]

    def dataset_id(self, name: str) -> str:
        found = self.api(f"/datasets?limit=100&search_content={name}")["datasets"]
        return next(d["dataset_id"] for d in found if d["dataset_name"] == name)

    def tasks(self, dataset_id: str) -> list[dict]:
        return self.api(f"/datasets/{dataset_id}/import-tasks?limit=100")["import_tasks"]

    def wait_idle(self, dataset_id: str, limit_s: float = 60.0) -> None:
        """Until no import runs on the dataset (the sandbox allows one at a time, like the service)."""
        deadline = time.monotonic() + limit_s
        while any(t["status"] not in TERMINAL for t in self.tasks(dataset_id)):
            if time.monotonic() > deadline:
                raise AssertionError(f"an import on {dataset_id} did not finish")
            time.sleep(0.1)

    def received(self, dataset_id: str, task_id: str) -> dict:
        answer = self.http.get(f"{self.url}/_sandbox/datasets/{dataset_id}/import-tasks/{task_id}/request", timeout=30)
        answer.raise_for_status()
        return answer.json()["request"]


class SignedSandboxView(SandboxView):
    """Reads a sandbox that accepts only requests signed with its access keys (started with --ak/--sk)."""

    def __init__(self, url: str, ak: str, sk: str) -> None:
        super().__init__(url)
        self.keys = (ak, sk)

    def api(self, path: str) -> dict:
        from client.signer import sign

        url = f"{self.url}/v2/p{path}"
        answer = self.http.get(url, headers=sign("GET", url, {}, b"", *self.keys), timeout=30)
        answer.raise_for_status()
        return answer.json()


@pytest.fixture
def sandbox_view(sandbox: RunningSandbox) -> SandboxView:
    return SandboxView(sandbox.url)


@pytest.fixture
def app(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("IMPORT_COMPOSER_SANDBOX_URL", sandbox.url)
    monkeypatch.setenv("IMPORT_COMPOSER_DATA", str(tmp_path))
    for name in ("MODELARTS_REGION", "MODELARTS_ENDPOINT", "MODELARTS_TOKEN", "HUAWEICLOUD_SDK_AK"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


BODY_PRE = re.compile(rf"<pre class='{BODY_CLASS}'[^>]*>(.*)</pre>", re.DOTALL)


def preview_text(at: AppTest) -> str | None:
    """The request body's text as the page shows it (the body view: a plain <pre>), or None."""
    for block in at.html:
        found = BODY_PRE.fullmatch(block.value)
        if found:
            return html.unescape(found.group(1))
    return None


def preview(at: AppTest, whole: bool = False) -> dict:
    """The request body the page shows (the body view); `whole`: with long lists unfolded first (a body with
    more than FOLD_BEYOND labels is otherwise not JSON as shown)."""
    if whole and any(toggle.key == UNFOLD for toggle in at.toggle) and not at.toggle(key=UNFOLD).value:
        at.toggle(key=UNFOLD).set_value(True).run()
    text = preview_text(at)
    assert text is not None, "the page shows no request body"
    return json.loads(text)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.error] + [m.value for m in at.warning]
    parts += [m.value for m in at.success] + [c.value for c in at.caption]
    return as_read("\n".join(str(p) for p in parts))


def as_read(markdown: str) -> str:
    """Markdown escapes undone, and the invisible word joiners that stop autolinks (components.text) left out."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
