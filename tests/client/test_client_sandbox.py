"""End to end: the client against a real `python -m sandbox` child process, with a token and with AK/SK."""

import time

import pytest
import requests

from client import (
    AkSkAuth,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ModelArtsClient,
    NotFoundError,
    TokenAuth,
    client_from_mapping,
)
from models import CreateDatasetRequest, ImportTaskRequest
from sandbox.launcher import start_sandbox

AK, SK = "SANDBOXTESTAK000001", "sandbox-test-sk-000001"
SPEC_DIR_EXAMPLE = {
    "import_type": "dir",
    "import_path": "s3://test-obs/daoLu_images/cat-dog/",
    "included_tags": [],
    "import_annotations": False,
    "difficult_only": False,
}
SAFETY_NET_S = 120.0  # against hanging only; never an assertion about speed


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """Any token is accepted."""
    with start_sandbox(tmp_path_factory.mktemp("client-sandbox"), faults=True, import_delay=0) as run:
        yield run


@pytest.fixture(scope="module")
def signed_sandbox(tmp_path_factory):
    """Only requests signed with its access keys are accepted."""
    with start_sandbox(tmp_path_factory.mktemp("client-signed-sandbox"), ak=AK, sk=SK, import_delay=0) as run:
        yield run


def token_client(sandbox):
    return ModelArtsClient(sandbox.url, sandbox.project_id, TokenAuth("any-token"), timeout=(2, 30))


def aksk_client(sandbox, sk=SK):
    return ModelArtsClient(sandbox.url, sandbox.project_id, AkSkAuth(AK, sk), timeout=(2, 30))


def wait_done(client, dataset_id, task_id):
    deadline = time.monotonic() + SAFETY_NET_S
    while True:
        status = client.get_import_task(dataset_id, task_id)
        if status.is_terminal or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def demo_dataset(client, name="demo-image-classification"):
    matches = [d for d in client.list_datasets(limit=100, search_content=name).datasets if d.dataset_name == name]
    assert len(matches) == 1
    return matches[0]


def hold_imports(sandbox, stage):
    answer = requests.post(f"{sandbox.url}/_sandbox/imports", json={"hold": stage}, timeout=10)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("make_client", "where"), [(token_client, "sandbox"), (aksk_client, "signed_sandbox")], ids=["token", "aksk"]
)
def test_list_datasets_create_the_spec_example_task_and_follow_it(request, make_client, where):
    client = make_client(request.getfixturevalue(where))
    listing = client.list_datasets(limit=100, with_labels=True)
    assert listing.total_number >= len(listing.datasets) > 0
    dataset = demo_dataset(client)
    request = ImportTaskRequest.model_validate(SPEC_DIR_EXAMPLE)
    task_id = client.create_import_task(dataset.dataset_id, request)
    assert task_id
    status = wait_done(client, dataset.dataset_id, task_id)
    assert status.task_id == task_id
    assert status.status == "COMPLETED", status
    assert status.import_type == "dir"
    assert status.imported_sample_count and status.imported_sample_count > 0
    tasks = client.list_import_tasks(dataset.dataset_id, limit=100)
    assert task_id in [t.task_id for t in tasks.import_tasks]
    assert client.get_dataset(dataset.dataset_id).dataset_name == "demo-image-classification"
    assert {"cat", "dog"} <= {label.name for label in client.list_labels(dataset.dataset_id).labels}


def test_a_wrong_secret_key_is_refused_with_what_to_check(signed_sandbox):
    with pytest.raises(AuthenticationError) as caught:
        aksk_client(signed_sandbox, sk="not-the-right-secret").list_datasets()
    text = str(caught.value)
    assert caught.value.http_status == 401
    assert "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK" in text
    assert "signature does not match" in text
    assert "not-the-right-secret" not in text


def test_settings_with_an_endpoint_reach_the_sandbox(signed_sandbox):
    client = client_from_mapping(
        {
            "MODELARTS_ENDPOINT": signed_sandbox.url + "/",
            "MODELARTS_PROJECT_ID": signed_sandbox.project_id,
            "HUAWEICLOUD_SDK_AK": AK,
            "HUAWEICLOUD_SDK_SK": SK,
        }
    )
    assert demo_dataset(client).dataset_type == 0


def test_create_dataset_then_import_into_it(sandbox):
    client = token_client(sandbox)
    dataset_id = client.create_dataset(CreateDatasetRequest(dataset_name="client-e2e-cats", dataset_type=0))
    assert client.get_dataset(dataset_id).dataset_name == "client-e2e-cats"
    task_id = client.create_import_task(dataset_id, SPEC_DIR_EXAMPLE)
    assert wait_done(client, dataset_id, task_id).status == "COMPLETED"


def test_a_second_import_while_one_runs_is_a_conflict_sent_once(sandbox):
    client = token_client(sandbox)
    dataset_id = client.create_dataset({"dataset_name": "client-e2e-busy", "dataset_type": 0})
    hold_imports(sandbox, "running")
    try:
        first = client.create_import_task(dataset_id, SPEC_DIR_EXAMPLE)
        with pytest.raises(ConflictError) as caught:
            client.create_import_task(dataset_id, SPEC_DIR_EXAMPLE)
        assert caught.value.error_code == "ModelArts.4356"
        assert "Wait until that task finishes" in str(caught.value)
    finally:
        hold_imports(sandbox, None)
    assert wait_done(client, dataset_id, first).status == "COMPLETED"
    assert len(client.list_import_tasks(dataset_id).import_tasks) == 1


def test_service_errors_from_the_sandbox_read_as_actions(sandbox):
    client = token_client(sandbox)
    with pytest.raises(NotFoundError) as caught:
        client.create_import_task("no-such-dataset", SPEC_DIR_EXAMPLE)
    assert caught.value.error_code == "ModelArts.4352"
    assert "Check the dataset id" in str(caught.value)
    dataset = demo_dataset(client)
    with pytest.raises(BadRequestError) as caught:
        client.create_import_task(dataset.dataset_id, {"import_type": "dir", "import_path": "s3://test-obs/nowhere/"})
    assert caught.value.error_code in ("ModelArts.4312", "ModelArts.4340")
