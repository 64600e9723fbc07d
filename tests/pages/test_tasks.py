"""The Tasks page against a sandbox whose imports can be held: QUEUING, RUNNING, COMPLETED; a failure explained."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from client import explain_error_code
from components.task_tracker import Observed, failure_advice, poll_interval, progress, timeline
from models import ImportTaskStatus
from sandbox.launcher import RunningSandbox, start_sandbox

from .conftest import SandboxView, as_read
from .portal import compose_obs, new_app, page_text, point_app_at, run, submit

TASKS = "pages/tasks.py"
ONLY_A_GIF = "s3://test-obs/broken/images/"  # a folder holding one .gif: accepted, then nothing to import


@pytest.fixture(scope="module")
def held_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    running = start_sandbox(tmp_path_factory.mktemp("held-sandbox"), port=0, faults=True, import_delay=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def view(held_sandbox: RunningSandbox) -> Iterator[SandboxView]:
    shown = SandboxView(held_sandbox.url)
    yield shown
    hold(shown, None)


@pytest.fixture
def app(held_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    point_app_at(monkeypatch, held_sandbox.url, tmp_path)
    return new_app()


def hold(view: SandboxView, stage: str | None) -> None:
    view.http.post(f"{view.url}/_sandbox/imports", json={"hold": stage}, timeout=30).raise_for_status()


def wait_for(view: SandboxView, dataset_id: str, task_id: str, status: str) -> None:
    deadline = time.monotonic() + 60
    while view.api(f"/datasets/{dataset_id}/import-tasks/{task_id}")["status"] != status:
        assert time.monotonic() < deadline, f"task {task_id} never reached {status}"
        time.sleep(0.05)


def cards(at: AppTest) -> str:
    return as_read("\n".join(m.value for m in at.markdown))


def progress_bars(at: AppTest) -> list[tuple[int, str]]:
    return [(bar.proto.value, bar.proto.text) for bar in at.get("progress")]


def test_the_tracker_follows_a_portal_task_from_queuing_to_completed(app: AppTest, view: SandboxView):
    hold(view, "queuing")
    dataset_id = compose_obs(app, view)
    task_id = submit(app)
    app.switch_page(TASKS)
    run(app)
    assert task_id in cards(app) and "sent by local user" in page_text(app)
    assert ":orange-badge[Queued]" in cards(app)
    assert ":material/radio_button_checked: **Queued**" in cards(app)
    assert all(value < 100 for value, _ in progress_bars(app))

    hold(view, "running")
    wait_for(view, dataset_id, task_id, "RUNNING")
    run(app)
    assert ":blue-badge[Running]" in cards(app)
    assert ":material/check_circle: Queued" in cards(app) and "**Running**" in cards(app)

    hold(view, None)
    wait_for(view, dataset_id, task_id, "COMPLETED")
    run(app)
    assert ":green-badge[Completed]" in cards(app)
    assert ":material/check_circle: Completed" in cards(app)
    assert progress_bars(app) == [(100, "7 of 7 files")]
    assert "7 samples found · 7 imported · 7 annotated" in page_text(app)


def test_a_failed_task_is_explained_with_the_fix(app: AppTest, view: SandboxView):
    dataset_id = compose_obs(app, view, path=ONLY_A_GIF)
    task_id = submit(app)
    wait_for(view, dataset_id, task_id, "FAILED")
    app.switch_page(TASKS)
    run(app)
    app.segmented_control(key="_tasks_view").set_value("dataset")
    run(app)
    explanation, fix = explain_error_code("ModelArts.4340")
    shown = page_text(app)
    assert ":red-badge[Failed]" in cards(app) and task_id in cards(app)
    assert explanation in shown and fix in shown
    assert "Service said: ModelArts.4340" in shown


def test_the_dataset_view_lists_tasks_sent_elsewhere_too(app: AppTest, view: SandboxView):
    dataset_id = compose_obs(app, view)
    portal_task = submit(app)
    wait_for(view, dataset_id, portal_task, "COMPLETED")
    answer = view.http.post(
        f"{view.url}/v2/p/datasets/{dataset_id}/import-tasks",
        json={"import_path": "s3://test-obs/daoLu_images/cat-dog/", "import_annotations": False},
        timeout=30,
    )
    answer.raise_for_status()
    other_task = answer.json()["task_id"]
    wait_for(view, dataset_id, other_task, "COMPLETED")
    app.switch_page(TASKS)
    run(app)
    assert portal_task in cards(app) and other_task not in cards(app)  # the portal view: only its own
    app.segmented_control(key="_tasks_view").set_value("dataset")
    run(app)
    lines = cards(app).splitlines()
    assert any(portal_task in line and "sent by local user" in line for line in lines)
    assert any(other_task in line and "sent by" not in line for line in lines)


# the pieces, without the page


def test_refreshing_backs_off_as_the_task_ages():
    paces = [poll_interval(age) for age in (0, 59, 60, 599, 600, 3599, 3600, 86400)]
    assert paces == [2, 2, 5, 5, 15, 15, 60, 60]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "RUNNING", "file_statistics": {"file_num_finished": 3, "file_num_total": 12}},
         (0.25, "3 of 12 files")),
        ({"status": "RUNNING", "file_statistics": {"file_num_total": 1, "file_size_finished": 512,
          "file_size_total": 2048}}, (0.25, "512 B of 2.0 KB")),
        ({"status": "RUNNING", "total_sample_count": 8, "imported_sample_count": 2}, (0.25, "2 of 8 samples")),
        ({"status": "COMPLETED", "total_sample_count": 8, "imported_sample_count": 6}, (1.0, "6 of 8 samples")),
        ({"status": "COMPLETED"}, (1.0, "done")),
        ({"status": "QUEUING"}, None),
    ],
)  # fmt: skip
def test_progress_comes_from_file_statistics_else_the_counts(fields: dict, expected):
    assert progress(ImportTaskStatus.model_validate(fields)) == expected


def test_a_code_without_advice_still_says_what_to_do():
    assert failure_advice(ImportTaskStatus(status="FAILED", error_code="ModelArts.4312")) == explain_error_code(
        "ModelArts.4312"
    )
    explanation, fix = failure_advice(ImportTaskStatus(status="FAILED", error_code="ModelArts.9999"))
    assert explanation == "The import failed." and "message" in fix
    assert explain_error_code(None) is None and explain_error_code("nonsense") is None


def test_the_timeline_marks_done_current_and_next_stages():
    queued = Observed(ImportTaskStatus(status="QUEUING", create_time=1_700_000_000_000), 0.0, {"QUEUING": 0.0})
    assert [(name, state) for name, _, state in timeline(queued)] == [
        ("Queued", "now"), ("Running", "next"), ("Completed", "next"),
    ]  # fmt: skip
    failed = Observed(ImportTaskStatus(status="FAILED", create_time=1, update_ms=2), 0.0, {})
    assert [(name, state) for name, _, state in timeline(failed)] == [
        ("Queued", "done"), ("Running", "done"), ("Failed", "done"),
    ]  # fmt: skip


def test_a_refused_request_is_in_the_history_with_the_reason(app: AppTest, view: SandboxView):
    hold(view, "queuing")  # the first import stays unfinished, so the service refuses a second one (4356)
    compose_obs(app, view)
    submit(app)
    app.toggle(key="import_annotations").set_value(False)
    run(app)
    app.button(key="_submit").click()
    run(app)
    explanation, _ = explain_error_code("ModelArts.4356")
    assert explanation in page_text(app)
    app.switch_page("pages/history.py")
    run(app)
    table = app.dataframe[0].value
    assert list(table["Outcome"]) == ["❌ refused", "✅ task created"]
    assert explanation in page_text(app) and "ModelArts.4356" in page_text(app)
    app.segmented_control(key="_history_scope").set_value("all")
    run(app)
    assert len(app.dataframe[0].value) == 2
