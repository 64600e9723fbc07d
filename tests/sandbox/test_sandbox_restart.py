"""Stopping and starting the sandbox: state survives, unfinished imports resume or fail with a reason,
and the launcher only ever reports a server that is its own child."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import SandboxStartError, is_own_sandbox, start_sandbox
from tests.sandbox.sandbox_api import SandboxApi

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
V002 = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"


def test_a_restart_keeps_datasets_tasks_samples_and_labels_and_resumes_unfinished_imports(
    tmp_path: Path,
) -> None:
    with start_sandbox(tmp_path, faults=True, import_delay=0, workers=2) as first:
        api = SandboxApi(first.url)
        done_on = api.create_dataset(
            "restart-done", 0, labels=[{"name": "cat", "property": {"@modelarts:color": "#010203"}}]
        )
        done = api.run_import(done_on, {"import_type": "manifest", "import_path": V002, "import_folder": "v"})
        before = {
            "dataset": api.dataset(done_on),
            "labels": api.labels(done_on),
            "samples": api.samples(done_on),
        }
        api.hold_imports("running")
        pending = [api.create_dataset(f"restart-pending-{n}", 0) for n in range(3)]
        tasks = [api.create_import(dataset, {"import_path": CAT_DOG}) for dataset in pending]
        api.wait(pending[0], tasks[0], until={"RUNNING"})
        api.wait(pending[1], tasks[1], until={"RUNNING"})
        assert api.task(pending[2], tasks[2])["status"] == "QUEUING"  # both workers are busy
        first.process.kill()  # no goodbye: state must already be on disk
        first.process.wait(10)

    with start_sandbox(tmp_path, import_delay=0) as second:
        api = SandboxApi(second.url)
        assert api.task(done_on, done["task_id"]) == done
        assert api.dataset(done_on) == before["dataset"]
        assert api.labels(done_on) == before["labels"]
        assert api.samples(done_on) == before["samples"]
        assert before["labels"]["cat"]["property"]["@modelarts:color"] == "#010203"
        for dataset, task_id in zip(pending, tasks, strict=True):
            task = api.wait(dataset, task_id)
            assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", 7)
            assert api.dataset(dataset)["total_sample_count"] == 7
        assert len(api.datasets()) == 6 + 4  # the demo datasets were not created twice


def test_an_import_interrupted_twice_fails_with_a_reason(tmp_path: Path) -> None:
    with start_sandbox(tmp_path, faults=True, import_delay=0) as first:
        api = SandboxApi(first.url)
        dataset = api.create_dataset("interrupted", 0)
        api.hold_imports("running")
        task_id = api.create_import(dataset, {"import_path": CAT_DOG})
        api.wait(dataset, task_id, until={"RUNNING"})
    with start_sandbox(tmp_path, faults=True, import_delay=0, extra_args=["--hold-imports", "running"]) as second:
        api = SandboxApi(second.url)
        assert api.wait(dataset, task_id, until={"RUNNING"})["status"] == "RUNNING"  # resumed once
    with start_sandbox(tmp_path, import_delay=0) as third:
        api = SandboxApi(third.url)
        task = api.task(dataset, task_id)
        assert (task["status"], task["error_code"]) == ("FAILED", "ModelArts.0010")
        assert "stopped 2 times" in task["error_msg"]
        assert api.run_import(dataset, {"import_path": CAT_DOG})["status"] == "COMPLETED"  # the dataset is free


def test_a_second_sandbox_on_the_same_data_root_is_refused(tmp_path: Path) -> None:
    with start_sandbox(tmp_path, demo=False) as running:
        with pytest.raises(SandboxStartError, match="in use by sandbox process"):
            start_sandbox(tmp_path, demo=False, timeout=30)
        assert running.alive()


@pytest.fixture
def foreign_server() -> Iterator[str]:
    """Another HTTP server that even answers the health path, with someone else's instance id."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"status": "ok", "instance": "someone-else", "pid": 1}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_busy_port_is_reported_not_mistaken_for_the_sandbox(tmp_path: Path, foreign_server: str) -> None:
    port = int(foreign_server.rsplit(":", 1)[1])
    assert not is_own_sandbox(foreign_server, "someone-else", pid=12345)
    assert not is_own_sandbox(foreign_server, "my-instance")
    with pytest.raises(SandboxStartError, match="cannot listen"):
        start_sandbox(tmp_path, port=port, demo=False, timeout=30)


def test_a_fixed_port_is_used_when_free(tmp_path: Path) -> None:
    with start_sandbox(tmp_path, port=0, demo=False) as probe:
        port = probe.port
    with start_sandbox(tmp_path, port=port, demo=False) as fixed:
        assert fixed.url == f"http://127.0.0.1:{port}"
        assert is_own_sandbox(fixed.url, fixed.instance_id, fixed.pid)
    assert not fixed.alive()


def test_the_sandbox_exits_when_the_process_that_started_it_is_gone(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from sandbox.launcher import start_sandbox\n"
        "s = start_sandbox(Path(sys.argv[1]), demo=False)\n"
        "print(s.pid, flush=True)\n"
        "import os; os._exit(0)\n"  # no atexit, no stop(): the child is left behind
    )
    parent = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    child = int(parent.stdout.strip())
    deadline = time.monotonic() + 60
    while _running(child):
        assert time.monotonic() < deadline, "the orphaned sandbox kept running"
        time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def test_stop_is_idempotent_and_the_context_manager_stops(tmp_path: Path) -> None:
    running = start_sandbox(tmp_path, demo=False)
    with running:
        assert running.alive()
    assert not running.alive()
    running.stop()
    assert os.path.exists(running.log_path)
