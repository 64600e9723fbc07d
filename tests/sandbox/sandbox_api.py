"""A small HTTP client of the sandbox for tests: plain requests, ModelArts paths, the test switches."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

TERMINAL = {"COMPLETED", "FAILED", "NOT_EXIST"}
WAIT_LIMIT_S = 120.0  # a safety net against hanging, never an assertion about speed


class SandboxApi:
    """Plain requests against one sandbox: `get("/datasets")` means GET {url}/v2/{project}/datasets."""

    def __init__(self, url: str, project_id: str = "sandbox", token: str | None = "test-token") -> None:
        self.url = url
        self.project_id = project_id
        self.session = requests.Session()
        self.session.trust_env = False  # loopback must never go through a proxy
        if token is not None:
            self.session.headers["X-Auth-Token"] = token

    def api_url(self, path: str) -> str:
        return f"{self.url}/v2/{self.project_id}{path}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.api_url(path), timeout=30, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        if body is not None:
            kwargs["json"] = body
        return self.session.post(self.api_url(path), timeout=30, **kwargs)

    # datasets

    def datasets(self, **params: Any) -> list[dict[str, Any]]:
        answer = self.get("/datasets", params={"limit": 100, **params})
        assert answer.status_code == 200, answer.text
        return answer.json()["datasets"]

    def dataset(self, dataset_id: str) -> dict[str, Any]:
        answer = self.get(f"/datasets/{dataset_id}")
        assert answer.status_code == 200, answer.text
        return answer.json()

    def dataset_named(self, name: str) -> dict[str, Any]:
        matches = [d for d in self.datasets(search_content=name) if d["dataset_name"] == name]
        assert len(matches) == 1, f"expected one dataset named {name!r}, found {len(matches)}"
        return matches[0]

    def create_dataset(self, name: str, dataset_type: int = 0, **extra: Any) -> str:
        answer = self.post("/datasets", {"dataset_name": name, "dataset_type": dataset_type, **extra})
        assert answer.status_code == 201, answer.text
        return answer.json()["dataset_id"]

    def labels(self, dataset_id: str) -> dict[str, dict[str, Any]]:
        answer = self.get(f"/datasets/{dataset_id}/data-annotations/labels")
        assert answer.status_code == 200, answer.text
        return {label["name"]: label for label in answer.json()["labels"]}

    def samples(self, dataset_id: str) -> list[dict[str, Any]]:
        answer = self.session.get(f"{self.url}/_sandbox/datasets/{dataset_id}/samples", timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()["samples"]

    # import tasks

    def create_import(self, dataset_id: str, body: dict[str, Any]) -> str:
        answer = self.post(f"/datasets/{dataset_id}/import-tasks", body)
        assert answer.status_code == 200, answer.text
        return answer.json()["task_id"]

    def task(self, dataset_id: str, task_id: str) -> dict[str, Any]:
        answer = self.get(f"/datasets/{dataset_id}/import-tasks/{task_id}")
        assert answer.status_code == 200, answer.text
        return answer.json()

    def wait(self, dataset_id: str, task_id: str, until: set[str] | None = None) -> dict[str, Any]:
        """Poll the task until its status is in `until` (default: a terminal status)."""
        wanted = until or TERMINAL
        deadline = time.monotonic() + WAIT_LIMIT_S
        while True:
            task = self.task(dataset_id, task_id)
            if task["status"] in wanted:
                return task
            if task["status"] in TERMINAL or time.monotonic() > deadline:
                pytest.fail(f"task {task_id} is {task['status']}, waited for {sorted(wanted)}: {task}")
            time.sleep(0.05)

    def run_import(self, dataset_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.wait(dataset_id, self.create_import(dataset_id, body))

    # test switches (servers started with faults=True)

    def hold_imports(self, stage: str | None) -> None:
        answer = self.session.post(f"{self.url}/_sandbox/imports", json={"hold": stage}, timeout=30)
        assert answer.status_code == 200, answer.text

    def arm_fault(self, **rule: Any) -> None:
        answer = self.session.post(f"{self.url}/_sandbox/faults", json=rule, timeout=30)
        assert answer.status_code == 200, answer.text

    def clear_faults(self) -> None:
        answer = self.session.delete(f"{self.url}/_sandbox/faults", timeout=30)
        assert answer.status_code == 200, answer.text
