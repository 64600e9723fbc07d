"""Every page works when it is the first URL a freshly started server receives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, idle, shown, widget

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "title", "key"),
    [
        ("/", "Compose", "dataset_id"),
        ("/compose", "Compose", "dataset_id"),
        ("/connection", "Connection", "conn_kind"),
        ("/tasks", "Tasks", None),
        ("/history", "History", None),
        ("/templates", "Templates", None),
    ],
)
def test_deep_link_on_a_fresh_server(
    page: Page, start_app: Callable[[], AppServer], path: str, title: str, key: str | None
) -> None:
    app = start_app()
    page.goto(app.url + path)

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    if key is not None:
        expect(widget(page, key)).to_be_visible()
    idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(shown(page, "Target: Sandbox (local)")).to_be_visible()
    if title == "Compose":
        # The dataset list came from the sandbox: the picker offers its datasets.
        expect(page.get_by_text("The datasets could not be listed")).to_have_count(0)
        widget(page, "dataset_id").get_by_role("combobox").click()
        expect(page.get_by_role("option", name="demo-image-classification", exact=False)).to_be_visible()
    assert "Traceback" not in app.log()


def test_the_first_click_after_a_deep_link_on_a_fresh_server_counts(
    page: Page, start_app: Callable[[], AppServer]
) -> None:
    """The first run ran the page bare and reran through app.py (components/frame.py): the widgets the user
    sees are the app's own, so the first choice made is not lost."""
    app = start_app()
    page.goto(app.url + "/connection")
    expect(shown(page, "Target: Sandbox (local)")).to_be_visible()
    idle(page)
    widget(page, "conn_kind").get_by_text("Huawei Cloud ModelArts").click()
    expect(widget(page, "conn_where")).to_be_visible()
    expect(page.get_by_role("heading", name="Connection", level=1)).to_have_count(1)
    assert "Traceback" not in app.log()
