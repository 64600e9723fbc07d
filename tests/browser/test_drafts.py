"""A draft typed in Chromium survives a restart of the app process: the draft id in the URL finds it again."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, choose, idle, shown, type_text, widget

pytestmark = pytest.mark.browser

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
OPTION = "demo-image-classification · image classification · 2 labels"


def test_a_draft_survives_a_restart_of_the_app_process(
    page: Page, start_app: Callable[[], AppServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both servers use one database, as a restarted server finds its data folder again.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'portal.db'}")
    first = start_app()
    page.goto(first.url)
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_be_visible()
    idle(page)
    expect(page).to_have_url(re.compile(r"[?&]draft=[A-Za-z0-9_-]{8,}"))
    choose(page, "dataset_id", OPTION)
    idle(page)
    type_text(page, "import_path", CAT_DOG)
    idle(page)
    expect(shown(page, "Draft saved")).to_be_visible()  # every change is saved at once
    address = page.url[len(first.url) :]
    assert "draft=" in address
    first.stop()

    second = start_app()
    page.goto(second.url + address)  # what the browser does when the server is back (here on another port)
    expect(widget(page, "import_path").locator("input")).to_have_value(CAT_DOG)
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_have_value(OPTION)
    expect(shown(page, "was restored")).to_be_visible()

    page.goto(second.url)  # a browser without that address starts with an empty form
    expect(widget(page, "import_path").locator("input")).to_have_value("")
