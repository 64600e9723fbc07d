"""The table-source pickers through AppTest against the sandbox: a pick fills the fields; a listing refused
(no permission) says why and leaves the fields to type."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from streamlit.testing.v1 import AppTest

from sandbox.launcher import start_sandbox

from .conftest import SandboxView, preview, texts
from .portal import new_app, point_app_at, run
from .portal import pick as pick_dataset


def pick(at: AppTest, key: str, option: str) -> None:
    at.selectbox(key=key).select(option)
    run(at)

INFO = "data_source.source_info."


def table_dataset(app: AppTest, sandbox_view: SandboxView) -> None:
    pick_dataset(app, sandbox_view, "demo-table-iris")


def test_dli_queue_database_then_table(app: AppTest, sandbox_view: SandboxView) -> None:
    table_dataset(app, sandbox_view)
    pick(app, "import_origin", "dli")
    assert app.selectbox(key="_pick_dli_databases_").options == ["demo", "shop"]
    pick(app, "_pick_dli_queues_", "demo_queue (sql queue)")
    pick(app, "_pick_dli_databases_", "shop")
    pick(app, "_pick_dli_tables_shop", "orders")
    info = preview(app)["data_source"]["source_info"]
    assert (info["queue_name"], info["database_name"], info["table_name"]) == ("demo_queue", "shop", "orders")
    assert app.text_input(key=INFO + "table_name").value == "orders"  # still a field one can type into


def test_mrs_leaves_streaming_clusters_out(app: AppTest, sandbox_view: SandboxView) -> None:
    table_dataset(app, sandbox_view)
    pick(app, "import_origin", "mrs")
    options = app.selectbox(key="_pick_mrs_").options
    assert len(options) == 2 and not any("kafka" in option for option in options)


def test_a_refused_listing_says_why_and_the_fields_stay_to_type(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with start_sandbox(tmp_path / "sandbox", port=0, extra_args=["--faults"]) as sandbox:
        point_app_at(monkeypatch, sandbox.url, tmp_path / "data")
        body = '{"error_code": "DWS.0015", "error_msg": "Policy doesn\'t allow dws:cluster:list to be performed."}'
        refused = {"count": 5, "status": 403, "body": body, "path": "/clusters", "method": "GET"}
        assert requests.post(f"{sandbox.url}/_sandbox/faults", json=refused, timeout=10).ok
        app = new_app()
        pick_dataset(app, SandboxView(sandbox.url), "demo-table-iris")
        pick(app, "import_origin", "dws")
        shown = texts(app)
        assert "Your GaussDB(DWS) clusters could not be listed" in shown and "dws:cluster:list" in shown
        assert "Type the fields below instead." in shown
        app.text_input(key=INFO + "ip").input("192.168.0.99")
        run(app)
        assert preview(app)["data_source"]["source_info"]["ip"] == "192.168.0.99"
