"""Many clients at once: no task is lost, and a dataset never runs two imports."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"


def _post_all(urls: list[str], body: dict[str, Any]) -> list[requests.Response]:
    """POST `body` to every url at the same moment, one thread per request."""
    start = threading.Barrier(len(urls))

    def post(url: str) -> requests.Response:
        with requests.Session() as session:
            session.trust_env = False
            start.wait()
            return session.post(url, json=body, headers={"X-Auth-Token": "t"}, timeout=120)

    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return list(pool.map(post, urls))


def test_100_concurrent_creates_on_100_datasets_give_100_tasks_and_lose_none(api: Any) -> None:
    datasets = [api.create_dataset(f"concurrent-{number:03d}", 0) for number in range(100)]
    answers = _post_all(
        [api.api_url(f"/datasets/{dataset}/import-tasks") for dataset in datasets], {"import_path": CAT_DOG}
    )
    assert [answer.status_code for answer in answers] == [200] * 100, [a.text for a in answers if not a.ok][:3]
    task_ids = [answer.json()["task_id"] for answer in answers]
    assert len(set(task_ids)) == 100
    for dataset, task_id in zip(datasets, task_ids, strict=True):
        listed = api.get(f"/datasets/{dataset}/import-tasks").json()
        assert [task["task_id"] for task in listed["import_tasks"]] == [task_id]
        task = api.wait(dataset, task_id)
        assert (task["status"], task["imported_sample_count"]) == ("COMPLETED", 7)
        assert api.dataset(dataset)["total_sample_count"] == 7


def test_20_concurrent_creates_on_one_dataset_give_one_task_and_19_times_4356(api: Any) -> None:
    dataset = api.create_dataset("concurrent-one", 0)
    api.hold_imports("queuing")  # the winner stays unfinished however slow the other requests are
    try:
        answers = _post_all([api.api_url(f"/datasets/{dataset}/import-tasks")] * 20, {"import_path": CAT_DOG})
    finally:
        api.hold_imports(None)
    outcomes = Counter(
        "ok" if answer.status_code == 200 else f"{answer.status_code} {answer.json()['error_code']}"
        for answer in answers
    )
    assert outcomes == {"ok": 1, "400 ModelArts.4356": 19}
    winner = next(answer.json()["task_id"] for answer in answers if answer.status_code == 200)
    listed = api.get(f"/datasets/{dataset}/import-tasks").json()
    assert [task["task_id"] for task in listed["import_tasks"]] == [winner]
    assert api.wait(dataset, winner)["status"] == "COMPLETED"
    assert api.dataset(dataset)["total_sample_count"] == 7
