"""After a whole session that signed in with a token, then with access keys, and sent DWS imports with a
password (plus a template and a draft on the way), none of those secrets is in any page, the logs, the
databases, the template export or the downloaded JSON.

The browser's HTML (what the user's browser receives) is checked by tests/browser/test_compose_submit.py
(`test_no_secret_in_the_page_after_a_submit`); this is the AppTest side: every element of every page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select
from streamlit.testing.v1 import AppTest

from components.preview import masked
from sandbox.launcher import RunningSandbox, start_sandbox
from services import drafts, form_state
from store import Store, database_url
from tests.pages.conftest import SandboxView, SignedSandboxView, texts
from tests.pages.portal import created_task, new_app, open_panel, pick, point_app_at, run

AK, SK = "HPUARELIABILITY00001", "Sk-Reliability-Secret-00001"
TOKEN = "Token-Reliability-Secret-00001"
DWS_PASSWORDS = {"token": "Dws-Pass-Reliability-T1", "aksk": "Dws-Pass-Reliability-A2"}
SECRETS = [SK, TOKEN, *DWS_PASSWORDS.values()]
PROJECT = "p-reliability"
PAGES = ("pages/compose.py", "pages/connection.py", "pages/tasks.py", "pages/history.py",
         "pages/templates.py")  # fmt: skip


@pytest.fixture(scope="module")
def signed_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox that checks AK/SK signatures (and then accepts nothing else)."""
    running = start_sandbox(tmp_path_factory.mktemp("signed-sandbox"), port=0, ak=AK, sk=SK, import_delay=0)
    try:
        yield running
    finally:
        running.stop()


class Everything(logging.Handler):
    """Every record at every level, formatted with its arguments and traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def all_logs() -> Iterator[Everything]:
    handler = Everything()
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in ("streamlit", "urllib3", "sqlalchemy"))]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def page_dump(at: AppTest) -> str:
    """Every element of the page as Streamlit sends it (its protobuf: labels, values, bodies, help)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        try:
            value = node.value
        except Exception:  # containers and some elements have no value
            value = None
        if value is not None:
            parts.append(str(value))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def connect(at: AppTest, sandbox_url: str, method: str, secrets: dict[str, str]) -> None:
    """Sign in on the Connection page, as a user would."""
    at.switch_page("pages/connection.py")
    run(at)
    at.radio(key="conn_kind").set_value("modelarts")
    run(at)
    at.radio(key="conn_where").set_value("custom")
    run(at)
    at.text_input(key="conn_endpoint").input(sandbox_url)
    at.text_input(key="conn_project").input(PROJECT)
    at.radio(key="conn_method").set_value(method)
    run(at)
    for name, value in secrets.items():
        at.text_input(key=f"conn_{name}").input(value)
        run(at)
    next(b for b in at.button if b.label == "Use this connection").click()
    run(at)
    assert "ModelArts" in at.markdown[0].value, texts(at)  # the badge names the cloud target now


def send_dws(at: AppTest, view: SandboxView, table: str, password: str) -> None:
    at.switch_page("pages/compose.py")
    run(at)
    dataset_id = pick(at, view, "demo-table-iris")
    at.selectbox(key="import_origin").set_value("dws")
    run(at)
    fields = {"ip": "192.168.0.10", "port": "8000", "database_name": "sales", "table_name": table,
              "user_name": "dbadmin", "user_password": password}  # fmt: skip
    for name, value in fields.items():
        at.text_input(key=f"data_source.source_info.{name}").input(value)
        run(at)
    at.button(key="_submit").click()
    run(at)
    assert created_task(at), texts(at)
    view.wait_idle(dataset_id)


def database_dump(data_dir: Path) -> str:
    drafts.wait_for_saves()  # the drafts too, written on the app's draft-writer thread
    store = Store(database_url(data_dir))
    try:
        tables = MetaData()
        tables.reflect(store.engine)
        rows = []
        with store.engine.connect() as connection:
            for table in tables.sorted_tables:
                rows += [[table.name, *map(str, row)] for row in connection.execute(select(table))]
        names = {table.name for table in tables.sorted_tables}
        assert {"import_submissions", "form_drafts", "request_templates"} <= names, names
        return json.dumps(rows, ensure_ascii=False)
    finally:
        store.close()


def files_text(folder: Path) -> str:
    """Every file below `folder` (databases with their journals, logs) as raw bytes."""
    return "".join(p.read_bytes().decode("latin-1") for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.fixture(scope="module")
def token_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox without access keys: it takes any token (one with keys accepts only signed requests)."""
    running = start_sandbox(tmp_path_factory.mktemp("token-sandbox"), port=0, import_delay=0)
    try:
        yield running
    finally:
        running.stop()


def test_no_secret_anywhere_after_a_session(
    signed_sandbox: RunningSandbox,
    token_sandbox: RunningSandbox,
    all_logs: Everything,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):
    data_dir = tmp_path / "data"
    point_app_at(monkeypatch, signed_sandbox.url, data_dir)
    view = SandboxView(token_sandbox.url)
    at = new_app()
    pages: list[str] = []

    connect(at, token_sandbox.url, "token", {"MODELARTS_TOKEN": TOKEN})
    pages.append(page_dump(at))
    send_dws(at, view, "orders_token", DWS_PASSWORDS["token"])
    pages.append(page_dump(at))
    open_panel(at, "_templates_open")
    at.text_input(key="_template_name").input("orders with a password")
    at.button(key="_template_save").click()
    run(at)

    connect(at, signed_sandbox.url, "aksk", {"HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK})
    connection_page = page_dump(at)
    pages.append(connection_page)
    send_dws(at, SignedSandboxView(signed_sandbox.url, AK, SK), "orders_aksk", DWS_PASSWORDS["aksk"])
    at.toggle(key="_reveal_secrets").set_value(True)
    run(at)
    assert DWS_PASSWORDS["aksk"] in page_dump(at)  # revealed on purpose: the dump does see the page
    at.toggle(key="_reveal_secrets").set_value(False)
    run(at)
    pages.append(page_dump(at))
    download = json.dumps(masked(form_state.body_from_state(at.session_state.to_dict())), indent=2, ensure_ascii=False)
    for page in PAGES:
        at.switch_page(page)
        run(at)
        pages.append(page_dump(at))

    store = Store(database_url(data_dir))
    try:
        submissions = store.submissions()
        template_export = store.export_templates()
    finally:
        store.close()
    places = {
        "pages": "\n".join(pages),
        "logs": "\n".join(all_logs.lines)
        + files_text(signed_sandbox.data_root)
        + files_text(token_sandbox.data_root)
        + files_text(data_dir),
        "database": database_dump(data_dir),
        "template export": template_export,
        "downloaded JSON": download,
    }
    # The places hold what was done, so a secret would be found if it were there.
    assert [s.outcome for s in submissions] == ["sent", "sent"]
    assert AK in connection_page and PROJECT in places["pages"]  # the access key id is not secret: shown
    assert "orders_token" in places["database"] and "orders_aksk" in places["downloaded JSON"]
    assert '"user_password": "••••"' in download and "orders with a password" in template_export
    assert any("POST /v2/" in line for line in all_logs.lines)  # urllib3's DEBUG lines were captured
    signed = SignedSandboxView(signed_sandbox.url, AK, SK)
    for where in (view, signed):  # each sandbox got its import
        assert len(where.tasks(where.dataset_id("demo-table-iris"))) >= 1
    leaks = {where: [s for s in SECRETS if s in text] for where, text in places.items()}
    assert leaks == {where: [] for where in places}
