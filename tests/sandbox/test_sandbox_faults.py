"""The fault switch (POST /_sandbox/faults) and the command line of `python -m sandbox`."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox.__main__ import parse_args

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"


@pytest.fixture(autouse=True)
def no_faults_left(api: Any) -> Any:
    yield
    api.clear_faults()


def faults_state(api: Any) -> dict[str, Any]:
    return api.session.get(f"{api.url}/_sandbox/faults", timeout=30).json()


def test_the_next_n_requests_get_the_status(api: Any) -> None:
    api.arm_fault(count=2, status=503)
    answers = [api.get("/datasets") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [503, 503, 200]
    assert answers[0].json()["error_code"] == "ModelArts.0010"
    assert "fault" in answers[0].json()["error_msg"].lower()
    assert answers[0].headers["x-request-id"]
    assert faults_state(api)["rules"] == []


def test_a_fault_can_carry_a_body_and_headers(api: Any) -> None:
    api.arm_fault(status=429, body={"error_code": "APIGW.0308", "error_msg": "throttled"}, headers={"Retry-After": "2"})
    api.arm_fault(status=502, body="<html>Bad Gateway</html>")
    api.arm_fault(status=500, body='{"error_code": "ModelArts.0010", "error_msg": "boom"}')
    throttled, gateway, boom = (api.get("/datasets") for _ in range(3))
    assert (throttled.status_code, throttled.json(), throttled.headers["retry-after"]) == (
        429,
        {"error_code": "APIGW.0308", "error_msg": "throttled"},
        "2",
    )
    assert (gateway.status_code, gateway.text, gateway.headers["content-type"]) == (
        502,
        "<html>Bad Gateway</html>",
        "text/plain; charset=utf-8",
    )
    assert (boom.status_code, boom.json()["error_msg"]) == (500, "boom")


def test_a_fault_can_target_one_method_and_path(api: Any) -> None:
    dataset = api.create_dataset("faults-target", 0)
    api.arm_fault(status=500, method="POST", path="/import-tasks")
    assert api.get("/datasets").status_code == 200
    assert api.get(f"/datasets/{dataset}/import-tasks").status_code == 200
    failed = api.post(f"/datasets/{dataset}/import-tasks", {"import_path": CAT_DOG})
    assert failed.status_code == 500
    assert api.get(f"/datasets/{dataset}/import-tasks").json()["total_count"] == 0  # nothing was created
    task = api.run_import(dataset, {"import_path": CAT_DOG})
    assert task["status"] == "COMPLETED"


def test_a_delay_stalls_the_request_then_answers_it(api: Any) -> None:
    api.arm_fault(delay=2)
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.session.get(api.api_url("/datasets"), timeout=(5, 0.3))
    assert faults_state(api)["rules"] == []
    api.arm_fault(delay=0.2)
    assert api.get("/datasets").status_code == 200
    assert faults_state(api)["rules"] == []


def test_sandbox_endpoints_are_never_faulted(api: Any) -> None:
    api.arm_fault(status=503, count=5)
    assert requests.get(f"{api.url}/_sandbox/health", timeout=30).status_code == 200
    assert faults_state(api)["rules"][0]["count"] == 5


def test_rules_are_listed_and_cleared(api: Any) -> None:
    api.arm_fault(status=503, count=3, path="/datasets")
    api.arm_fault(delay=1, method="GET")
    rules = faults_state(api)["rules"]
    assert rules == [
        {"count": 3, "status": 503, "delay": 0.0, "path": "/datasets"},
        {"count": 1, "delay": 1.0, "method": "GET"},
    ]
    api.clear_faults()
    assert faults_state(api)["rules"] == []
    assert api.get("/datasets").status_code == 200


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"status": 99}, "status"),
        ({"status": 503, "count": 0}, "count"),
        ({}, "change nothing"),
        ({"stat": 1}, "stat"),
    ],
)
def test_a_bad_rule_is_400(api: Any, rule: dict[str, Any], field: str) -> None:
    answer = api.session.post(f"{api.url}/_sandbox/faults", json=rule, timeout=30)
    assert answer.status_code == 400
    assert field in answer.json()["error_msg"]
    assert faults_state(api)["rules"] == []


def test_import_holds_are_validated(api: Any) -> None:
    answer = api.session.post(f"{api.url}/_sandbox/imports", json={"hold": "forever"}, timeout=30)
    assert answer.status_code == 400
    assert api.session.get(f"{api.url}/_sandbox/imports", timeout=30).json() == {"hold": None}


# the command line


def test_command_line_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SANDBOX_AK", "SANDBOX_SK", "SANDBOX_FAULTS", "SANDBOX_DATA_ROOT"):
        monkeypatch.delenv(name, raising=False)
    args = parse_args([])
    assert (args.host, args.port, args.data_root) == ("127.0.0.1", 8765, Path("data/sandbox"))
    assert (args.ak, args.sk, args.faults, args.import_delay, args.workers) == (None, None, False, 0.2, 2)


def test_command_line_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SANDBOX_FAULTS", "1")
    monkeypatch.setenv("SANDBOX_AK", "ak")
    monkeypatch.setenv("SANDBOX_SK", "sk")
    monkeypatch.setenv("SANDBOX_DATA_ROOT", str(tmp_path))
    args = parse_args([])
    assert (args.faults, args.ak, args.sk, args.data_root) == (True, "ak", "sk", tmp_path)


@pytest.mark.parametrize(
    "argv",
    [["--ak", "only-the-access-key"], ["--hold-imports", "running"], ["--port", "70000"], ["--workers", "0"]],
)
def test_command_line_refuses_inconsistent_options(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    for name in ("SANDBOX_AK", "SANDBOX_SK", "SANDBOX_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit):
        parse_args(argv)


def test_an_answer_held_back_after_the_task_is_created(api: Any) -> None:
    """`after`: the request is really handled, only its answer is late: a short read timeout loses it."""
    dataset = api.create_dataset("faults-after", 0)
    api.arm_fault(delay=2.0, after=True, method="POST", path="/import-tasks")
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.session.post(
            api.api_url(f"/datasets/{dataset}/import-tasks"),
            json={"import_path": CAT_DOG, "import_type": "dir"},
            timeout=(5, 0.5),
        )
    [task] = api.get(f"/datasets/{dataset}/import-tasks").json()["import_tasks"]
    assert task["import_path"].endswith("test-obs/daoLu_images/cat-dog/")


def test_a_connection_dropped_after_the_task_is_created(api: Any) -> None:
    dataset = api.create_dataset("faults-drop", 0)
    api.arm_fault(after=True, drop=True, method="POST", path="/import-tasks")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):  # the head arrived, then the connection broke
        api.post(f"/datasets/{dataset}/import-tasks", {"import_path": CAT_DOG, "import_type": "dir"}).json()
    assert len(api.get(f"/datasets/{dataset}/import-tasks").json()["import_tasks"]) == 1


@pytest.mark.parametrize(
    "rule",
    [{"drop": True}, {"after": True, "status": 500}, {"after": True}],
    ids=["drop without after", "after with a status", "after alone"],
)
def test_rules_that_make_no_sense_are_refused(api: Any, rule: dict[str, Any]) -> None:
    answer = api.session.post(f"{api.url}/_sandbox/faults", json=rule, timeout=30)
    assert answer.status_code == 400


def test_the_exact_bytes_received_are_listed(api: Any) -> None:
    raw = '{"import_path":"s3://x/ü/\\"q\\"/","import_type":"dir"}'.encode()
    api.session.post(api.api_url("/datasets/nope/import-tasks"), data=raw, timeout=30)
    received = api.session.get(f"{api.url}/_sandbox/received", timeout=30).json()["requests"]
    last = received[-1]
    assert (last["method"], last["path"]) == ("POST", f"/v2/{api.project_id}/datasets/nope/import-tasks")
    assert base64.b64decode(last["body_base64"]) == raw
