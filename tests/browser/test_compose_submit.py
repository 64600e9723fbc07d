"""From an empty form to a task id in Chromium, checked against what the sandbox received."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import (
    FRESH,
    AppServer,
    Sandbox,
    choose,
    click,
    files_containing,
    idle,
    rerun,
    screenshot,
    shown,
    type_text,
    widget,
)

pytestmark = pytest.mark.browser

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
IMAGE_CLASSIFICATION = "demo-image-classification"
OBJECT_DETECTION = "demo-object-detection"
IRIS = "demo-table-iris"
OPTIONS = {
    IMAGE_CLASSIFICATION: "demo-image-classification · image classification · 2 labels",
    OBJECT_DETECTION: "demo-object-detection · object detection · 2 labels",
    IRIS: "demo-table-iris · table · 0 labels",
}
DWS_FIELDS = {
    "ip": "192.168.0.10",
    "port": "8000",
    "database_name": "demo",
    "table_name": "iris",
    "user_name": "dbadmin",
}
PASSWORD_KEY = "data_source.source_info.user_password"
TASK_CREATED = re.compile(r"Import task created:\s*(\S+)")


def open_compose(page: Page, app: AppServer) -> None:
    page.goto(app.url)
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_be_visible()
    idle(page)


def preview(page: Page) -> Locator:
    """The preview's text: the body (plain text) or the curl or Python code block."""
    shown = page.locator(f"[data-testid='stElementContainer']{FRESH}")
    return shown.locator("pre.request-body, [data-testid='stCode']").first


def fill_obs(page: Page, dataset: str, path: str) -> None:
    choose(page, "dataset_id", OPTIONS[dataset])
    type_text(page, "import_path", path)
    expect(preview(page)).to_contain_text(f'"import_path": "{path}"')
    idle(page)


def fill_dws(page: Page, password: str) -> None:
    choose(page, "dataset_id", OPTIONS[IRIS])
    choose(page, "import_origin", "GaussDB(DWS)")
    for name, value in DWS_FIELDS.items():
        type_text(page, f"data_source.source_info.{name}", value)
    field = widget(page, PASSWORD_KEY).locator("input")
    with rerun(page):
        field.fill(password)
        field.press("Enter")
    # The password is kept in the session ("Forget" appears); the box empties once it is used (Submit).
    expect(widget(page, f"_forget_{PASSWORD_KEY}")).to_be_visible()
    for name, value in DWS_FIELDS.items():
        expect(preview(page)).to_contain_text(f'"{name}": "{value}"')
    expect(preview(page)).to_contain_text('"user_password": "••••"')
    idle(page)


def submit_button(page: Page) -> Locator:
    return widget(page, "_submit").get_by_role("button", name="Submit import task")


def shown_task_id(page: Page) -> str:
    created = shown(page, "Import task created").get_by_test_id("stAlertContentSuccess")
    expect(created).to_be_visible()
    idle(page)
    found = TASK_CREATED.search(created.inner_text())
    assert found, created.inner_text()
    return found.group(1)


def submit(page: Page) -> str:
    button = submit_button(page)
    expect(button).to_be_enabled()
    idle(page)
    button.click()
    return shown_task_id(page)




def test_the_first_page_has_no_code_block_and_a_click_selects_the_whole_body(page: Page, app: AppServer) -> None:
    """So a new session's browser never loads the syntax highlighter; the body stays easy to copy."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_compose(page, app)
    body = preview(page)
    expect(body).to_contain_text('"import_type": "dir"')
    assert page.get_by_test_id("stCode").count() == 0
    assert [url for url in requested if "SyntaxHighlighter" in url] == []
    body.click()
    selected = page.evaluate("() => window.getSelection().toString()")
    assert json.loads(selected) == json.loads(body.text_content() or "")


def test_obs_import_from_empty_form_to_task_id(page: Page, app: AppServer, sandbox: Sandbox) -> None:
    dataset_id = sandbox.dataset_id(IMAGE_CLASSIFICATION)
    sandbox.wait_until_idle(dataset_id)
    before = {task["task_id"] for task in sandbox.import_tasks(dataset_id)}
    open_compose(page, app)
    expect(shown(page, "Before sending: choose a dataset")).to_be_visible()

    fill_obs(page, IMAGE_CLASSIFICATION, CAT_DOG)
    task_id = submit(page)

    new = [task for task in sandbox.import_tasks(dataset_id) if task["task_id"] not in before]
    assert [task["task_id"] for task in new] == [task_id]
    # The service echoes OBS paths as obs://bucket/key/ whatever scheme the request used.
    assert new[0]["import_path"] == "obs://test-obs/daoLu_images/cat-dog/"
    assert new[0]["import_type"] == 0  # a directory import
    expect(shown(page, re.compile(r"Status: \w+"))).to_be_visible()
    screenshot(page, "compose")


def test_dws_import_from_empty_form_to_task_id(page: Page, app: AppServer, sandbox: Sandbox) -> None:
    dataset_id = sandbox.dataset_id(IRIS)
    sandbox.wait_until_idle(dataset_id)
    before = {task["task_id"] for task in sandbox.import_tasks(dataset_id)}
    open_compose(page, app)

    fill_dws(page, "dws-Pa55word-7d1e")
    task_id = submit(page)

    new = [task for task in sandbox.import_tasks(dataset_id) if task["task_id"] not in before]
    assert [task["task_id"] for task in new] == [task_id]
    source_info = new[0]["data_source"]["source_info"]
    assert {name: source_info.get(name) for name in DWS_FIELDS} == DWS_FIELDS
    # The sandbox has no DWS: it accepts the task, then fails it, and the page says so.
    expect(shown(page, "Status: FAILED")).to_be_visible()


def test_two_clicks_100_ms_apart_create_one_task(page: Page, app: AppServer, sandbox: Sandbox) -> None:
    dataset_id = sandbox.dataset_id(OBJECT_DETECTION)
    sandbox.wait_until_idle(dataset_id)
    tasks_before = len(sandbox.import_tasks(dataset_id))
    posts_before = sandbox.import_posts(dataset_id)
    open_compose(page, app)
    fill_obs(page, OBJECT_DETECTION, "s3://test-obs/detection/voc/")
    button = submit_button(page)
    expect(button).to_be_enabled()
    idle(page)

    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    # Two trusted clicks on the same spot: down, 50 ms, up, 50 ms, down, 50 ms, up.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, click_count=2, delay=50)
    task_id = shown_task_id(page)
    # The browser sends its messages in order: once a later change shows, both clicks have been handled.
    click(page, widget(page, "difficult_only").get_by_text("Only hard examples"))
    expect(preview(page)).to_contain_text('"difficult_only": true')

    tasks = sandbox.import_tasks(dataset_id)
    assert len(tasks) == tasks_before + 1
    assert task_id in {task["task_id"] for task in tasks}
    assert sandbox.import_posts(dataset_id) == posts_before + 1  # not a second POST refused as a conflict


def test_no_secret_in_the_page_after_a_submit(page: Page, app: AppServer, sandbox: Sandbox) -> None:
    token = "tok-browser-3f9a1c77e2"
    password = "dws-Pw-b81c44d0"
    project_id = "browser-project"
    dataset_id = sandbox.dataset_id(IRIS)
    sandbox.wait_until_idle(dataset_id)
    posts_before = sandbox.import_posts(dataset_id, project_id)

    page.goto(f"{app.url}/connection")
    expect(page.get_by_role("heading", name="Connection")).to_be_visible()
    idle(page)
    click(page, widget(page, "conn_kind").get_by_text("Huawei Cloud ModelArts", exact=True))
    click(page, widget(page, "conn_where").get_by_text("A custom endpoint (other clouds)", exact=True))
    type_text(page, "conn_endpoint", sandbox.url)
    type_text(page, "conn_project", project_id)
    expect(widget(page, "conn_method").get_by_role("radio", name="Token")).to_be_checked()
    field = widget(page, "conn_MODELARTS_TOKEN").locator("input")
    with rerun(page):
        field.fill(token)
        field.press("Enter")
    click(page, page.get_by_role("button", name="Use this connection"))
    expect(field).to_have_attribute("placeholder", re.compile("stored for this session"))  # used: the box empties
    expect(field).to_have_value("")
    expect(shown(page, f"Target: ModelArts {sandbox.url} · project {project_id}")).to_be_visible()
    idle(page)

    click(page, page.get_by_role("link", name="Compose"))  # in this session: a new URL would be a new session
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_be_visible()
    fill_dws(page, password)
    expect(shown(page, f"/v2/{project_id}/datasets/{dataset_id}/import-tasks")).to_be_visible()
    submit(page)
    expect(shown(page, "Status: FAILED")).to_be_visible()
    idle(page)

    assert sandbox.import_posts(dataset_id, project_id) == posts_before + 1  # sent through that connection
    assert_not_in_page(page, token, password)
    for view, shows in (("curl", "curl --globoff -sS -X POST"), ("Python", "import requests")):
        click(page, widget(page, "_preview_view").get_by_text(view, exact=True))
        expect(preview(page)).to_contain_text(shows)
        assert_not_in_page(page, token, password)
    click(page, page.get_by_role("link", name="Connection"))
    expect(page.get_by_role("heading", name="Connection")).to_be_visible()
    assert_not_in_page(page, token, password)
    for secret in (token, password):
        assert files_containing(app.workdir, secret) == []  # the app's data folder and its log
        assert sandbox.files_containing(secret) == []  # the sandbox's database and its log


def assert_not_in_page(page: Page, *secrets: str) -> None:
    """Not in the HTML, and not in any field's current value (which the HTML need not show)."""
    html = page.content()
    values = page.locator("input, textarea").evaluate_all("fields => fields.map(field => field.value).join(' ')")
    for secret in secrets:
        assert secret not in html
        assert secret not in values
