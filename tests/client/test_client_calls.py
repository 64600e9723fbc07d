"""What each client call sends and how it reads the answer, against a local HTTP server."""

import json

import pytest

from client import ModelArtsClient, TokenAuth
from models import (
    CreateDatasetRequest,
    Dataset,
    DatasetList,
    ImportTaskList,
    ImportTaskRequest,
    ImportTaskStatus,
)
from tests.client.fault_server import json_reply

SPEC_DIR_EXAMPLE = {
    "import_type": "dir",
    "import_path": "s3://test-obs/daoLu_images/cat-dog/",
    "included_tags": [],
    "import_annotations": False,
    "difficult_only": False,
}
STATUS = {
    "task_id": "t-1",
    "dataset_id": "ds1",
    "status": "RUNNING",
    "import_path": "obs://test-obs/cat-dog/",
    "import_type": 0,
    "total_sample_count": 10,
    "imported_sample_count": 4,
    "create_time": 1700000000000,
    "file_statistics": {"file_num_finished": 4, "file_num_total": 10},
    "unknown_new_field": 1,
}


@pytest.fixture
def client(server):
    return ModelArtsClient(server.url + "/", "proj-1", TokenAuth("tok"), timeout=(1, 2), sleep=lambda _: None)


def test_create_import_task_sends_the_request_body_exactly(server, client):
    server.script(json_reply({"task_id": "gfghHSokody6AJigS5A_m1dYqOw8vWCAznw1V28"}))
    request = ImportTaskRequest.model_validate(SPEC_DIR_EXAMPLE)
    assert client.create_import_task("ds1", request) == "gfghHSokody6AJigS5A_m1dYqOw8vWCAznw1V28"
    [seen] = server.requests
    assert (seen.method, seen.path) == ("POST", "/v2/proj-1/datasets/ds1/import-tasks")
    assert seen.header("Content-Type") == "application/json"
    assert seen.header("X-Auth-Token") == "tok"
    assert seen.json() == request.to_body()
    assert seen.json()["import_type"] == "dir"
    assert "included_tags" not in seen.json()


def test_create_import_task_accepts_a_mapping_and_parses_it_first(server, client):
    server.script(json_reply({"task_id": "t-9"}))
    body = {"import_type": 1, "import_path": "s3://test-obs/classify/V002.manifest", "included_tags": ["cat"]}
    assert client.create_import_task("ds1", body) == "t-9"
    sent = server.requests[0].json()
    assert sent == ImportTaskRequest.model_validate(body).to_body()
    assert sent["import_type"] == "manifest"


def test_create_import_task_sends_the_real_source_password(server, client):
    server.script(json_reply({"task_id": "t-2"}))
    body = {
        "data_source": {
            "data_type": 1,
            "source_info": {
                "ip": "10.0.0.8",
                "port": "8000",
                "database_name": "db",
                "table_name": "t",
                "user_name": "u",
                "user_password": "pässword-1",
            },
        },
        "import_origin": "dws",
    }
    client.create_import_task("ds1", body)
    seen = server.requests[0]
    assert seen.json()["data_source"]["source_info"]["user_password"] == "pässword-1"
    assert "pässword-1".encode() in seen.body


def test_get_import_task(server, client):
    server.script(json_reply(STATUS))
    status = client.get_import_task("ds1", "t-1")
    assert isinstance(status, ImportTaskStatus)
    assert (status.status, status.import_type, status.imported_sample_count) == ("RUNNING", "dir", 4)
    assert status.file_statistics.file_num_total == 10
    assert server.requests[0].path == "/v2/proj-1/datasets/ds1/import-tasks/t-1"


def test_list_import_tasks_pages(server, client):
    server.script(json_reply({"import_tasks": [STATUS], "total_count": 31}))
    tasks = client.list_import_tasks("ds1", limit=5, offset=10)
    assert isinstance(tasks, ImportTaskList)
    assert tasks.total_count == 31
    assert tasks.import_tasks[0].task_id == "t-1"
    assert server.requests[0].path == "/v2/proj-1/datasets/ds1/import-tasks?limit=5&offset=10"


@pytest.mark.parametrize("limit", [0, 101])
def test_list_limits_are_checked_before_sending(server, client, limit):
    with pytest.raises(ValueError, match="between 1 and 100"):
        client.list_import_tasks("ds1", limit=limit)
    with pytest.raises(ValueError, match="between 1 and 100"):
        client.list_datasets(limit=limit)
    assert server.requests == []


def test_list_datasets_with_every_filter(server, client):
    server.script(
        json_reply(
            {
                "datasets": [
                    {
                        "dataset_id": "d1",
                        "dataset_name": "猫 & dogs",
                        "dataset_type": 1,
                        "labels": [{"name": "cat", "type": 1}],
                    }
                ],
                "total_number": 1,
            }
        )
    )
    datasets = client.list_datasets(limit=20, offset=40, with_labels=True, search_content="猫 & dogs/1", dataset_type=1)
    assert isinstance(datasets, DatasetList)
    assert datasets.datasets[0].labels[0].name == "cat"
    assert server.requests[0].path == (
        "/v2/proj-1/datasets?limit=20&offset=40&with_labels=true"
        "&search_content=%E7%8C%AB%20%26%20dogs%2F1&dataset_type=1"
    )


def test_list_datasets_defaults(server, client):
    server.script(json_reply({"datasets": [], "total_number": 0}))
    assert client.list_datasets().total_number == 0
    assert server.requests[0].path == "/v2/proj-1/datasets?limit=10&offset=0"


def test_get_dataset_and_labels(server, client):
    server.script(
        json_reply(
            {
                "dataset_id": "d1",
                "dataset_name": "table",
                "dataset_type": 400,
                "dataset_format": 1,
                "schema": [{"schema_id": 1, "name": "a", "type": "STRING"}],
                "status": 1,
            }
        ),
        json_reply(
            {
                "labels": [{"name": "cat", "type": 0, "property": {"@modelarts:color": "#ff0000"}}],
                "total_number": 1,
            }
        ),
    )
    dataset = client.get_dataset("d1")
    assert isinstance(dataset, Dataset)
    assert dataset.schema_[0].name == "a"
    labels = client.list_labels("d1")
    assert labels.labels[0].property["@modelarts:color"] == "#ff0000"
    assert [r.path for r in server.requests] == [
        "/v2/proj-1/datasets/d1",
        "/v2/proj-1/datasets/d1/data-annotations/labels",
    ]


def test_ids_are_escaped_in_paths(server, client):
    server.script(json_reply({"dataset_id": "x"}))
    client.get_dataset("../other/ds?x=1")
    assert server.requests[0].path == "/v2/proj-1/datasets/..%2Fother%2Fds%3Fx%3D1"


def test_empty_ids_are_refused(server, client):
    with pytest.raises(ValueError, match="non-empty"):
        client.get_import_task("ds1", " ")
    assert server.requests == []


def test_create_dataset(server, client):
    server.script(json_reply({"dataset_id": "new-ds", "dataset_name": "cats"}))
    request = CreateDatasetRequest(dataset_name="cats", dataset_type=0, work_path="/bucket/out/")
    assert client.create_dataset(request) == "new-ds"
    seen = server.requests[0]
    assert (seen.method, seen.path) == ("POST", "/v2/proj-1/datasets")
    assert json.loads(seen.body) == request.to_body()


def test_endpoint_with_a_path_prefix(server):
    server.script(json_reply({"datasets": [], "total_number": 0}))
    client = ModelArtsClient(server.url + "/gateway/modelarts//", "p", TokenAuth("tok"), sleep=lambda _: None)
    client.list_datasets()
    assert server.requests[0].path == "/gateway/modelarts/v2/p/datasets?limit=10&offset=0"


def test_describe_names_endpoint_project_and_method(server, client):
    assert client.describe() == f"ModelArts at {server.url}, project proj-1, with an IAM token"
