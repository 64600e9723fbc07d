"""Every endpoint of the sandbox, over HTTP: its answers, and its errors as ModelArts gives them."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from models import SANDBOX_UNREACHABLE, Dataset, DatasetList, ErrorBody, ImportTaskList, ImportTaskStatus, LabelList

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
V002 = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"
DWS_SOURCE = {
    "data_type": 1,
    "source_info": {
        "ip": "192.168.0.10",
        "port": "8000",
        "database_name": "sales",
        "table_name": "orders",
        "user_name": "dbadmin",
        "user_password": "s3cret-Passw0rd",
    },
}


def error_of(answer: requests.Response, status: int, code: str) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    error = ErrorBody.model_validate(answer.json())
    assert error.error_code == code, answer.text
    assert error.message
    return error.message


@pytest.fixture(scope="module")
def image_dataset(api: Any) -> str:
    return api.create_dataset("api-images", 0, description="for the API tests")


@pytest.fixture(scope="module")
def table_dataset(api: Any) -> str:
    return api.create_dataset(
        "api-table", 400, schema=[{"name": "a", "type": "String"}, {"name": "b", "type": "Double"}]
    )


# auth and routing


def test_health_needs_no_auth_and_names_the_instance(sandbox: Any) -> None:
    answer = requests.get(f"{sandbox.url}/_sandbox/health", timeout=10)
    assert answer.status_code == 200
    assert answer.json()["instance"] == sandbox.instance_id
    assert answer.json()["pid"] == sandbox.pid


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/datasets"),
        ("POST", "/datasets"),
        ("GET", "/datasets/x"),
        ("GET", "/datasets/x/data-annotations/labels"),
        ("GET", "/datasets/x/import-tasks"),
        ("POST", "/datasets/x/import-tasks"),
        ("GET", "/datasets/x/import-tasks/y"),
    ],
)
def test_every_api_endpoint_answers_401_without_token_or_authorization(api: Any, method: str, path: str) -> None:
    answer = requests.request(method, api.api_url(path), json={}, timeout=10)
    message = error_of(answer, 401, "ModelArts.0201")
    assert "X-Auth-Token" in message


def test_any_token_or_any_authorization_is_accepted_without_ak_sk(api: Any) -> None:
    for headers in ({"X-Auth-Token": "anything"}, {"Authorization": "Bearer whatever"}):
        assert requests.get(api.api_url("/datasets"), headers=headers, timeout=10).status_code == 200


def test_every_answer_has_a_request_id(api: Any) -> None:
    ok = api.get("/datasets")
    failed = requests.get(api.api_url("/datasets"), timeout=10)
    assert ok.headers["x-request-id"] and failed.headers["x-request-id"]
    assert ok.headers["x-request-id"] != failed.headers["x-request-id"]


def test_unknown_paths_and_methods_answer_like_the_api_gateway(api: Any) -> None:
    error_of(api.get("/no-such-thing"), 404, "APIGW.0101")
    error_of(api.session.delete(api.api_url("/datasets"), timeout=10), 405, "APIGW.0101")


def test_the_test_switches_are_refused_on_a_sandbox_without_faults(tmp_path: Any) -> None:
    from sandbox.launcher import start_sandbox

    with start_sandbox(tmp_path, demo=False) as plain:
        answer = requests.post(f"{plain.url}/_sandbox/faults", json={"status": 503}, timeout=10)
        assert answer.status_code == 404
        assert requests.post(f"{plain.url}/_sandbox/imports", json={"hold": None}, timeout=10).status_code == 404
        assert requests.get(f"{plain.url}/_sandbox/health", timeout=10).json()["faults"] is False


# datasets


def test_create_dataset_answers_its_id_and_the_dataset_reads_back(api: Any) -> None:
    answer = api.post(
        "/datasets",
        {
            "dataset_name": "api-created",
            "dataset_type": 1,
            "description": "boxes",
            "labels": [{"name": "car", "property": {"@modelarts:color": "#FF0000"}}, {"name": "bus"}],
        },
    )
    assert answer.status_code == 201, answer.text
    dataset_id = answer.json()["dataset_id"]
    dataset = Dataset.model_validate(api.dataset(dataset_id))
    assert (dataset.dataset_name, dataset.dataset_type, dataset.description) == ("api-created", 1, "boxes")
    assert (dataset.dataset_format, dataset.status, dataset.total_sample_count) == (0, 1, 0)
    assert dataset.label_names == ["car", "bus"]
    assert dataset.labels[0].property == {"@modelarts:color": "#FF0000"}
    assert isinstance(dataset.create_time, int) and dataset.create_time > 1_600_000_000_000


def test_create_dataset_refuses_a_duplicate_name(api: Any, image_dataset: str) -> None:
    message = error_of(api.post("/datasets", {"dataset_name": "api-images"}), 400, "ModelArts.0103")
    assert "api-images" in message


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "dataset_name"),
        ({"dataset_name": ""}, "dataset_name"),
        ({"dataset_name": "x", "dataset_type": 7}, "dataset_type"),
        ({"dataset_name": "x", "dataset_type": "images"}, "dataset_type"),
        ({"dataset_name": "x", "colour": "red"}, "colour"),
    ],
)
def test_create_dataset_names_the_bad_field(api: Any, body: dict[str, Any], field: str) -> None:
    assert error_of(api.post("/datasets", body), 400, "ModelArts.0104").startswith(f"{field}:")


def test_table_datasets_keep_their_schema_with_ids(api: Any, table_dataset: str) -> None:
    dataset = api.dataset(table_dataset)
    assert dataset["dataset_format"] == 1
    assert dataset["schema"] == [
        {"schema_id": 0, "name": "a", "type": "String"},
        {"schema_id": 1, "name": "b", "type": "Double"},
    ]


def test_list_datasets_pages_searches_and_filters_by_type(api: Any, image_dataset: str, table_dataset: str) -> None:
    everything = DatasetList.model_validate(api.get("/datasets", params={"limit": 100}).json())
    assert everything.total_number == len(everything.datasets) >= 8
    ids = [dataset.dataset_id for dataset in everything.datasets]
    first = api.get("/datasets", params={"limit": 2, "offset": 0}).json()
    second = api.get("/datasets", params={"limit": 2, "offset": 2}).json()
    assert [d["dataset_id"] for d in first["datasets"] + second["datasets"]] == ids[:4]
    assert first["total_number"] == everything.total_number
    found = api.get("/datasets", params={"search_content": "API-IMA"}).json()
    assert [d["dataset_id"] for d in found["datasets"]] == [image_dataset]
    assert found["total_number"] == 1
    tables = api.get("/datasets", params={"dataset_type": 400, "limit": 100}).json()["datasets"]
    assert table_dataset in [d["dataset_id"] for d in tables]
    assert {d["dataset_type"] for d in tables} == {400}
    assert api.get("/datasets", params={"search_content": "no such name"}).json() == {
        "datasets": [],
        "total_number": 0,
    }


def test_list_datasets_has_labels_only_with_labels_true(api: Any) -> None:
    plain = api.get("/datasets", params={"search_content": "demo-image-classification"}).json()["datasets"][0]
    labelled = api.get(
        "/datasets", params={"search_content": "demo-image-classification", "with_labels": "true"}
    ).json()["datasets"][0]
    assert "labels" not in plain
    assert [label["name"] for label in labelled["labels"]][:2] == ["cat", "dog"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_bad_paging_parameters_are_named(api: Any, params: dict[str, Any], name: str) -> None:
    message = error_of(api.get("/datasets", params=params), 400, "ModelArts.0104")
    assert f"Parameter {name}" in message


def test_dataset_labels_endpoint(api: Any) -> None:
    dataset = api.dataset_named("demo-object-detection")
    labels = LabelList.model_validate(api.get(f"/datasets/{dataset['dataset_id']}/data-annotations/labels").json())
    assert labels.total_number == len(labels.labels) >= 2
    assert [label.name for label in labels.labels][:2] == ["cat", "dog"]
    assert {label.type for label in labels.labels} == {1}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/datasets/nope"),
        ("GET", "/datasets/nope/data-annotations/labels"),
        ("GET", "/datasets/nope/import-tasks"),
        ("POST", "/datasets/nope/import-tasks"),
        ("GET", "/datasets/nope/import-tasks/some-task"),
    ],
)
def test_unknown_dataset_is_404_4352(api: Any, method: str, path: str) -> None:
    body = {"import_path": CAT_DOG} if method == "POST" else None
    answer = api.session.request(method, api.api_url(path), json=body, timeout=10)
    assert "nope" in error_of(answer, 404, "ModelArts.4352")


# import tasks: create


def test_import_task_answers_a_task_id_that_embeds_the_dataset_id(api: Any, image_dataset: str) -> None:
    answer = api.post(f"/datasets/{image_dataset}/import-tasks", {"import_path": CAT_DOG})
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) == {"task_id"}
    assert answer.json()["task_id"].startswith(f"{image_dataset}_")
    api.wait(image_dataset, answer.json()["task_id"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"import_type": "folder", "import_path": CAT_DOG}, "import_type"),
        ({"import_path": CAT_DOG, "import_annotations": "maybe"}, "import_annotations"),
        (
            {"import_path": CAT_DOG, "included_labels": [{"name": "cat", "property": {"@modelarts:color": "red"}}]},
            "included_labels.0.property.@modelarts:color",
        ),
        ({"import_path": CAT_DOG, "label_format": {"text_label_separator": ";;"}}, "label_format.text_label_separator"),
        ({"import_path": CAT_DOG, "lables": []}, "lables"),
        (
            {"import_origin": "dws", "data_source": {"source_info": {"port": "x"}}},
            "data_source.source_info.port",
        ),
        ({"import_type": "dir"}, "import_path"),
    ],
)
def test_an_invalid_import_body_is_400_naming_the_field(
    api: Any, image_dataset: str, body: dict[str, Any], field: str
) -> None:
    message = error_of(api.post(f"/datasets/{image_dataset}/import-tasks", body), 400, "ModelArts.0104")
    assert f"{field}:" in message


@pytest.mark.parametrize(
    "body",
    [
        {"import_path": CAT_DOG, "included_labels": ["cat", "cat"], "excluded_labels": ["cat", {"type": 0}]},
        {"import_path": "/test-obs/daoLu_images/cat-dog/", "included_labels": [{"name": "cat", "property": {
            "@modelarts:color": "#fff", "@modelarts:shortcut": "F2"}}]},
    ],
)  # fmt: skip
def test_a_body_with_only_warnings_is_accepted(api: Any, image_dataset: str, body: dict[str, Any]) -> None:
    """The sandbox refuses only what the service would: the spec leaves these open (models/rule_table.py)."""
    answer = api.post(f"/datasets/{image_dataset}/import-tasks", body)
    assert answer.status_code == 200, answer.text
    api.wait(image_dataset, answer.json()["task_id"])


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"a": "\xff"}', "UTF-8"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_400(api: Any, image_dataset: str, raw: bytes, what: str) -> None:
    answer = api.post(f"/datasets/{image_dataset}/import-tasks", data=raw)
    assert what in error_of(answer, 400, "ModelArts.0101")


def test_a_body_over_the_size_limit_is_413(api: Any, image_dataset: str) -> None:
    body = json.dumps({"import_path": CAT_DOG, "import_folder": "x" * (2 * 1024 * 1024)})
    answer = api.post(f"/datasets/{image_dataset}/import-tasks", data=body)
    assert "larger than" in error_of(answer, 413, "ModelArts.0101")


def test_dataset_aware_errors_come_from_check_request(api: Any) -> None:
    ner = api.create_dataset("api-ner", 101)
    message = error_of(api.post(f"/datasets/{ner}/import-tasks", {"import_path": CAT_DOG}), 400, "ModelArts.0104")
    assert message.startswith("import_type:")
    image = api.dataset_named("demo-image-classification")["dataset_id"]
    dws = {"import_origin": "dws", "data_source": DWS_SOURCE}
    message = error_of(api.post(f"/datasets/{image}/import-tasks", dws), 400, "ModelArts.0104")
    assert message.startswith("import_origin:")


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("s3://test-obs/no/such/folder/", "ModelArts.4312"),
        ("https://test-obs/daoLu_images/", "ModelArts.4313"),
        ("s3://no-such-bucket/images/", "ModelArts.4311"),
        ("s3://test-obs//daoLu_images/", "ModelArts.4315"),
        ("s3://test-obs/../../etc/", "ModelArts.4313"),
        ("s3://test-obs/daoLu images/", "ModelArts.4313"),
        ("obs://test-obs/daoLu_images/cat-dog/%2e%2e/", "ModelArts.4313"),
    ],
)
def test_bad_or_missing_paths_fail_like_the_service(api: Any, image_dataset: str, path: str, code: str) -> None:
    answer = api.post(f"/datasets/{image_dataset}/import-tasks", {"import_path": path})
    assert error_of(answer, 400, code).startswith("import_path:")


def test_a_folder_without_files_is_4340(api: Any, image_dataset: str, sandbox: Any) -> None:
    (sandbox.data_root / "obs" / "test-obs" / "empty" / "sub").mkdir(parents=True)
    answer = api.post(f"/datasets/{image_dataset}/import-tasks", {"import_path": "s3://test-obs/empty/"})
    error_of(answer, 400, "ModelArts.4340")


def test_a_folder_with_nothing_importable_fails_the_task_with_4340(api: Any, image_dataset: str, sandbox: Any) -> None:
    folder = sandbox.data_root / "obs" / "test-obs" / "only-notes"
    folder.mkdir(parents=True)
    (folder / "readme.md").write_text("no images here\n")
    task = api.run_import(image_dataset, {"import_path": "s3://test-obs/only-notes/"})
    assert (task["status"], task["error_code"]) == ("FAILED", "ModelArts.4340")


@pytest.mark.parametrize(
    ("origin", "data_source", "service"),
    [
        ("dws", DWS_SOURCE, "GaussDB(DWS)"),
        ("rds", {**DWS_SOURCE, "data_type": 3}, "RDS"),
        (
            "dli",
            {"data_type": 2, "source_info": {"queue_name": "q", "database_name": "d", "table_name": "t"}},
            "DLI",
        ),
    ],
)
def test_unreachable_sources_are_accepted_then_fail_saying_so(
    api: Any, table_dataset: str, origin: str, data_source: dict[str, Any], service: str
) -> None:
    task_id = api.create_import(table_dataset, {"import_origin": origin, "data_source": data_source})
    task = api.wait(table_dataset, task_id)
    assert task["status"] == "FAILED"
    assert f"sandbox has no {service}" in task["error_msg"]
    assert task["error_code"] == SANDBOX_UNREACHABLE  # its own code: the request itself is not at fault
    assert "s3cret-Passw0rd" not in json.dumps(task)
    assert "user_password" not in json.dumps(task)


def test_inference_and_ai_gallery_sources_fail_saying_so(api: Any, image_dataset: str) -> None:
    for body, service in (
        ({"import_origin": "inference", "import_path": CAT_DOG}, "Inference service"),
        ({"data_source": {"data_type": 5}, "import_path": CAT_DOG}, "AI Gallery"),
    ):
        task = api.run_import(image_dataset, body)
        assert task["status"] == "FAILED"
        assert f"sandbox has no {service}" in task["error_msg"]
        assert task["error_code"] == SANDBOX_UNREACHABLE


# import tasks: read


def test_task_details_have_the_services_shape(api: Any) -> None:
    dataset = api.dataset_named("demo-image-classification")["dataset_id"]
    task_id = api.create_import(dataset, {"import_type": "manifest", "import_path": V002})
    task = ImportTaskStatus.model_validate(api.wait(dataset, task_id))
    raw = api.task(dataset, task_id)
    assert (task.task_id, task.dataset_id, task.status) == (task_id, dataset, "COMPLETED")
    assert raw["import_type"] == 1
    assert raw["import_path"] == V002.replace("s3://", "obs://")
    assert raw["data_source"] == {"data_type": 0, "data_path": V002.replace("s3://", "obs://")}
    assert "error_code" not in raw
    assert task.file_statistics is not None
    assert task.file_statistics.file_num_total == task.total_file_count == 16  # the manifest + 15 images
    assert task.update_ms is not None and task.create_time is not None and task.update_ms >= task.create_time
    assert isinstance(raw["elapsed_time"], int) and raw["elapsed_time"] >= 0


def test_unknown_task_is_404(api: Any, image_dataset: str) -> None:
    message = error_of(api.get(f"/datasets/{image_dataset}/import-tasks/nope"), 404, "ModelArts.0102")
    assert "nope" in message


def test_a_task_is_not_visible_under_another_dataset(api: Any, image_dataset: str) -> None:
    other = api.dataset_named("demo-object-detection")["dataset_id"]
    task_id = api.create_import(image_dataset, {"import_path": CAT_DOG})
    api.wait(image_dataset, task_id)
    error_of(api.get(f"/datasets/{other}/import-tasks/{task_id}"), 404, "ModelArts.0102")


def test_list_import_tasks_pages_newest_first(api: Any) -> None:
    dataset = api.create_dataset("api-task-list", 0)
    ids = [api.wait(dataset, api.create_import(dataset, {"import_path": CAT_DOG}))["task_id"] for _ in range(3)]
    listed = ImportTaskList.model_validate(api.get(f"/datasets/{dataset}/import-tasks").json())
    assert listed.total_count == 3
    assert [task.task_id for task in listed.import_tasks] == ids[::-1]
    page = api.get(f"/datasets/{dataset}/import-tasks", params={"limit": 1, "offset": 1}).json()
    assert [task["task_id"] for task in page["import_tasks"]] == [ids[1]]
    assert page["total_count"] == 3
    error_of(api.get(f"/datasets/{dataset}/import-tasks", params={"limit": 101}), 400, "ModelArts.0104")


def test_any_project_id_sees_the_same_datasets(api: Any, make_api: Any) -> None:
    other = make_api(project_id="0123456789abcdef0123456789abcdef")
    assert {d["dataset_id"] for d in other.datasets()} == {d["dataset_id"] for d in api.datasets()}
