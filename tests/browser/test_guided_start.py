"""A newcomer's first visit, in Chromium, with no typed character: "Try it with the demo data", the cats and
dogs dataset, its folder picked in the OBS browser, Check source, Submit, and the imported pictures on Tasks.
Dismissing the guide keeps it away in later visits."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, Sandbox, click, idle, screenshot, shown, widget

pytestmark = pytest.mark.browser

START = "Try it with the demo data"


def test_from_first_visit_to_the_imported_pictures_without_typing(
    page: Page, app: AppServer, sandbox: Sandbox
) -> None:
    sandbox.wait_until_idle(sandbox.dataset_id("demo-image-classification"))
    page.goto(app.url)
    click(page, page.get_by_role("button", name=START))
    expect(shown(page, "Cats and dogs (image classification)")).to_be_visible()
    expect(shown(page, "Pictures of cats and dogs")).to_be_visible()  # the demo's description
    screenshot(page, "guide_1_datasets")
    click(page, widget(page, "_guide_demo_0").get_by_role("button"))
    expect(shown(page, "Step 2 of 4")).to_be_visible()
    for folder in ("daoLu_images", "cat-dog"):
        click(page, page.get_by_role("button", name=folder, exact=True))
    click(page, widget(page, "_obs_use_folder").get_by_role("button"))
    expect(shown(page, "Step 3 of 4")).to_be_visible()
    click(page, widget(page, "_preflight_run").get_by_role("button"))
    expect(shown(page, "Step 4 of 4")).to_be_visible()
    screenshot(page, "guide_3_checked")
    click(page, page.get_by_role("button", name="Submit import task"))
    expect(shown(page, "Done!")).to_be_visible()
    click(page, page.get_by_role("link", name="See the imported pictures"))
    pictures = page.locator("[data-testid='stImage'] img")
    expect(pictures).to_have_count(7, timeout=60_000)  # 4 cats and 3 dogs, drawn
    expect(shown(page, "cat_01.jpg")).to_be_visible()
    screenshot(page, "guide_4_pictures")
    page.goto(app.url)  # a later visit: the guide finished, so it is not offered again
    idle(page)
    expect(widget(page, "dataset_id")).to_be_visible()
    expect(page.get_by_role("button", name=START)).to_have_count(0)


def test_dismissed_stays_away(page: Page, app: AppServer) -> None:
    page.goto(app.url)
    click(page, page.get_by_role("button", name="No thanks, I know my way"))
    expect(page.get_by_role("button", name=START)).to_have_count(0)
    page.reload()
    idle(page)
    expect(widget(page, "dataset_id")).to_be_visible()
    expect(page.get_by_role("button", name=START)).to_have_count(0)
