"""Real `streamlit run` processes (no browser: Streamlit's agent API): a draft survives a restart of the app
process, and two app processes on one PostgreSQL see each other's history, as replicas behind a load balancer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from tests.store.postgres import PostgresCluster, running_cluster

from .agent import AgentApp, page_text, start_app, widget
from .conftest import SandboxView, as_read
from .portal import CAT_DOG

DATASET = "demo-image-classification"


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    with running_cluster() as cluster:
        yield cluster


def dataset_option(page: dict, name: str) -> str:
    """The dataset picker's option for `name` (the agent API takes and gives options as shown)."""
    [option] = [o for o in widget(page, "dataset_id")["props"]["options"] if o.startswith(f"{name} ·")]
    return option


def compose(app: AgentApp) -> dict:
    page = app.interact()
    values = {"dataset_id": dataset_option(page, DATASET), "import_path": CAT_DOG, "import_annotations": False}
    return app.interact(session_id=page["session_id"], widget_state=values)


def submitted_task(page: dict) -> str | None:
    found = re.search(r"Import task created: \*\*(.+?)\*\*", page_text(page))
    return found.group(1).replace("\\", "") if found else None


def test_a_draft_survives_a_restart_of_the_app_process(
    sandbox: RunningSandbox, sandbox_view: SandboxView, tmp_path: Path
):
    env = {"IMPORT_COMPOSER_SANDBOX_URL": sandbox.url, "IMPORT_COMPOSER_DATA": str(tmp_path / "data")}
    first = start_app(tmp_path / "first", env)
    try:
        page = compose(first)
        [draft_id] = page["query_params"]["draft"]
        assert "Draft saved" in page_text(page)
    finally:
        first.stop()
    assert first.process.returncode is not None

    restarted = start_app(tmp_path / "restarted", env)  # the same data folder, a new process
    try:
        page = restarted.interact(query_params={"draft": [draft_id]})  # the browser reconnects to its URL
        assert widget(page, "import_path")["value"] == CAT_DOG
        assert widget(page, "import_annotations")["value"] is False
        assert widget(page, "dataset_id")["value"] == dataset_option(page, DATASET)
        assert "was restored" in page_text(page)
        fresh = restarted.interact()  # a browser without that URL starts empty
        assert widget(fresh, "import_path")["value"] == ""
    finally:
        restarted.stop()


def test_two_app_processes_on_one_postgresql_see_each_others_history(
    sandbox: RunningSandbox, sandbox_view: SandboxView, postgres: PostgresCluster, tmp_path: Path
):
    shared = {"IMPORT_COMPOSER_SANDBOX_URL": sandbox.url, "DATABASE_URL": postgres.create_database()}
    one = start_app(tmp_path / "one", {**shared, "IMPORT_COMPOSER_DATA": str(tmp_path / "one" / "data")})
    two = start_app(tmp_path / "two", {**shared, "IMPORT_COMPOSER_DATA": str(tmp_path / "two" / "data")})
    try:
        dataset_id = sandbox_view.dataset_id(DATASET)
        sandbox_view.wait_idle(dataset_id)
        page = compose(one)
        page = one.interact(session_id=page["session_id"], trigger={"key": "_submit"})
        task_id = submitted_task(page)
        assert task_id, page_text(page)

        history = two.interact(page="history")
        assert task_id in as_read(page_text(history)) and dataset_id in as_read(page_text(history))
        tasks = two.interact(page="tasks")
        assert task_id in as_read(page_text(tasks))

        sandbox_view.wait_idle(dataset_id)
        sent = len(sandbox_view.tasks(dataset_id))
        page = compose(two)
        page = two.interact(session_id=page["session_id"], trigger={"key": "_submit"})
        assert "This exact request was sent to this dataset" in page_text(page)
        assert submitted_task(page) is None and len(sandbox_view.tasks(dataset_id)) == sent
    finally:
        one.stop()
        two.stop()
