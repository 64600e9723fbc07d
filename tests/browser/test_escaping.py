"""Hostile text from the service shown in Chromium (issue 14, point 9): a dataset listing error, a task's status
and its failure message carry images, links, HTML and Markdown; each is shown as written, nothing loads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from sandbox.launcher import RunningSandbox, start_sandbox

from .conftest import AppServer, _launch_app, choose, click, idle, type_text, widget

pytestmark = pytest.mark.browser

EVIL = "evil.invalid"
HOSTILE = (
    f"![pixel](http://{EVIL}/p.png) [click here](http://{EVIL}/phish) <img src=http://{EVIL}/i.png> "
    f"<a href=http://{EVIL}/a>anchor</a> **bold** :red[red] $x^2$"
)
CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with start_sandbox(tmp_path_factory.mktemp("escaping"), port=0, faults=True, import_delay=0) as running:
        yield running


@pytest.fixture(scope="module")
def app(faulty: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    server = _launch_app(faulty.url, tmp_path_factory.mktemp("escaping-app"))
    yield server
    server.stop()


@pytest.fixture
def arm(faulty: RunningSandbox) -> Iterator[object]:
    http = requests.Session()
    http.trust_env = False

    def arm_rule(clear: bool = False, **rule: object) -> None:
        if clear:
            http.delete(f"{faulty.url}/_sandbox/faults", timeout=30)
            return
        assert http.post(f"{faulty.url}/_sandbox/faults", json=rule, timeout=30).status_code == 200

    yield arm_rule
    http.delete(f"{faulty.url}/_sandbox/faults", timeout=30)


def read(text: str) -> str:
    """Text as a person reads it: the invisible word joiners that stop autolinks left out."""
    return text.replace("\u2060", "")


def watch_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_nothing_rendered(page: Page, seen: list[str]) -> None:
    found = page.locator(f"img[src*='{EVIL}'], a[href*='{EVIL}'], [data-testid='stMain'] script")
    assert found.count() == 0, [found.nth(i).evaluate("e => e.parentElement.outerHTML") for i in range(found.count())]
    assert page.locator("[data-testid='stAlert'] strong", has_text="bold").count() == 0
    assert [url for url in seen if EVIL in url] == []


def test_a_hostile_dataset_listing_error_is_shown_as_written(page: Page, app: AppServer, arm, tmp_path: Path):
    seen = watch_requests(page)
    error = {"error_code": "ModelArts.0010", "error_msg": HOSTILE}
    arm(count=1000, status=500, method="GET", path="/datasets", body=error)
    page.goto(app.url)
    alert = page.locator("[data-testid='stAlert']").filter(has_text="could not be listed").first
    expect(alert).to_be_visible()
    idle(page)
    assert HOSTILE in read(alert.inner_text())
    assert_nothing_rendered(page, seen)
    if os.environ.get("IMPORT_COMPOSER_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["IMPORT_COMPOSER_SCREENSHOTS"]) / "hostile-listing.png"))
    page.goto(app.url + "/tasks")
    alert = page.locator("[data-testid='stAlert']").filter(has_text="could not be listed").first
    expect(alert).to_be_visible()
    idle(page)
    assert HOSTILE in read(alert.inner_text())
    assert_nothing_rendered(page, seen)


def test_a_hostile_task_status_and_failure_are_shown_as_written(page: Page, app: AppServer, arm, tmp_path: Path):
    seen = watch_requests(page)
    page.goto(app.url)
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_be_visible()
    idle(page)
    choose(page, "dataset_id", "demo-image-classification · image classification · 2 labels")
    type_text(page, "import_path", CAT_DOG)
    hostile_status = {"task_id": "t", "status": f"RUNNING <img src=http://{EVIL}/s.png>"}
    arm(count=1000, status=200, method="GET", path="/import-tasks/", body=hostile_status)
    click(page, widget(page, "_submit").get_by_role("button"))
    main = page.locator("[data-testid='stMain']")
    expect(main).to_contain_text("RUNNING <img")
    assert f"Status: RUNNING <img src=http://{EVIL}/s.png>" in read(main.inner_text())
    # The next poll of the status finds it failed, with a hostile code and message.
    arm(clear=True)
    failed = {"task_id": "t", "status": "FAILED", "error_code": f"![code](http://{EVIL}/c.png)", "error_msg": HOSTILE}
    arm(count=1000, status=200, method="GET", path="/import-tasks/", body=failed)
    failure = page.locator("[data-testid='stAlert']").filter(has_text="click here").first
    expect(failure).to_be_visible()
    idle(page)
    assert HOSTILE in read(failure.inner_text()) and "![code](" in read(failure.inner_text())
    assert_nothing_rendered(page, seen)
    if os.environ.get("IMPORT_COMPOSER_SCREENSHOTS"):
        folder = Path(os.environ["IMPORT_COMPOSER_SCREENSHOTS"])
        page.screenshot(path=str(folder / "hostile-status.png"), full_page=True)
