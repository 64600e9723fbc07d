"""How a sandbox starts: it listens and names its port before it imports and sets up its server, so requests
sent meanwhile wait and are answered once it serves (after a first start has laid out the demo data); what
only import tasks and signed requests need is not loaded before it serves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sandbox.demo import DATASETS
from sandbox.launcher import PROJECT_ROOT, SandboxStartError, start_sandbox

LOADED_LATER = ("models", "client", "requests", "sources.layouts", "sandbox.writer")


@pytest.fixture
def child(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """`python -m sandbox` on a fresh data root, started as the launcher does; its ready file's path."""
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "sandbox", "--port", "0", "--data-root", str(tmp_path / "data"),
            "--instance-id", "start-test", "--ready-file", str(ready_file), "--parent-pid", str(os.getpid()),
        ],
        cwd=PROJECT_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield process, ready_file
    finally:
        process.terminate()
        process.wait(30)


def _ready_url(process: subprocess.Popen[bytes], ready_file: Path) -> str:
    deadline = time.monotonic() + 60
    while not ready_file.is_file():
        assert process.poll() is None, "the sandbox exited before naming its port"
        assert time.monotonic() < deadline, "no ready file"
        time.sleep(0.005)
    return json.loads(ready_file.read_text(encoding="utf-8"))["url"]


def test_requests_sent_as_soon_as_the_port_is_named_are_answered_once_the_demo_data_is_laid_out(
    child: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, ready_file = child
    url = _ready_url(process, ready_file)
    session = requests.Session()
    session.trust_env = False
    # One connection each, made at once: refused if the socket did not listen yet, answered when it serves.
    health = session.get(f"{url}/_sandbox/health", timeout=60)
    assert (health.json()["instance"], health.json()["pid"]) == ("start-test", process.pid)
    listed = session.get(f"{url}/v2/p/datasets", params={"limit": 100}, headers={"X-Auth-Token": "t"}, timeout=60)
    assert listed.status_code == 200
    assert {dataset["dataset_name"] for dataset in listed.json()["datasets"]} == {
        entry["dataset_name"] for entry in DATASETS
    }


def test_a_sandbox_that_fails_while_setting_up_is_reported_with_its_log(tmp_path: Path) -> None:
    (tmp_path / "sandbox.sqlite3").mkdir()  # the database cannot be opened: the child exits after listening
    with pytest.raises(SandboxStartError, match="exited with code 1 before serving"):
        start_sandbox(tmp_path, demo=False, timeout=60)


def test_what_only_imports_and_signed_requests_need_is_not_loaded_to_serve() -> None:
    script = (
        "import sys\n"
        "import sandbox.__main__, sandbox.db, sandbox.runner, sandbox.seed, sandbox.server, uvicorn\n"
        f"print([name for name in sys.modules if name.startswith({tuple(f'{x}.' for x in LOADED_LATER)!r}) "
        f"or name in {LOADED_LATER!r}])\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert loaded.stdout.strip() == "[]"
