"""A sandbox started with an AK/SK pair verifies SDK-HMAC-SHA256 signatures end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from client.auth import AkSkAuth
from client.client import ModelArtsClient
from client.signer import sign
from sandbox.launcher import RunningSandbox, start_sandbox

AK = "SANDBOXTESTAK0000001"
SK = "sandbox-test-secret-key-0123456789abcdef"
CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"


@pytest.fixture(scope="module")
def signed_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with start_sandbox(tmp_path_factory.mktemp("signed"), ak=AK, sk=SK, import_delay=0) as running:
        yield running


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False
        yield session


def send_signed(
    session: requests.Session,
    method: str,
    url: str,
    body: bytes = b"",
    *,
    ak: str = AK,
    sk: str = SK,
    when: datetime | None = None,
    sent_url: str | None = None,
    sent_body: bytes | None = None,
) -> requests.Response:
    headers = {"Content-Type": "application/json"} if body else {}
    signed = sign(method, url, headers, body, ak, sk, when=when)
    sent = body if sent_body is None else sent_body
    return session.request(method, sent_url or url, headers=signed, data=sent, timeout=30)


def rejected(answer: requests.Response) -> str:
    assert answer.status_code == 401, answer.text
    assert answer.json()["error_code"] == "ModelArts.0203"
    return answer.json()["error_msg"]


def test_signed_requests_are_accepted(signed_sandbox: RunningSandbox, session: requests.Session) -> None:
    url = f"{signed_sandbox.url}/v2/p1/datasets?limit=50&search_content=demo-image&with_labels=true"
    answer = send_signed(session, "GET", url)
    assert answer.status_code == 200, answer.text
    dataset = next(d for d in answer.json()["datasets"] if d["dataset_name"] == "demo-image-classification")
    body = json.dumps({"import_path": CAT_DOG, "import_folder": "signed"}).encode()
    created = send_signed(
        session, "POST", f"{signed_sandbox.url}/v2/p1/datasets/{dataset['dataset_id']}/import-tasks", body
    )
    assert created.status_code == 200, created.text
    assert created.json()["task_id"].startswith(dataset["dataset_id"])


def test_signatures_of_the_huawei_sdk_are_accepted(signed_sandbox: RunningSandbox) -> None:
    host = signed_sandbox.url.removeprefix("http://")
    request = SdkRequest(
        method="GET",
        schema="http",
        host=host,
        resource_path="/v2/p1/datasets",
        query_params=[("limit", "5"), ("search_content", "demo")],
        header_params={"X-Project-Id": "p1"},
        body=b"",
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    answer = requests.get(
        f"{signed_sandbox.url}/v2/p1/datasets?limit=5&search_content=demo",
        headers=request.header_params,
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["total_number"] >= 6


def test_the_project_client_works_against_it_with_access_keys(signed_sandbox: RunningSandbox) -> None:
    client = ModelArtsClient(signed_sandbox.url, "p1", AkSkAuth(AK, SK), retries=0)
    datasets = client.list_datasets(search_content="demo-table-iris").datasets
    assert [dataset.dataset_name for dataset in datasets] == ["demo-table-iris"]
    task_id = client.create_import_task(
        datasets[0].dataset_id, {"import_path": "s3://test-obs/table/iris/", "with_column_header": True}
    )
    assert client.get_import_task(datasets[0].dataset_id, task_id).task_id == task_id


def test_a_wrong_secret_key_is_401(signed_sandbox: RunningSandbox, session: requests.Session) -> None:
    answer = send_signed(session, "GET", f"{signed_sandbox.url}/v2/p1/datasets", sk="not-the-secret")
    assert "signature does not match" in rejected(answer)


def test_a_wrong_access_key_is_401(signed_sandbox: RunningSandbox, session: requests.Session) -> None:
    answer = send_signed(session, "GET", f"{signed_sandbox.url}/v2/p1/datasets", ak="SOMEONEELSE")
    assert "access key" in rejected(answer)


def test_a_request_changed_after_signing_is_401(signed_sandbox: RunningSandbox, session: requests.Session) -> None:
    dataset_url = f"{signed_sandbox.url}/v2/p1/datasets"
    body = json.dumps({"dataset_name": "signed-one"}).encode()
    tampered = json.dumps({"dataset_name": "signed-two"}).encode()
    assert "signature does not match" in rejected(send_signed(session, "POST", dataset_url, body, sent_body=tampered))
    query = send_signed(session, "GET", dataset_url + "?limit=1", sent_url=dataset_url + "?limit=2")
    assert "signature does not match" in rejected(query)
    ok = send_signed(session, "POST", dataset_url, body)
    assert ok.status_code == 201, ok.text


def test_an_old_signature_is_401(signed_sandbox: RunningSandbox, session: requests.Session) -> None:
    old = datetime.now(UTC) - timedelta(minutes=20)
    assert "minutes" in rejected(send_signed(session, "GET", f"{signed_sandbox.url}/v2/p1/datasets", when=old))


def test_with_access_keys_a_token_alone_is_401_and_so_is_nothing(signed_sandbox: RunningSandbox) -> None:
    url = f"{signed_sandbox.url}/v2/p1/datasets"
    assert "a token alone is not enough" in rejected(requests.get(url, headers={"X-Auth-Token": "any"}, timeout=30))
    assert "accepts only requests signed" in rejected(requests.get(url, timeout=30))
    assert "not an SDK-HMAC-SHA256" in rejected(
        requests.get(url, headers={"Authorization": "Bearer abc", "X-Auth-Token": "any"}, timeout=30)
    )


def test_its_sandbox_endpoints_follow_the_same_rule(signed_sandbox: RunningSandbox, session: requests.Session) -> None:
    client = ModelArtsClient(signed_sandbox.url, "p1", AkSkAuth(AK, SK), retries=0)
    dataset_id = client.list_datasets(search_content="demo-image-classification").datasets[0].dataset_id
    for path in (
        f"/_sandbox/datasets/{dataset_id}/samples",
        "/_sandbox/objects?prefix=obs/test-obs/",
        "/_sandbox/objects/meta?key=obs/test-obs/daoLu_images/cat-dog/",
    ):
        assert "a token alone" in rejected(
            session.get(signed_sandbox.url + path, headers={"X-Auth-Token": "any"}, timeout=30)
        ), path
        signed = send_signed(session, "GET", signed_sandbox.url + path)
        assert signed.status_code == 200, (path, signed.text)
    # the health check says only that it runs (its launcher asks before it could sign anything)
    assert session.get(f"{signed_sandbox.url}/_sandbox/health", timeout=30).json()["status"] == "ok"


def test_the_secret_key_shows_nowhere(signed_sandbox: RunningSandbox) -> None:
    health = requests.get(f"{signed_sandbox.url}/_sandbox/health", timeout=30).text
    command_line = Path(f"/proc/{signed_sandbox.pid}/cmdline").read_bytes().decode(errors="replace")
    for where in (
        health,
        command_line,
        signed_sandbox.log_path.read_text(errors="replace"),
        repr(signed_sandbox),
    ):
        assert SK not in where
