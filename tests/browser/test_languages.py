"""English and 中文 in Chromium (issue 17): the switch changes the page and a reload keeps it, a browser that
asks for Chinese opens in Chinese, and in each language the main flow goes from an empty form to a task id
with no button, label, tab or badge too small for its text. One server, one flow per language."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import FRESH, AppServer, Sandbox, click, idle, rerun, screenshot, type_text, wait_for_cookie, widget

pytestmark = pytest.mark.browser

SWITCH = "_language_switch"
COOKIE = "import_composer_language"
# Each language sends its own request: the same one twice within minutes would wait for a confirmation.
FLOWS = {
    "en-US": ("demo-image-classification", "s3://test-obs/daoLu_images/cat-dog/"),
    "zh-CN": ("demo-object-detection", "s3://test-obs/detection/voc/"),
}
TITLES = {"en-US": "Compose", "zh-CN": "创建导入"}
SUBHEADERS = {"en-US": "1 · Dataset", "zh-CN": "1 · 数据集"}
# Elements whose text must fit their box: buttons, labels, tabs, badges, the menu's links, expanders' titles.
TOO_NARROW = """() => {
    const boxes = document.querySelectorAll(
        "button, label, [role='tab'], [data-testid='stBadge'], [data-testid='stPageLink-NavLink'], "
        + "[data-testid='stTopNavLink'], summary, [data-testid='stMetricLabel'], [data-baseweb='tag']"
    );
    const found = [];
    for (const box of boxes) {
        if (!box.offsetParent || box.clientWidth === 0) continue;  // not shown
        if (box.scrollWidth > box.clientWidth + 1) {
            found.push(`${box.tagName} "${box.innerText.trim().slice(0, 60)}" ${box.scrollWidth}>${box.clientWidth}`);
        }
    }
    return found;
}"""


@pytest.fixture
def context_in(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    """New browser contexts (each a new browser profile: no cookie) asking for a language."""
    opened: list[BrowserContext] = []

    def open_context(locale: str) -> Page:
        context = browser.new_context(**{**browser_context_args, "locale": locale})
        opened.append(context)
        return context.new_page()

    yield open_context
    for context in opened:
        context.close()


def open_compose(page: Page, url: str) -> None:
    page.goto(url)
    expect(widget(page, "dataset_id").get_by_role("combobox")).to_be_visible()
    expect(widget(page, SWITCH).get_by_role("radio", name="中文")).to_be_visible()
    idle(page)


def title(page: Page) -> str:
    heading = page.locator(f"[data-testid='stElementContainer']{FRESH} h1").first
    return heading.inner_text().strip()


def test_the_switch_changes_the_page_a_reload_keeps_it_and_a_chinese_browser_opens_in_chinese(
    context_in: Any, app: AppServer
) -> None:
    page = context_in("en-US")
    open_compose(page, app.url)
    assert title(page) == "Compose"
    english, chinese = (widget(page, SWITCH).get_by_role("radio", name=name) for name in ("English", "中文"))
    expect(english).to_be_checked()
    click(page, chinese)
    expect(page.get_by_role("heading", name="创建导入")).to_be_visible()
    expect(chinese).to_be_checked()
    expect(page.get_by_role("link", name="任务")).to_be_visible()  # the menu too
    wait_for_cookie(page, COOKIE, "zh_CN")
    page.reload()  # a new session of the same browser: its cookie says 中文
    open_compose(page, app.url)
    assert title(page) == "创建导入"

    other = context_in("zh-CN")  # another browser, which asks for Chinese first
    open_compose(other, app.url)
    assert title(other) == "创建导入"
    switch = widget(other, SWITCH)
    expect(switch.get_by_role("radio", name="中文")).to_be_checked()
    switch.get_by_role("radio", name="English").focus()  # reachable without a mouse
    with rerun(other):
        other.keyboard.press("Space")
    expect(other.get_by_role("heading", name="Compose")).to_be_visible()
    wait_for_cookie(other, COOKIE, "en")
    other.reload()
    open_compose(other, app.url)
    assert title(other) == "Compose"  # its choice wins over what it asks for


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_the_main_flow_to_a_task_id_in_each_language_fits_its_boxes(
    context_in: Any, app: AppServer, sandbox: Sandbox, locale: str
) -> None:
    dataset, path = FLOWS[locale]
    dataset_id = sandbox.dataset_id(dataset)
    sandbox.wait_until_idle(dataset_id)
    before = {task["task_id"] for task in sandbox.import_tasks(dataset_id)}
    page = context_in(locale)
    open_compose(page, app.url)
    assert title(page) == TITLES[locale]
    expect(page.get_by_role("heading", name=SUBHEADERS[locale])).to_be_visible()
    assert page.evaluate(TOO_NARROW) == []

    box = widget(page, "dataset_id").get_by_role("combobox")
    with rerun(page):
        box.fill(dataset)  # the option's words around the name are in the page's language
        page.get_by_role("option").filter(has_text=dataset).first.click()
    type_text(page, "import_path", path)
    body = page.locator(f"[data-testid='stElementContainer']{FRESH} pre.request-body").first
    expect(body).to_contain_text(f'"import_path": "{path}"')  # the request keeps the API's names
    submit = widget(page, "_submit").get_by_role("button").first
    expect(submit).to_be_enabled()
    idle(page)
    submit.click()
    task_id = new_task(sandbox, dataset_id, before)
    created = page.locator(f"[data-testid='stElementContainer']{FRESH} [data-testid='stAlertContentSuccess']")
    expect(created.filter(has_text=task_id)).to_be_visible()  # "Import task created: …" in either language
    idle(page)
    assert page.evaluate(TOO_NARROW) == []
    screenshot(page, f"compose-{locale}")

    click(page, page.get_by_role("link", name={"en-US": "Tasks", "zh-CN": "任务"}[locale]))
    expect(page.get_by_text(task_id).first).to_be_visible()
    idle(page)
    assert page.evaluate(TOO_NARROW) == []
    screenshot(page, f"tasks-{locale}")


def new_task(sandbox: Sandbox, dataset_id: str, before: set[str]) -> str:
    """The id of the one task the sandbox received since `before` (waits for it)."""
    deadline = time.monotonic() + 60
    while True:
        new = [task["task_id"] for task in sandbox.import_tasks(dataset_id) if task["task_id"] not in before]
        if new or time.monotonic() > deadline:
            assert len(new) == 1, new
            return new[0]
        time.sleep(0.1)


