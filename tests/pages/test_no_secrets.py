"""After submissions signed with a token, with access keys and as an IAM user, each carrying a DWS password,
and the drafts and templates made on the way, no secret is anywhere in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from sandbox.launcher import RunningSandbox, start_sandbox
from services import drafts
from store import Store, database_url
from tests.client.fault_server import FaultServer, json_reply
from tests.store.postgres import PostgresCluster, running_cluster

from .conftest import SandboxView, SignedSandboxView
from .portal import created_task, new_app, open_panel, pick, point_app_at, run

AK, SK = "HPUAPORTALTEST0001", "Sk-Portal-Secret-0001"
TOKEN = "Token-Portal-Secret-0001"
IAM_PASSWORD, IAM_TOKEN = "Iam-Pa55word-Portal-0001", "Iam-Issued-Token-0001"
DWS_PASSWORDS = {"token": "Dws-Pass-Token-01", "aksk": "Dws-Pass-AkSk-01", "iam": "Dws-Pass-Iam-01"}
SECRETS = [SK, TOKEN, IAM_PASSWORD, IAM_TOKEN, *DWS_PASSWORDS.values()]
PROJECT = "p-secrets"


@pytest.fixture(scope="module")
def signed_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox that checks AK/SK signatures (and then accepts nothing else)."""
    running = start_sandbox(tmp_path_factory.mktemp("signed-sandbox"), port=0, ak=AK, sk=SK, import_delay=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def iam() -> Iterator[FaultServer]:
    """IAM stand-in (the sandbox has none): every password sign-in gets IAM_TOKEN."""
    server = FaultServer()
    expires = (datetime.now(UTC) + timedelta(hours=24)).isoformat().replace("+00:00", "Z")
    body = {"token": {"expires_at": expires, "project": {"id": PROJECT, "name": "cn-north-4"}}}
    server.script(json_reply(body, 201, **{"X-Subject-Token": IAM_TOKEN}))
    yield server
    server.close()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return database_url(tmp_path / "data")
    return request.getfixturevalue("postgres").create_database()


def settings(kind: str, sandbox_url: str, iam_url: str) -> dict[str, str]:
    where = {"MODELARTS_ENDPOINT": sandbox_url, "MODELARTS_PROJECT_ID": PROJECT}
    return {
        "token": {**where, "MODELARTS_TOKEN": TOKEN},
        "aksk": {**where, "HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK},
        "iam": {**where, "MODELARTS_IAM_USER": "alice", "MODELARTS_IAM_PASSWORD": IAM_PASSWORD,
                "MODELARTS_IAM_DOMAIN": "acme", "MODELARTS_IAM_ENDPOINT": iam_url},
    }[kind]  # fmt: skip


def everything_in(store: Store, db_url: str) -> str:
    drafts.wait_for_saves()  # the drafts too, written on the app's draft-writer thread
    """Every row of every table, plus the SQLite file's raw bytes (free pages and journal included)."""
    tables = MetaData()
    tables.reflect(store.engine)
    rows = []
    with store.engine.connect() as connection:
        for table in tables.sorted_tables:
            rows += [[table.name, *map(str, row)] for row in connection.execute(select(table))]
    assert {"import_submissions", "form_drafts", "request_templates"} <= {t.name for t in tables.sorted_tables}
    text = json.dumps(rows)
    if db_url.startswith("sqlite"):
        database = Path(store.engine.url.database)
        for path in database.parent.glob(database.name + "*"):
            text += path.read_bytes().decode("latin-1")
    return text


def test_no_secret_is_anywhere_in_the_database(
    signed_sandbox: RunningSandbox,
    sandbox: RunningSandbox,
    iam: FaultServer,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):
    point_app_at(monkeypatch, signed_sandbox.url, tmp_path / "data", db_url)
    for kind, dws_password in DWS_PASSWORDS.items():
        # a sandbox with access keys accepts only requests signed with them; tokens go to one without
        target = signed_sandbox if kind == "aksk" else sandbox
        view = SignedSandboxView(target.url, AK, SK) if kind == "aksk" else SandboxView(target.url)
        for name, value in settings(kind, target.url, iam.url).items():
            monkeypatch.setenv(name, value)
        at = new_app()
        assert "ModelArts" in at.markdown[0].value  # the badge: the app talks to the configured target
        dataset_id = pick(at, view, "demo-table-iris")
        at.selectbox(key="import_origin").set_value("dws")
        run(at)
        fields = {"ip": "192.168.0.10", "port": "8000", "database_name": "sales", "table_name": f"orders_{kind}",
                  "user_name": "dbadmin", "user_password": dws_password}  # fmt: skip
        for name, value in fields.items():
            at.text_input(key=f"data_source.source_info.{name}").input(value)
        run(at)
        open_panel(at, "_templates_open")
        at.text_input(key="_template_name").input(f"orders via {kind}")
        at.button(key="_template_save").click()
        run(at)
        at.button(key="_submit").click()
        run(at)
        assert created_task(at), kind
        view.wait_idle(dataset_id)
        for name in settings(kind, target.url, iam.url):
            monkeypatch.delenv(name)
    assert len(iam.requests) >= 1  # the IAM sign-in really happened

    store = Store(db_url)
    try:
        assert store.count_submissions() == 3 and len(store.templates()) == 3
        assert all(s.secrets_removed and s.outcome == "sent" for s in store.submissions())
        dump = everything_in(store, db_url)
        assert "dbadmin" in dump and "orders via iam" in dump  # the dump does hold the data
        leaked = [secret for secret in SECRETS if secret in dump]
        assert leaked == []
    finally:
        store.close()
