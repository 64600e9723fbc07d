"""Table sources picked, not typed, in Chromium: the sandbox's demo DWS and RDS instances fill the connection
fields, DLI goes queue -> database -> table, and MRS offers no streaming cluster."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, widget
from .conftest import choose as choose_in_view
from .test_compose_submit import IRIS, OPTIONS, open_compose, preview

pytestmark = pytest.mark.browser
INFO = "data_source.source_info."


def choose(page: Page, key: str, option: str) -> None:
    """As conftest's choose, with the box scrolled into view first: a dropdown that opens while the page scrolls
    to it closes again."""
    widget(page, key).scroll_into_view_if_needed()
    choose_in_view(page, key, option)


def test_pick_dws_dli_rds_and_mrs_sources(page: Page, app: AppServer) -> None:
    open_compose(page, app)
    choose(page, "dataset_id", OPTIONS[IRIS])

    choose(page, "import_origin", "GaussDB(DWS)")
    choose(page, "_pick_dws_", "demo-dws · 192.168.0.10:8000 · AVAILABLE")
    expect(widget(page, INFO + "ip").locator("input")).to_have_value("192.168.0.10")
    expect(widget(page, INFO + "port").locator("input")).to_have_value("8000")
    expect(widget(page, INFO + "user_name").locator("input")).to_have_value("dbadmin")
    expect(preview(page)).to_contain_text('"ip": "192.168.0.10"')

    choose(page, "import_origin", "RDS")
    choose(page, "_pick_rds_", "demo-postgres · PostgreSQL 15 · 192.168.0.21:5432")
    expect(widget(page, INFO + "ip").locator("input")).to_have_value("192.168.0.21")
    expect(preview(page)).to_contain_text('"port": "5432"')

    choose(page, "import_origin", "DLI")
    choose(page, "_pick_dli_queues_", "demo_queue (sql queue)")
    choose(page, "_pick_dli_databases_", "shop")
    choose(page, "_pick_dli_tables_shop", "reviews")
    expect(preview(page)).to_contain_text('"queue_name": "demo_queue"')
    expect(preview(page)).to_contain_text('"database_name": "shop"')
    expect(preview(page)).to_contain_text('"table_name": "reviews"')

    choose(page, "import_origin", "MRS")
    box = widget(page, "_pick_mrs_").get_by_role("combobox")
    box.scroll_into_view_if_needed()
    box.click()
    expect(page.get_by_role("option")).to_have_count(2)  # demo-cluster and secure-cluster; not kafka-streaming
    page.get_by_role("option", name="secure-cluster · security cluster · running").click()
    expect(preview(page)).to_contain_text('"cluster_name": "secure-cluster"')
    expect(preview(page)).to_contain_text('"cluster_mode": "1"')
