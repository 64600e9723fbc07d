"""Every rule of the contract: a body that passes and one that fails on the named field."""

import pytest
from pydantic import ValidationError

from models import ImportTaskRequest, check_request, field_problems

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


def errors_of(body) -> dict[str, str]:
    try:
        ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        return {p.key: p.message for p in field_problems(exc)}
    return {}


def with_(base, **changes):
    return {**base, **changes}


def dws_with(**info):
    merged = {k: v for k, v in {**DWS_INFO, **info}.items() if v is not None}
    return {"import_origin": "dws", "data_source": {"source_info": merged}}


def label(**fields):
    return with_(OBS, included_labels=[{"name": "cat", **fields}])


def attribute(**fields):
    return label(attributes=[{"name": "colour", **fields}])


CASES = [
    # (rule, passing body, failing body, field key of the failure, words in the message)
    (
        "annotation_format enum",
        with_(OBS, annotation_format="COCO"),
        with_(OBS, annotation_format="YOLO"),
        "annotation_format",
        "VOC",
    ),
    (
        "import_origin enum",
        with_(OBS, import_origin="obs"),
        with_(OBS, import_origin="ftp"),
        "import_origin",
        "dws (GaussDB(DWS))",
    ),
    (
        "import_type enum",
        with_(OBS, import_type="manifest"),
        with_(OBS, import_type="2"),
        "import_type",
        "dir (Import by directory)",
    ),
    (
        "data_type enum",
        with_(OBS, data_source={"data_type": 0}),
        with_(OBS, data_source={"data_type": 7}),
        "data_source.data_type",
        "5 (AI Gallery)",
    ),
    (
        "data_type is not a boolean",
        with_(OBS, data_source={"data_type": 0}),
        with_(OBS, data_source={"data_type": False}),
        "data_source.data_type",
        "not true or false",
    ),
    ("label type incl. segmentation", label(type=3), label(type=2), "included_labels.0.type", "3 (image segmentation)"),
    (
        "attribute type enum",
        attribute(type="text"),
        attribute(type="number"),
        "included_labels.0.attributes.0.type",
        "select",
    ),
    (
        "default shape enum",
        label(property={"@modelarts:default_shape": "polygon"}),
        label(property={"@modelarts:default_shape": "square"}),
        "included_labels.0.property.@modelarts:default_shape",
        "bndbox (rectangle)",
    ),
    (
        "cluster_mode enum",
        MRS,
        {**MRS, "data_source": {"source_info": {**MRS["data_source"]["source_info"], "cluster_mode": "2"}}},
        "data_source.source_info.cluster_mode",
        "1 (security cluster)",
    ),
    (
        "text label_type enum",
        with_(OBS, label_format={"label_type": "0"}),
        with_(OBS, label_format={"label_type": "2"}),
        "label_format.label_type",
        "0 (",
    ),
    (
        "origin and data_type agree",
        DWS,
        {**DWS, "data_source": {**DWS["data_source"], "data_type": 2}},
        "data_source.data_type",
        "for dws use data type 1",
    ),
    ("OBS import needs import_path", OBS, {"import_annotations": True}, "import_path", "is required"),
    (
        "OBS path scheme",
        with_(OBS, import_path="obs://bucket-1/dir/"),
        with_(OBS, import_path="https://b/x"),
        "import_path",
        "s3:// or obs://",
    ),
    ("OBS path without scheme", OBS, with_(OBS, import_path="bucket-1/dir/"), "import_path", "s3:// or obs://"),
    ("no // after scheme", OBS, with_(OBS, import_path="s3://bucket-1//dir/"), "import_path", "//"),
    ("bucket name characters", OBS, with_(OBS, import_path="s3://My_Bucket/dir/"), "import_path", "lower-case"),
    ("bucket name length", OBS, with_(OBS, import_path="s3://ab/dir/"), "import_path", "3 to 63"),
    ("bucket name periods", OBS, with_(OBS, import_path="s3://a..b/dir/"), "import_path", "two periods"),
    ("bucket name not an IP", OBS, with_(OBS, import_path="s3://192.168.1.1/dir/"), "import_path", "IP address"),
    ("import_path not blank", OBS, with_(OBS, import_path="  "), "import_path", "is empty"),
    ("DWS needs ip", DWS, dws_with(ip=None), "data_source.source_info.ip", "required for a GaussDB(DWS)"),
    ("DWS ip valid", DWS, dws_with(ip="10.0.0.256"), "data_source.source_info.ip", "IP address"),
    ("DWS ipv6 fine, port range", dws_with(ip="::1"), dws_with(port="0"), "data_source.source_info.port", "1 to 65535"),
    ("DWS port numeric", dws_with(port=5432), dws_with(port="54a"), "data_source.source_info.port", "1 to 65535"),
    ("DWS needs port", DWS, dws_with(port=None), "data_source.source_info.port", "required"),
    ("DWS needs database", DWS, dws_with(database_name=None), "data_source.source_info.database_name", "required"),
    ("DWS needs table", DWS, dws_with(table_name=None), "data_source.source_info.table_name", "required"),
    ("DWS needs user name", DWS, dws_with(user_name=None), "data_source.source_info.user_name", "required"),
    ("DWS needs password", DWS, dws_with(user_password=None), "data_source.source_info.user_password", "required"),
    ("DWS password not empty", DWS, dws_with(user_password=""), "data_source.source_info.user_password", "is empty"),
    (
        "RDS as DWS",
        {**DWS, "import_origin": "rds", "data_source": {"source_info": DWS_INFO}},
        {"import_origin": "rds"},
        "data_source.source_info.ip",
        "required for a RDS",
    ),
    (
        "DLI needs queue",
        DLI,
        {"import_origin": "dli", "data_source": {"source_info": {"database_name": "d", "table_name": "t"}}},
        "data_source.source_info.queue_name",
        "required for a DLI",
    ),
    (
        "MRS needs input",
        MRS,
        {"import_origin": "mrs", "data_source": {"source_info": {"cluster_id": "c", "cluster_mode": "1"}}},
        "data_source.source_info.input",
        "required for a MRS",
    ),
    (
        "MRS needs cluster id or name",
        MRS,
        {"import_origin": "mrs", "data_source": {"source_info": {"input": "/x", "cluster_mode": "1"}}},
        "data_source.source_info.cluster_id",
        "Cluster name",
    ),
    (
        "MRS needs cluster mode",
        MRS,
        {"import_origin": "mrs", "data_source": {"source_info": {"input": "/x", "cluster_id": "c"}}},
        "data_source.source_info.cluster_mode",
        "required",
    ),
    (
        "separator one character",
        with_(OBS, label_format={"text_label_separator": ";"}),
        with_(OBS, label_format={"text_label_separator": ";;"}),
        "label_format.text_label_separator",
        "exactly one character",
    ),
    (
        "separator letter or digit",
        with_(OBS, label_format={"text_label_separator": "x"}),
        with_(OBS, label_format={"text_label_separator": "€"}),
        "label_format.text_label_separator",
        "a letter, a digit, Tab",
    ),
    (
        "separator tab",
        with_(OBS, label_format={"text_sample_separator": "\t", "text_label_separator": "|"}),
        with_(OBS, label_format={"text_sample_separator": "\\t"}),
        "label_format.text_sample_separator",
        "one Tab character",
    ),
    (
        "separators differ",
        with_(OBS, label_format={"text_sample_separator": ",", "text_label_separator": ";"}),
        with_(OBS, label_format={"text_sample_separator": "|", "text_label_separator": "|"}),
        "label_format.text_label_separator",
        "must differ",
    ),
    (
        "separator against the other's default",
        with_(OBS, label_format={"text_label_separator": "|"}),
        with_(OBS, label_format={"text_label_separator": "\t"}),
        "label_format.text_label_separator",
        "must differ",
    ),
    ("label name not empty", label(), with_(OBS, included_labels=[{"name": ""}]), "included_labels.0.name", "is empty"),
    ("label needs a name", label(), with_(OBS, included_labels=[{"type": 0}]), "included_labels.0.name", "is required"),
    (
        "colour #RRGGBB",
        label(property={"@modelarts:color": "#ffFFf0"}),
        label(property={"@modelarts:color": "#FFF"}),
        "included_labels.0.property.@modelarts:color",
        "#RRGGBB",
    ),
    (
        "shortcut one letter or digit",
        label(property={"@modelarts:shortcut": "7"}),
        label(property={"@modelarts:shortcut": "Ctrl"}),
        "included_labels.0.property.@modelarts:shortcut",
        "one letter or digit",
    ),
    (
        "triplet needs from_type",
        label(type=102, property={"@modelarts:from_type": "person", "@modelarts:to_type": "city"}),
        label(type=102, property={"@modelarts:to_type": "city"}),
        "included_labels.0.property.@modelarts:from_type",
        "type 102",
    ),
    (
        "triplet needs to_type",
        label(type=103),
        label(type=102, property={"@modelarts:from_type": "p"}),
        "included_labels.0.property.@modelarts:to_type",
        "type 102",
    ),
    (
        "attribute name length",
        attribute(name="a" * 64),
        attribute(name="a" * 65),
        "included_labels.0.attributes.0.name",
        "at most 64",
    ),
    (
        "attribute name characters",
        attribute(name="size (cm)"),
        attribute(name='say "hi"'),
        "included_labels.0.attributes.0.name",
        "must not contain",
    ),
    (
        "select needs values",
        attribute(type="select", values=[{"value": "red"}]),
        attribute(type="select"),
        "included_labels.0.attributes.0.values",
        "required for a select",
    ),
    (
        "select default is a value",
        attribute(type="select", values=[{"value": "red"}], default_value="red"),
        attribute(type="select", values=[{"value": "red"}], default_value="blue"),
        "included_labels.0.attributes.0.default_value",
        "not one of the values",
    ),
    (
        "unique label names",
        with_(OBS, included_labels=["cat", "Cat"]),
        with_(OBS, included_labels=["cat", "cat"]),
        "included_labels.1.name",
        "appears twice",
    ),
    (
        "not both included and excluded",
        with_(OBS, included_labels=["cat"], excluded_labels=["dog"]),
        with_(OBS, included_labels=["cat"], excluded_labels=["cat"]),
        "excluded_labels.0.name",
        "both included and excluded",
    ),
    (
        "schema map names",
        with_(OBS, data_source={"schema_maps": [{"src_name": "a", "dest_name": "b"}]}),
        with_(OBS, data_source={"schema_maps": [{"src_name": "", "dest_name": "b"}]}),
        "data_source.schema_maps.0.src_name",
        "is empty",
    ),
    (
        "destination mapped once",
        with_(
            OBS, data_source={"schema_maps": [{"src_name": "a", "dest_name": "b"}, {"src_name": "c", "dest_name": "d"}]}
        ),
        with_(
            OBS, data_source={"schema_maps": [{"src_name": "a", "dest_name": "b"}, {"src_name": "c", "dest_name": "b"}]}
        ),
        "data_source.schema_maps.1.dest_name",
        "already the destination",
    ),
    (
        "included_tags and included_labels not both",
        with_(OBS, included_tags=["a"]),
        with_(OBS, included_tags=["a"], included_labels=["b"]),
        "included_tags",
        "old name",
    ),
]


@pytest.mark.parametrize(("rule", "good", "bad", "key", "words"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule, good, bad, key, words):
    assert errors_of(good) == {}, rule
    found = errors_of(bad)
    assert key in found, (rule, found)
    assert words in found[key], (rule, found[key])


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
    assert "' '" in warning.message and "'ä'" in warning.message


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
