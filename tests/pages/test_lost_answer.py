"""A create whose answer is lost (issue 14, point 7), caused for real with the sandbox's fault switch: the
outcome is recorded as unknown, the app finds the task in the dataset's tasks, Submit asks before sending
again, and rows a crash left "sending" are resolved at the next start."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from client import ModelArtsClient, TokenAuth
from sandbox.launcher import RunningSandbox, start_sandbox
from services import history
from services.lost_answers import NOT_CREATED, SETTLE_S, answer_lost, look_for_task
from services.submit import submit_once
from store import Store

from .conftest import SandboxView
from .portal import CAT_DOG, compose_obs, created_task, new_app, page_text, point_app_at, run

MANIFEST = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with start_sandbox(tmp_path_factory.mktemp("lost-answer"), port=0, faults=True, import_delay=0) as running:
        yield running


@pytest.fixture
def view(faulty: RunningSandbox) -> Iterator[SandboxView]:
    seen = SandboxView(faulty.url)
    yield seen
    seen.http.delete(f"{faulty.url}/_sandbox/faults", timeout=30)


@pytest.fixture
def data_dir(faulty: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    point_app_at(monkeypatch, faulty.url, tmp_path)
    return tmp_path


def arm(view: SandboxView, **rule: object) -> None:
    answer = view.http.post(f"{view.url}/_sandbox/faults", json=rule, timeout=30)
    assert answer.status_code == 200, answer.text


def fresh_dataset(view: SandboxView, name: str) -> str:
    answer = view.http.post(
        f"{view.url}/v2/p/datasets",
        json={"dataset_name": name, "dataset_type": 0}, timeout=30
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["dataset_id"]


def quick_client(url: str) -> ModelArtsClient:
    return ModelArtsClient(url, "p", TokenAuth("test"), timeout=(5, 0.5), retries=1)


def test_a_read_timeout_after_the_task_was_made_is_unknown_and_the_task_is_found(view: SandboxView, store: Store):
    """The answer is held back past the client's read timeout, the task exists: unknown, then found."""
    dataset_id = fresh_dataset(view, "lost-timeout")
    client = quick_client(view.url)
    arm(view, delay=2.0, after=True, method="POST", path="/import-tasks")
    create = history._Recorded(store, client, target="Sandbox", endpoint="e", project_id="p")
    session: dict = {}
    record = submit_once(session, "Sandbox", dataset_id, {"import_path": CAT_DOG, "import_type": "dir"}, create)
    assert record.state == "unknown" and "may have reached the service" in str(record.message)
    row = store.submission(create.submission_id)
    assert row is not None and row.outcome == "unknown" and row.task_id is None
    # Submit again without a confirmation sends nothing.
    again = submit_once(session, "Sandbox", dataset_id, {"import_path": CAT_DOG, "import_type": "dir"}, create)
    assert again is record
    time.sleep(2.0)  # the held answer goes out to nobody
    [task] = view.tasks(dataset_id)
    lookup = history.resolve(store, client, row)
    assert lookup.task is not None and lookup.task.task_id == task["task_id"]
    resolved = store.submission(row.id)
    assert (resolved.outcome, resolved.task_id) == ("sent", task["task_id"])
    assert len(view.tasks(dataset_id)) == 1


def test_a_request_lost_before_it_was_handled_is_settled_as_not_created(view: SandboxView, store: Store):
    """The delay comes before the sandbox handles the request; the client gives up, so nothing is created.
    Until the settling time has passed the outcome stays unknown; after it, "failed", nothing imported."""
    dataset_id = fresh_dataset(view, "lost-before")
    client = quick_client(view.url)
    arm(view, delay=1.5, method="POST", path="/import-tasks")
    create = history._Recorded(store, client, target="Sandbox", endpoint="e", project_id="p")
    body = {"import_path": CAT_DOG, "import_type": "dir"}
    assert submit_once({}, "Sandbox", dataset_id, body, create).state == "unknown"
    time.sleep(1.6)
    assert view.tasks(dataset_id) == []
    row = store.submission(create.submission_id)
    sent_at = row.created_at.timestamp()
    assert not look_for_task(client, dataset_id, body, sent_at, now=sent_at + 5).settled
    assert history.resolve(store, client, row).settled is False
    assert store.submission(row.id).outcome == "unknown"
    assert look_for_task(client, dataset_id, body, sent_at, now=sent_at + SETTLE_S).settled


def test_only_a_task_of_the_same_path_and_type_since_the_attempt_is_taken(view: SandboxView, store: Store):
    dataset_id = fresh_dataset(view, "lost-match")
    client = quick_client(view.url)
    http = view.http
    url = f"{view.url}/v2/p/datasets/{dataset_id}/import-tasks"
    earlier = http.post(url, json={"import_path": CAT_DOG, "import_type": "dir"}, timeout=30).json()["task_id"]
    view.wait_idle(dataset_id)
    sent_at = time.time()
    other = http.post(url, json={"import_path": MANIFEST, "import_type": "manifest"}, timeout=30).json()["task_id"]
    view.wait_idle(dataset_id)
    body = {"import_path": CAT_DOG.replace("s3://", "obs://"), "import_type": "dir"}
    # The earlier identical task is known to the history (or older than the attempt): not taken.
    assert look_for_task(client, dataset_id, body, sent_at, known={earlier}, now=sent_at).task is None
    manifest = look_for_task(client, dataset_id, {"import_path": MANIFEST, "import_type": 1}, sent_at, now=sent_at)
    assert manifest.task is not None and manifest.task.task_id == other
    wrong_type = {"import_path": MANIFEST, "import_type": "dir"}
    assert look_for_task(client, dataset_id, wrong_type, sent_at, now=sent_at).task is None


def test_faults_that_leave_nothing_sent_are_not_unknown() -> None:
    from client import ConnectTimeoutError, ReadTimeoutError, RefusedConnectionError, ServerError

    assert answer_lost(ReadTimeoutError("x"))
    assert not answer_lost(RefusedConnectionError("x")) and not answer_lost(ConnectTimeoutError("x"))
    assert answer_lost(ServerError("x", http_status=504)) and not answer_lost(ServerError("x", http_status=500))


def test_in_the_app_a_dropped_answer_is_unknown_asks_before_sending_again_then_shows_the_task(
    data_dir: Path, view: SandboxView, store: Store
):
    app = new_app()
    dataset_id = compose_obs(app, view, "demo-image-classification")
    before = {t["task_id"] for t in view.tasks(dataset_id)}
    arm(view, after=True, drop=True, method="POST", path="/import-tasks")
    # While the task list can't be read, the app can't find the task yet.
    arm(view, count=100, status=503, method="GET", path=f"/sandbox-project/datasets/{dataset_id}/import-tasks")
    app.button(key="_submit").click()
    run(app)
    text = page_text(app)
    assert "Outcome unknown" in text and "looking for the task" in text, text
    assert created_task(app) is None
    [row] = store.submissions()
    assert row.outcome == "unknown"
    app.switch_page("pages/history.py")
    run(app)
    assert list(app.dataframe[0].value["Outcome"]) == ["❓ answer lost: looking for the task"]
    app.switch_page("pages/compose.py")
    run(app)
    # Submit again: a question, not a second task.
    app.button(key="_submit").click()
    run(app)
    assert any("its answer was lost" in w.value for w in app.warning), page_text(app)
    assert len({t["task_id"] for t in view.tasks(dataset_id)} - before) == 1
    app.button(key="_duplicate_cancel").click()
    run(app)
    # The list answers again: the next look finds the task and shows it.
    view.http.delete(f"{view.url}/_sandbox/faults", timeout=30)
    run(app)
    [made] = [t["task_id"] for t in view.tasks(dataset_id) if t["task_id"] not in before]
    assert created_task(app) == made, page_text(app)
    row = store.submission(row.id)
    assert (row.outcome, row.task_id) == ("sent", made)
    view.wait_idle(dataset_id)


def test_rows_left_sending_by_a_crash_are_resolved_at_the_next_start(data_dir: Path, view: SandboxView, store: Store):
    dataset_id = fresh_dataset(view, "lost-crash")
    target = {"user": "u", "target": "Sandbox (local)", "endpoint": view.url, "project_id": "sandbox-project"}
    long_ago = datetime.fromtimestamp(time.time() - SETTLE_S - 30, UTC)
    made = store.start_submission(
        dataset_id=dataset_id, body={"import_path": CAT_DOG, "import_type": "dir"}, at=long_ago, **target
    )
    task_id = requests.post(
        f"{view.url}/v2/sandbox-project/datasets/{dataset_id}/import-tasks",
        json={"import_path": CAT_DOG, "import_type": "dir"}, headers={"X-Auth-Token": "t"}, timeout=30,
    ).json()["task_id"]  # fmt: skip
    view.wait_idle(dataset_id)
    never = store.start_submission(
        dataset_id=dataset_id, body={"import_path": MANIFEST, "import_type": "manifest"}, at=long_ago, **target
    )
    in_flight = store.start_submission(dataset_id=dataset_id, body={"import_path": CAT_DOG}, **target)
    assert history.resolve_at_start() == 2
    assert (store.submission(made).outcome, store.submission(made).task_id) == ("sent", task_id)
    assert (store.submission(never).outcome, store.submission(never).message) == ("failed", NOT_CREATED)
    assert store.submission(in_flight).outcome == "sending"  # younger than any send lasts: another replica's


def test_the_history_page_resolves_unknown_rows(data_dir: Path, view: SandboxView, store: Store):
    dataset_id = fresh_dataset(view, "lost-history")
    row_id = store.start_submission(
        user="u", target="Sandbox (local)", endpoint=view.url, project_id="sandbox-project", dataset_id=dataset_id,
        body={"import_path": CAT_DOG, "import_type": "dir"},
    )  # fmt: skip
    store.finish_submission(row_id, outcome="unknown", message="The answer was lost.")
    task_id = requests.post(
        f"{view.url}/v2/sandbox-project/datasets/{dataset_id}/import-tasks",
        json={"import_path": CAT_DOG, "import_type": "dir"}, headers={"X-Auth-Token": "t"}, timeout=30,
    ).json()["task_id"]  # fmt: skip
    view.wait_idle(dataset_id)
    history._last_resolved.clear()
    app = new_app()
    app.switch_page("pages/history.py")
    run(app)
    assert list(app.dataframe[0].value["Task"]) == [task_id]
    assert store.submission(row_id).outcome == "sent"



def test_a_same_task_created_just_before_the_attempt_is_never_taken_for_it(view: SandboxView, store: Store):
    """Someone's identical request a moment before: it may be this one's task (clocks apart) or not. The outcome
    stays unknown, and after the settling time it says which task to look at; it is never taken as found."""
    dataset_id = fresh_dataset(view, "lost-near")
    body = {"import_path": CAT_DOG, "import_type": "dir"}
    earlier = view.http.post(
        f"{view.url}/v2/p/datasets/{dataset_id}/import-tasks", json=body, timeout=30
    ).json()["task_id"]
    view.wait_idle(dataset_id)
    client = quick_client(view.url)
    sent_at = time.time() + 0.01
    lookup = look_for_task(client, dataset_id, body, sent_at, now=sent_at + SETTLE_S)
    assert lookup.task is None and not lookup.settled and lookup.near is not None and lookup.near.task_id == earlier
    long_ago = datetime.fromtimestamp(sent_at - SETTLE_S, UTC)
    row_id = store.start_submission(
        user="u", target="t", endpoint="e", project_id="p", dataset_id=dataset_id, body=body, at=long_ago
    )
    # A row sent long ago can't be "near" a task made now: found as its task.
    assert history.resolve(store, client, store.submission(row_id)).task is not None
