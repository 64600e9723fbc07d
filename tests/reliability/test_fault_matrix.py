"""Every way a submit can fail, through the app: each gives its own clear message after Submit, the form keeps
every value, and nothing raises to the user.

HTTP faults come from the sandbox's fault switch (or, for 4356, from a real running import); connection
refused, DNS failure and timeout need the app to talk to a bad endpoint, so the session's client is swapped
for one pointing there (the Connection page would do the same, but would also drop the dataset list).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from client import ModelArtsClient, Timeout, TokenAuth
from sandbox.launcher import RunningSandbox
from services import form_state
from services.target import CLIENT, Connection
from tests.client.fault_server import free_port
from tests.pages.conftest import SandboxView, preview, texts
from tests.pages.portal import CAT_DOG, created_task, new_app, pick, point_app_at, run, type_into

from .conftest import FaultSwitch

DATASET = "demo-image-classification"
NO_SUCH_HOST = "modelarts.nowhere.invalid"
HTML_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
    "<hr><center>nginx</center></body></html>"
)
CREATE = {"method": "POST", "path": "/import-tasks"}
# Faults after which the task may exist (the request left, no usable answer came back): services/lost_answers.py
ANSWER_LOST = {"timeout", "truncated", "html"}

# What each fault's message must say; no other fault's message may say it.
PHRASES = {
    "refused": "connection refused",
    "dns": "could not be found (DNS)",
    "timeout": "sent no answer within 1 s",
    "500": "HTTP 500",
    "503": "HTTP 503",
    "401": "did not accept the credentials",
    "403": "not authorized for this ModelArts operation",
    "unknown_dataset": "The dataset does not exist in this project",
    "4356": "already has an import task running",
    "html": 'an HTML page ("502 Bad Gateway")',
    "truncated": "JSON cut off before its end",
}
HTTP_FAULTS = {
    "500": {"status": 500, "body": {"error_code": "ModelArts.0010", "error_msg": "Internal server error."}},
    "503": {"status": 503, "body": {"error_code": "APIGW.0202", "error_msg": "Backend unavailable"}},
    "401": {"status": 401, "body": {"error_code": "APIGW.0307", "error_msg": "The token must be updated."}},
    "403": {"status": 403, "body": {"error_code": "ModelArts.0108", "error_msg": "Access denied."}},
    "unknown_dataset": {
        "status": 404,
        "body": {"error_code": "ModelArts.4352", "error_msg": "Dataset does not exist."},
    },
    "html": {"status": 502, "body": HTML_PAGE},
    "truncated": {"status": 200, "body": '{"task_id": "gfghHSokody6AJigS5A_qf4Ts'},
}


@pytest.fixture
def view(fault_sandbox: RunningSandbox) -> SandboxView:
    return SandboxView(fault_sandbox.url)


@pytest.fixture
def composed(fault_sandbox: RunningSandbox, view: SandboxView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The compose page with a full form: dataset, folder, switches, import folder and a label filter."""
    point_app_at(monkeypatch, fault_sandbox.url, tmp_path)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    at = new_app()
    dataset_id = pick(at, view, DATASET)
    type_into(at, "import_path", CAT_DOG)
    at.toggle(key="import_annotations").set_value(False)
    at.toggle(key="final_annotation").set_value(False)
    run(at)
    type_into(at, "import_folder", "reliability-run")
    at.session_state["_labels_open"] = True
    run(at)
    at.multiselect(key="included_labels").set_value(["cat", "dog"])
    run(at)
    return at, dataset_id


def form_body(at: AppTest) -> dict:
    """The body the form holds (secrets included), from the session's widget state."""
    return form_state.body_from_state(at.session_state.to_dict())


def use_client(at: AppTest, client: ModelArtsClient) -> None:
    """Make the session's client `client` and draw the page with it (the Submit button binds its client)."""
    at.session_state[CLIENT] = (Connection("sandbox").fingerprint(), client)
    run(at)


def submit_and_check(at: AppTest, view: SandboxView, dataset_id: str, fault: str) -> str:
    shown, held = preview(at), form_body(at)
    assert shown["import_folder"] == "reliability-run" and shown["included_labels"]  # the form really is full
    tasks_before = len(view.tasks(dataset_id))
    at.button(key="_submit").click()
    run(at)
    assert created_task(at) is None
    if fault in ANSWER_LOST:  # the request may have been handled: an unknown outcome, not a refusal
        assert [e.value for e in at.error] == [], texts(at)
        errors = [w.value for w in at.warning if w.value.startswith("Outcome unknown")]
    else:
        errors = [e.value for e in at.error]
    assert len(errors) == 1, texts(at)
    message = errors[0]
    assert PHRASES[fault] in message.replace("\\", ""), message
    for other, phrase in PHRASES.items():
        if other != fault:
            assert phrase not in message, f"{fault}'s message reads like {other}'s: {message}"
    assert any("Nothing in the form was changed" in c.value for c in at.caption)
    assert preview(at) == shown
    assert form_body(at) == held
    if fault != "4356":
        assert len(view.tasks(dataset_id)) == tasks_before  # refused before any task was made
    return message


@pytest.mark.parametrize("fault", list(HTTP_FAULTS))
def test_an_http_fault_on_submit_is_explained_and_the_form_is_kept(composed, view, faults: FaultSwitch, fault):
    at, dataset_id = composed
    before = faults.applied()
    faults.arm(count=1, **CREATE, **HTTP_FAULTS[fault])
    submit_and_check(at, view, dataset_id, fault)
    assert faults.applied() == before + 1  # the submit met the fault, once (a create is never repeated)


def test_a_running_import_on_the_dataset_is_explained_and_the_form_is_kept(composed, view, faults: FaultSwitch):
    at, dataset_id = composed
    faults.hold_imports("running")
    try:
        answer = view.http.post(
            f"{view.url}/v2/p/datasets/{dataset_id}/import-tasks", json={"import_path": CAT_DOG}, timeout=30
        )
        assert answer.status_code == 200, answer.text
        submit_and_check(at, view, dataset_id, "4356")
    finally:
        faults.hold_imports(None)
        view.wait_idle(dataset_id)


def test_connection_refused_is_explained_and_the_form_is_kept(composed, view):
    at, dataset_id = composed
    use_client(at, ModelArtsClient(f"http://127.0.0.1:{free_port()}", "p", TokenAuth("t"), retries=0))
    submit_and_check(at, view, dataset_id, "refused")


def test_a_dns_failure_is_explained_and_the_form_is_kept(composed, view, monkeypatch: pytest.MonkeyPatch):
    # A test double: looking a name up for real would ask a DNS server beyond this machine.
    real_lookup: Callable = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host == NO_SUCH_HOST:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    at, dataset_id = composed
    use_client(at, ModelArtsClient(f"http://{NO_SUCH_HOST}", "p", TokenAuth("t"), retries=0))
    submit_and_check(at, view, dataset_id, "dns")


def test_a_timeout_is_explained_and_the_form_is_kept(composed, view, faults: FaultSwitch, fault_sandbox):
    at, dataset_id = composed
    use_client(at, ModelArtsClient(fault_sandbox.url, "p", TokenAuth("t"), timeout=Timeout(5, 1), retries=0))
    faults.arm(count=1, delay=3, **CREATE, **HTTP_FAULTS["503"])  # slow, and then creates nothing
    message = submit_and_check(at, view, dataset_id, "timeout")
    assert "look at the task list before sending again" in message  # it may have been created: say so


def test_after_a_fault_the_same_form_is_sent_as_it_was_previewed(composed, view, faults: FaultSwitch):
    at, dataset_id = composed
    faults.arm(count=1, **CREATE, **HTTP_FAULTS["503"])
    submit_and_check(at, view, dataset_id, "503")
    shown = preview(at)
    at.button(key="_submit").click()
    run(at)
    task_id = created_task(at)
    assert task_id, texts(at)
    assert view.received(dataset_id, task_id) == shown
    view.wait_idle(dataset_id)


def test_a_cut_off_answer_to_a_create_warns_that_the_task_may_exist(composed, view, faults: FaultSwitch):
    at, dataset_id = composed
    faults.arm(count=1, **CREATE, **HTTP_FAULTS["truncated"])
    message = submit_and_check(at, view, dataset_id, "truncated")
    assert "look at the task list before sending again" in message
