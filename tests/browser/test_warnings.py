"""In Chromium: a warning (advice, models/rule_table.py) shows next to its field, in the check summary and beside
the preview, and Submit still sends the request. The DWS source is named by its cluster ID, without IP and port."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, Sandbox, choose, idle, rerun, shown, type_text, widget

pytestmark = pytest.mark.browser

IRIS = "demo-table-iris · table · 0 labels"
INFO = "data_source.source_info."
WARNING = "Table name is not given"


def test_a_warning_shows_beside_its_field_the_summary_and_the_preview_and_submit_sends(
    page: Page, app: AppServer, sandbox: Sandbox
) -> None:
    dataset_id = sandbox.dataset_id("demo-table-iris")
    sandbox.wait_until_idle(dataset_id)
    before = {task["task_id"] for task in sandbox.import_tasks(dataset_id)}
    page.goto(app.url)
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_be_visible()
    idle(page)
    choose(page, "dataset_id", IRIS)
    choose(page, "import_origin", "GaussDB(DWS)")
    for name, value in {"cluster_id": "c-0a1b2c", "database_name": "demo", "user_name": "dbadmin"}.items():
        type_text(page, INFO + name, value)
    password = widget(page, INFO + "user_password").locator("input")
    with rerun(page):
        password.fill("Browser-Warn-Pass1")
        password.press("Enter")
    expect(widget(page, f"_forget_{INFO}user_password")).to_be_visible()

    # next to the field (below the Table name box), in the check summary, beside the preview
    notes = shown(page, WARNING)
    expect(notes.first).to_be_visible()
    assert notes.count() >= 3, [notes.nth(i).inner_text() for i in range(notes.count())]
    expect(shown(page, "The request can be sent").first).to_be_visible()
    expect(shown(page, "Sent as shown, with 1 warning").first).to_be_visible()
    folder = os.environ.get("IMPORT_COMPOSER_SCREENSHOTS")
    if folder:  # the whole page, for a person to look at
        height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        page.set_viewport_size({"width": 1280, "height": max(1000, int(height) + 100)})
        idle(page)
        page.screenshot(path=str(Path(folder) / "warning.png"))

    button = widget(page, "_submit").get_by_role("button", name="Submit import task")
    expect(button).to_be_enabled()
    idle(page)
    button.click()
    expect(shown(page, "Import task created").first).to_be_visible()
    created = [task for task in sandbox.import_tasks(dataset_id) if task["task_id"] not in before]
    assert len(created) == 1
    assert created[0]["data_source"]["source_info"]["cluster_id"] == "c-0a1b2c"
