"""Legacy forms, secrets and the source kind. Each rule's verdicts are in test_verdicts.py."""

import pytest

from models import ImportTaskRequest, check_request

OBS = {"import_path": "s3://bucket-1/dir/"}
DWS_INFO = {
    "ip": "192.168.0.10",
    "port": "8000",
    "database_name": "sales",
    "table_name": "orders",
    "user_name": "dbadmin",
    "user_password": "secret",
}
DWS = {"import_origin": "dws", "data_source": {"data_type": 1, "source_info": DWS_INFO}}
DLI = {
    "import_origin": "dli",
    "data_source": {"source_info": {"queue_name": "q", "database_name": "d", "table_name": "t"}},
}
MRS = {
    "import_origin": "mrs",
    "data_source": {"source_info": {"input": "/user/data/", "cluster_name": "c1", "cluster_mode": "0"}},
}


def dws_with(**info):
    merged = {k: v for k, v in {**DWS_INFO, **info}.items() if v is not None}
    return {"import_origin": "dws", "data_source": {"source_info": merged}}


@pytest.mark.parametrize(
    ("legacy", "canonical"),
    [
        ({"import_type": 0}, {"import_type": "dir"}),
        ({"import_type": "1"}, {"import_type": "manifest"}),
        ({"import_type": 1}, {"import_type": "manifest"}),
        ({"import_type": "DIR"}, {"import_type": "dir"}),
        ({"included_labels": ["cat"]}, {"included_labels": [{"name": "cat"}]}),
        ({"excluded_labels": ["cat", {"name": "dog"}]}, {"excluded_labels": [{"name": "cat"}, {"name": "dog"}]}),
        ({"included_tags": ["cat"]}, {"included_labels": [{"name": "cat"}]}),
        ({"label_format": {"label_type": 1}}, {"label_format": {"label_type": "1"}}),
    ],
)
def test_legacy_inputs_normalised(legacy, canonical):
    assert ImportTaskRequest.model_validate({**OBS, **legacy}).to_body() == {**OBS, **canonical}


def test_integer_port_and_cluster_mode_become_strings():
    body = ImportTaskRequest.model_validate(dws_with(port=8000)).to_body()
    assert body["data_source"]["source_info"]["port"] == "8000"
    mrs = {**MRS, "data_source": {"source_info": {**MRS["data_source"]["source_info"], "cluster_mode": 1}}}
    assert ImportTaskRequest.model_validate(mrs).to_body()["data_source"]["source_info"]["cluster_mode"] == "1"


def test_odd_path_characters_warn_without_blocking():
    request = ImportTaskRequest.model_validate({"import_path": "s3://bucket-1/my photos/ä/"})
    result = check_request(request)
    assert result.ok
    (warning,) = result.warnings
    assert warning.key == "import_path" and warning.severity == "warning"
    assert "' '" in str(warning.message) and "'ä'" in str(warning.message)


def test_password_masked_only_on_request():
    request = ImportTaskRequest.model_validate(DWS)
    assert request.to_body()["data_source"]["source_info"]["user_password"] == "secret"
    assert request.to_body(mask_secrets=True)["data_source"]["source_info"]["user_password"] == "••••"
    assert "secret" not in repr(request)
    assert "secret" not in str(request.model_dump())


def test_source_kind():
    assert ImportTaskRequest.model_validate(OBS).source_kind == "obs"
    assert ImportTaskRequest.model_validate(DWS).source_kind == "dws"
    dli_by_type = {"data_source": {"data_type": 2, "source_info": DLI["data_source"]["source_info"]}}
    assert ImportTaskRequest.model_validate(dli_by_type).source_kind == "dli"
    assert ImportTaskRequest.model_validate({"data_source": {"data_type": 5}}).source_kind == "ai_gallery"
