"""Load: 20 threads create 500 import tasks on the sandbox through the client (one per dataset, as the service
allows one running import per dataset). Every task id is distinct, every task ends, none is lost."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator

import pytest

from client import ModelArtsClient, TokenAuth
from sandbox.launcher import RunningSandbox, start_sandbox

THREADS, TASKS = 20, 500
CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
TERMINAL = {"COMPLETED", "FAILED"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    running = start_sandbox(tmp_path_factory.mktemp("load-sandbox"), port=0, import_delay=0)
    try:
        yield running
    finally:
        running.stop()


def client_for(sandbox: RunningSandbox) -> ModelArtsClient:
    return ModelArtsClient(sandbox.url, "p-load", TokenAuth("load-test"))


def test_twenty_threads_create_five_hundred_tasks_and_every_one_ends(sandbox: RunningSandbox):
    setup = client_for(sandbox)
    datasets = [setup.create_dataset({"dataset_name": f"load-{i:03d}", "dataset_type": 0}) for i in range(TASKS)]
    todo: queue.Queue[str] = queue.Queue()
    for dataset_id in datasets:
        todo.put(dataset_id)
    created: dict[str, str] = {}  # dataset id -> task id
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker() -> None:
        client = client_for(sandbox)  # one client per thread, as one per browser session in the app
        start.wait()
        while True:
            try:
                dataset_id = todo.get_nowait()
            except queue.Empty:
                return
            try:
                task_id = client.create_import_task(dataset_id, {"import_path": CAT_DOG, "import_type": "dir"})
            except BaseException as exc:  # collected and reported: a thread must not fail silently
                with lock:
                    failures.append(exc)
                continue
            with lock:
                created[dataset_id] = task_id

    threads = [threading.Thread(target=worker, name=f"load-{n}") for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(created) == TASKS
    assert len(set(created.values())) == TASKS  # every task id distinct

    pending = dict(created)
    finished: dict[str, str] = {}
    deadline = time.monotonic() + 300  # a guard against hanging, not a speed requirement
    while pending and time.monotonic() < deadline:
        for dataset_id, task_id in list(pending.items()):
            status = setup.get_import_task(dataset_id, task_id).status
            if status in TERMINAL:
                finished[task_id] = status
                del pending[dataset_id]
        if pending:
            time.sleep(0.2)
    assert pending == {}, f"{len(pending)} tasks never ended"
    assert set(finished.values()) == {"COMPLETED"}

    # None lost: each dataset lists exactly its one task, with the samples the demo folder holds.
    for dataset_id, task_id in created.items():
        listed = setup.list_import_tasks(dataset_id)
        assert [t.task_id for t in listed.import_tasks] == [task_id]
        assert listed.import_tasks[0].imported_sample_count == listed.import_tasks[0].total_sample_count > 0
