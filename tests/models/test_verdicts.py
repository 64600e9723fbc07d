"""The verdict on realistic bodies, each with the spec clause or document behind it.

A body passes (no error, no warning), is sent with a warning (never blocked), or is blocked with an error on the
named field. "T5" is Table 5 of create-import-task.rst, "§1" a section of modelarts-api.md; every rule's own
evidence is in models/rule_table.py.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import ValidationError

from models import RULES, ImportTaskRequest, check_request, field_problems

IMAGES = 0
DETECTION = 1
TEXT = 100
NER = 101
TRIPLET = 102
TABLE = 400
VIDEO = 600
OBS = {"import_path": "s3://test-obs/daoLu_images/cat-dog/"}
DWS_LOGIN = {"user_name": "dbadmin", "user_password": "Secret-1"}
DWS_FULL = {"ip": "192.168.0.10", "port": "8000", "database_name": "sales", "table_name": "orders", **DWS_LOGIN}
MRS_FULL = {"input": "/user/hive/warehouse/sales/", "cluster_name": "analytics", "cluster_mode": "0"}
DLI_FULL = {"queue_name": "default", "database_name": "sales", "table_name": "orders"}


@dataclass(frozen=True)
class Case:
    name: str
    body: dict[str, Any]
    dataset_type: int | None
    level: str  # "pass", "warning" or "error"
    key: str = ""  # the field the warning or error is on
    rule: str = ""  # the rule of models/rule_table.py
    evidence: str = ""


def source(origin: str, info: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    data_source: dict[str, Any] = dict(extra)
    if info is not None:
        data_source["source_info"] = info
    return {"import_origin": origin, "data_source": data_source} if data_source else {"import_origin": origin}


def labelled(**label: Any) -> dict[str, Any]:
    return {**OBS, "included_labels": [{"name": "cat", **label}]}


def attribute(**fields: Any) -> dict[str, Any]:
    return labelled(attributes=[{"name": "colour", **fields}])


def text_format(**fields: Any) -> dict[str, Any]:
    return {**OBS, "label_format": fields}


CASES = [
    # ---- the spec's own examples --------------------------------------------------------------------------------
    Case("spec example: OBS directory", {"import_type": "dir", "import_path": "s3://test-obs/daoLu_images/cat-dog/",
         "included_tags": [], "import_annotations": False, "difficult_only": False}, IMAGES, "pass",
         evidence="create-import-task.rst Example Requests 1"),
    Case("spec example: manifest", {"import_type": "manifest", "import_path": "s3://test-obs/classify/output/"
         "dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest",
         "included_tags": ["cat", "dog", "Cat", "Dog"], "import_annotations": True, "difficult_only": False},
         IMAGES, "pass",
         evidence="create-import-task.rst Example Requests 2"),
    Case("import_type 0 as the table says", {**OBS, "import_type": 0}, IMAGES, "pass",
         evidence="Table 2 import_type 0/1; §1"),
    Case("import_type '1' as a string", {"import_path": "s3://test-obs/x.manifest", "import_type": "1"}, IMAGES, "pass",
         evidence="Table 2 import_type is a String 0/1; §1"),
    # ---- sources: Table 5 makes only user_name and user_password mandatory, for DWS ----------------------------
    Case("DWS by cluster_id without ip/port", source("dws", {"cluster_id": "0a1b2c", "database_name": "sales",
         "table_name": "orders", **DWS_LOGIN}, data_type=1), TABLE, "pass",
         evidence="T5: only user_name and user_password are mandatory for GaussDB(DWS) (Terraform sends cluster_id)"),
    Case("DWS by cluster_name without ip/port", source("dws", {"cluster_name": "dws-prod", "database_name": "sales",
         "table_name": "orders", **DWS_LOGIN}), TABLE, "pass", evidence="T5: cluster_name is optional, ip/port too"),
    Case("DWS by ip and port", source("dws", DWS_FULL), TABLE, "pass", evidence="T5 ip, port, database_name, ..."),
    Case("DWS integer port", source("dws", {**DWS_FULL, "port": 8000}), TABLE, "pass",
         evidence="§1: port is a String on the wire; old clients send a number, converted"),
    Case("DWS without user_name", source("dws", {k: v for k, v in DWS_FULL.items() if k != "user_name"}), TABLE,
         "error", "data_source.source_info.user_name", "source_field_required",
         "T5 user_name: 'mandatory for GaussDB(DWS) data'"),
    Case("DWS without password", source("dws", {k: v for k, v in DWS_FULL.items() if k != "user_password"}), TABLE,
         "error", "data_source.source_info.user_password", "source_field_required",
         "T5 user_password: 'mandatory for GaussDB(DWS) data'"),
    Case("DWS empty password", source("dws", {**DWS_FULL, "user_password": ""}), TABLE, "error",
         "data_source.source_info.user_password", "source_field_required", "T5: an empty password is no password"),
    Case("DWS without any way to the cluster", source("dws", {"database_name": "d", "table_name": "t", **DWS_LOGIN}),
         TABLE, "warning", "data_source.source_info.ip", "source_field_advised",
         "T5 marks ip/port/cluster_id/cluster_name optional: advice only"),
    Case("DWS without table_name", source("dws", {k: v for k, v in DWS_FULL.items() if k != "table_name"}), TABLE,
         "warning", "data_source.source_info.table_name", "source_field_advised", "T5 table_name is optional"),
    Case("DWS port 0", source("dws", {**DWS_FULL, "port": "0"}), TABLE, "error", "data_source.source_info.port",
         "port_number", "T5 port: a port number is 1-65535"),
    Case("DWS port with letters", source("dws", {**DWS_FULL, "port": "80a0"}), TABLE, "error",
         "data_source.source_info.port", "port_number", "T5 port: a port number"),
    Case("DWS host name for ip", source("dws", {**DWS_FULL, "ip": "dws.internal"}), TABLE, "warning",
         "data_source.source_info.ip", "ip_address", "T5 ip: 'IP address'; a host name is not ruled out"),
    Case("DWS ipv6", source("dws", {**DWS_FULL, "ip": "fd00::10"}), TABLE, "pass", evidence="T5 ip: an IP address"),
    Case("DWS with vpc_id and subnet_id", source("dws", {**DWS_FULL, "vpc_id": "vpc-1", "subnet_id": "sn-1"}), TABLE,
         "pass", evidence="T5: every field is optional for every source"),
    Case("RDS with only a table", source("rds", {"database_name": "d", "table_name": "t"}), TABLE, "warning",
         "data_source.source_info.ip", "source_field_advised", "§6: RDS's fields are inferred as DWS's: advice only"),
    Case("RDS complete", source("rds", DWS_FULL), TABLE, "pass", evidence="§6 RDS inferred as DWS"),
    Case("DLI complete", source("dli", DLI_FULL), TABLE, "pass", evidence="T5 queue_name, database_name, table_name"),
    Case("DLI without queue", source("dli", {"database_name": "d", "table_name": "t"}), TABLE, "warning",
         "data_source.source_info.queue_name", "source_field_advised", "T5 queue_name is optional"),
    Case("DLI schema_maps entry with only src_name", source("dli", DLI_FULL, schema_maps=[{"src_name": "amount"}]),
         TABLE, "warning", "data_source.schema_maps.0.dest_name", "schema_map_half",
         "Table 4: dest_name and src_name are both optional"),
    Case("DLI schema_maps complete", source("dli", DLI_FULL, schema_maps=[{"src_name": "a", "dest_name": "b"}]),
         TABLE, "pass", evidence="Table 4"),
    Case("destination mapped twice", source("dli", DLI_FULL, schema_maps=[{"src_name": "a", "dest_name": "b"},
         {"src_name": "c", "dest_name": "b"}]), TABLE, "warning", "data_source.schema_maps.1.dest_name",
         "destination_mapped_twice", "Table 4 gives no rule"),
    Case("MRS without cluster_mode", source("mrs", {"input": "/user/x/", "cluster_id": "c-1"}), TABLE, "pass",
         evidence="T5 cluster_mode is optional"),
    Case("MRS complete with vpc and subnet", source("mrs", {**MRS_FULL, "vpc_id": "v", "subnet_id": "s"}), TABLE,
         "pass", evidence="T5 MRS fields"),
    Case("MRS integer cluster_mode", source("mrs", {**MRS_FULL, "cluster_mode": 1}), TABLE, "pass",
         evidence="§1 cluster_mode is a String; integers converted"),
    Case("MRS cluster_mode 2", source("mrs", {**MRS_FULL, "cluster_mode": "2"}), TABLE, "error",
         "data_source.source_info.cluster_mode", "option", "T5 cluster_mode options 0 and 1"),
    Case("MRS without input", source("mrs", {"cluster_name": "c"}), TABLE, "warning", "data_source.source_info.input",
         "source_field_advised", "T5 input is optional"),
    Case("MRS without a cluster", source("mrs", {"input": "/x/"}), TABLE, "warning",
         "data_source.source_info.cluster_id", "source_field_advised", "T5 cluster_id and cluster_name are optional"),
    Case("data_type alone names the source", {"data_source": {"data_type": 2, "source_info": DLI_FULL}}, TABLE, "pass",
         evidence="Table 3 data_type 2 DLI"),
    Case("origin and data_type disagree", source("dws", DWS_FULL, data_type=2), TABLE, "warning",
         "data_source.data_type", "origin_data_type_mismatch", "Tables 2/3: which wins is not documented"),
    Case("table source into an image dataset", source("dli", DLI_FULL), IMAGES, "error", "import_origin",
         "table_source_dataset_type", "user guide dataprepare-modelarts-0011: DWS/DLI/MRS for table datasets only"),
    Case("source_info for an OBS import", {**OBS, "data_source": {"source_info": {"ip": "10.0.0.1"}}}, IMAGES,
         "warning", "data_source.source_info", "source_info_ignored", "Table 3 source_info: for table sources"),
    Case("import_path on a DWS import", {**source("dws", DWS_FULL), **OBS}, TABLE, "warning", "import_path",
         "ignored_for_source", "Table 2 import_path: an OBS path"),
    Case("AI Gallery by data_type 5", {"data_source": {"data_type": 5}}, IMAGES, "pass",
         evidence="Table 3 data_type 5; no fields documented"),
    Case("inference without a path", {"import_origin": "inference"}, IMAGES, "warning", "import_path",
         "source_field_advised", "§6: inference's fields are inferred"),
    # ---- OBS paths ------------------------------------------------------------------------------------------------
    Case("import_path written /bucket/folder/", {"import_path": "/test-obs/daoLu_images/"}, IMAGES, "pass",
         evidence="§1 paths: /bucket/dir/ is the dataset APIs' form; accepted"),
    Case("import_path obs://", {"import_path": "obs://test-obs/daoLu_images/"}, IMAGES, "pass", evidence="§1 paths"),
    Case("no import_path for OBS", {"import_annotations": True}, IMAGES, "error", "import_path",
         "import_path_required", "current API reference: import_path mandatory (§1)"),
    Case("blank import_path", {"import_path": "  "}, IMAGES, "error", "import_path", "import_path_required",
         "§1: mandatory; blank names nothing"),
    Case("https import_path", {"import_path": "https://test-obs.obs.cn-north-4.myhuaweicloud.com/x/"}, IMAGES, "error",
         "import_path", "obs_path_scheme", "§1 paths; ModelArts.4313"),
    Case("import_path without scheme", {"import_path": "test-obs/x/"}, IMAGES, "error", "import_path",
         "obs_path_scheme", "§1 paths"),
    Case("double slash", {"import_path": "s3://test-obs//x/"}, IMAGES, "error", "import_path", "obs_path_double_slash",
         "ModelArts.4315"),
    Case("bucket with capitals", {"import_path": "s3://Test_Obs/x/"}, IMAGES, "error", "import_path",
         "obs_bucket_name", "OBS bucket naming rules"),
    Case("bucket too short", {"import_path": "s3://ab/x/"}, IMAGES, "error", "import_path", "obs_bucket_name",
         "OBS bucket naming rules: 3 to 63 characters"),
    Case("bucket like an IP", {"import_path": "s3://192.168.1.1/x/"}, IMAGES, "error", "import_path",
         "obs_bucket_name", "OBS bucket naming rules: not an IP address"),
    Case("space in the path", {"import_path": "s3://test-obs/my photos/"}, IMAGES, "warning", "import_path",
         "obs_path_characters", "ModelArts.4313: advice, dots and others are common"),
    Case("parent segment", {"import_path": "s3://test-obs/a/../b/"}, IMAGES, "warning", "import_path",
         "obs_path_parent", "OBS does not resolve .."),
    Case("directory import into NER", {**OBS, "import_type": "dir"}, NER, "error", "import_type",
         "dir_import_dataset_type", "Table 2 import_path: directory import for four dataset types"),
    Case("default import type into video", dict(OBS), VIDEO, "error", "import_type", "dir_import_dataset_type",
         "Table 2 import_path"),
    Case("manifest into NER", {"import_path": "s3://test-obs/n.manifest", "import_type": "manifest"}, NER, "pass",
         evidence="Table 2: manifest for every dataset type"),
    Case("directory import into segmentation", dict(OBS), 3, "pass",
         evidence="SDK reference modelarts_04_0343: segmentation imports directories"),
    # ---- strict JSON types ---------------------------------------------------------------------------------------
    Case("import_annotations 'yes'", {**OBS, "import_annotations": "yes"}, IMAGES, "error", "import_annotations",
         "json_type", "Table 2 import_annotations: Boolean"),
    Case("import_samples 1", {**OBS, "import_samples": 1}, IMAGES, "error", "import_samples", "json_type",
         "Table 2 import_samples: Boolean"),
    Case("difficult_only 'false'", {**OBS, "difficult_only": "false"}, IMAGES, "error", "difficult_only",
         "json_type", "Table 2 difficult_only: Boolean"),
    Case("with_column_header as text", {**source("dli", DLI_FULL), "with_column_header": "true"}, TABLE, "error",
         "with_column_header", "json_type", "Table 2 with_column_header: Boolean"),
    Case("data_type '1' in quotes", {"data_source": {"data_type": "1", "source_info": DWS_FULL}}, TABLE, "error",
         "data_source.data_type", "json_type", "Table 3 data_type: Integer"),
    Case("data_type true", {"data_source": {"data_type": True}}, IMAGES, "error", "data_source.data_type", "json_type",
         "Table 3 data_type: Integer, not a Boolean"),
    Case("label type 1.0", labelled(type=1.0), DETECTION, "error", "included_labels.0.type", "json_type",
         "Table 6 type: Integer"),
    Case("import_folder a number", {**OBS, "import_folder": 5}, IMAGES, "error", "import_folder", "json_type",
         "Table 2 import_folder: String"),
    Case("annotation_format YOLO", {**OBS, "annotation_format": "YOLO"}, DETECTION, "error", "annotation_format",
         "option", "Table 2 annotation_format: VOC, COCO"),
    Case("unknown field", {**OBS, "improt_folder": "x"}, IMAGES, "error", "improt_folder", "unknown_field",
         "Tables 2-10 name every parameter"),
    # ---- labels ----------------------------------------------------------------------------------------------------
    Case("bare-string labels", {**OBS, "included_labels": ["cat", "dog"]}, IMAGES, "pass",
         evidence="§1: doc examples send label names as strings"),
    Case("excluded label by type only", {**OBS, "excluded_labels": [{"type": 0}]}, IMAGES, "pass",
         evidence="Table 6: name is optional"),
    Case("label with neither name nor type", {**OBS, "excluded_labels": [{}]}, IMAGES, "warning", "excluded_labels.0",
         "label_unnamed", "Table 6: all optional; it names nothing"),
    Case("label included twice", {**OBS, "included_labels": ["cat", "cat"]}, IMAGES, "warning",
         "included_labels.1.name", "label_repeated", "Table 2 gives no rule on repeats"),
    Case("label both included and excluded", {**OBS, "included_labels": ["cat"], "excluded_labels": ["cat"]}, IMAGES,
         "warning", "excluded_labels.0.name", "label_included_and_excluded", "Table 2 gives no rule"),
    Case("case variants are different labels", {**OBS, "included_labels": ["cat", "Cat"]}, IMAGES, "pass",
         evidence="spec example 2 includes cat and Cat"),
    Case("included_tags beside included_labels", {**OBS, "included_tags": ["a"], "included_labels": ["b"]}, IMAGES,
         "warning", "included_tags", "included_tags_and_labels", "examples vs Table 2; which wins undocumented"),
    Case("colour #fff", labelled(property={"@modelarts:color": "#fff"}), IMAGES, "pass",
         evidence="Table 9 color: a hexadecimal code (three digits are one)"),
    Case("colour #FFFFF0", labelled(property={"@modelarts:color": "#FFFFF0"}), IMAGES, "pass",
         evidence="Table 9 example"),
    Case("colour red", labelled(property={"@modelarts:color": "red"}), IMAGES, "error",
         "included_labels.0.property.@modelarts:color", "color_hex", "Table 9: a hexadecimal code"),
    Case("colour #FFFF", labelled(property={"@modelarts:color": "#FFFF"}), IMAGES, "warning",
         "included_labels.0.property.@modelarts:color", "color_form", "Table 9: other lengths undocumented"),
    Case("shortcut F2", labelled(property={"@modelarts:shortcut": "F2"}), IMAGES, "pass",
         evidence="Table 9 shortcut: a key, e.g. D"),
    Case("shortcut Ctrl+K", labelled(property={"@modelarts:shortcut": "Ctrl+K"}), IMAGES, "warning",
         "included_labels.0.property.@modelarts:shortcut", "shortcut_key", "Table 9 gives only the example D"),
    Case("default shape polygon", labelled(type=1, property={"@modelarts:default_shape": "polygon"}), DETECTION,
         "pass", evidence="Table 9 default_shape options"),
    Case("default shape square", labelled(property={"@modelarts:default_shape": "square"}), DETECTION, "error",
         "included_labels.0.property.@modelarts:default_shape", "option", "Table 9 default_shape options"),
    Case("label type 3 (segmentation)", labelled(type=3), 3, "pass", evidence="§1: type 3 in current docs"),
    Case("label type 2", labelled(type=2), IMAGES, "error", "included_labels.0.type", "option",
         "Table 6 type options"),
    Case("label type for another dataset", labelled(type=1), IMAGES, "warning", "included_labels.0.type",
         "label_type_dataset", "Table 6: a mismatch is not documented as refused"),
    Case("triplet relationship complete", {**OBS, "import_type": "manifest", "import_path": "s3://test-obs/t.manifest",
         "included_labels": [{"name": "lives_in", "type": 102, "property": {"@modelarts:from_type": "person",
                                                                              "@modelarts:to_type": "city"}}]},
         TRIPLET, "pass", evidence="Table 9 from_type/to_type"),
    Case("triplet relationship without to_type", {"import_path": "s3://test-obs/t.manifest", "import_type": "manifest",
         "included_labels": [{"name": "r", "type": 102, "property": {"@modelarts:from_type": "person"}}]}, TRIPLET,
         "error", "included_labels.0.property.@modelarts:to_type", "triplet_types_required",
         "Table 9: must be specified when a relationship label is created"),
    Case("select default not one of its values", attribute(type="select", values=[{"value": "red"}],
         default_value="blue"), IMAGES, "warning", "included_labels.0.attributes.0.default_value",
         "default_not_a_value", "Table 7 gives no rule"),
    Case("select with no values", attribute(type="select"), IMAGES, "warning", "included_labels.0.attributes.0.values",
         "select_without_values", "Table 7 values optional"),
    Case("select attribute complete", attribute(type="select", values=[{"value": "red"}, {"value": "blue"}],
         default_value="red"), IMAGES, "pass", evidence="Table 7"),
    Case("two attributes of one name", labelled(attributes=[{"name": "size"}, {"name": "size"}]), IMAGES, "warning",
         "included_labels.0.attributes.1.name", "attribute_name_repeated", "Table 7 gives no rule"),
    Case("attribute name with quotes", attribute(name='say "hi"'), IMAGES, "warning",
         "included_labels.0.attributes.0.name", "attribute_name_form", "Table 7 gives no rule: advice"),
    Case("attribute type number", attribute(type="number"), IMAGES, "error", "included_labels.0.attributes.0.type",
         "option", "Table 7 type: text, select"),
    Case("empty label name", {**OBS, "included_labels": [{"name": ""}]}, IMAGES, "warning", "included_labels.0.name",
         "blank_value", "Table 6 gives no rule for empty text"),
    # ---- text label format (Table 10) ------------------------------------------------------------------------------
    Case("text separator , with the label separator left at default", text_format(text_sample_separator=","), TEXT,
         "warning", "label_format.text_sample_separator", "separators_same",
         "Table 10 gives no rule that the separators differ"),
    Case("text separators ; and |", text_format(text_sample_separator=";", text_label_separator="|"), TEXT, "pass",
         evidence="Table 10 special characters"),
    Case("text separator Tab", text_format(text_sample_separator="\t", label_type="1"), TEXT, "pass",
         evidence="Table 10: Tab is the default"),
    Case("label_type integer 0", text_format(label_type=0), TEXT, "pass", evidence="§1 label_type String; int kept"),
    Case("label_type 2", text_format(label_type="2"), TEXT, "error", "label_format.label_type", "option",
         "Table 10 label_type 0, 1"),
    Case("separator of two characters", text_format(text_label_separator=";;"), TEXT, "error",
         "label_format.text_label_separator", "separator_length", "Table 10: only one character"),
    Case("separator written \\t", text_format(text_sample_separator="\\t"), TEXT, "error",
         "label_format.text_sample_separator", "separator_tab_written", "Table 10: only one character"),
    Case("separator €", text_format(text_label_separator="€"), TEXT, "error", "label_format.text_label_separator",
         "separator_character", "Table 10: letters, digits and !@#$%^&*_=|?/':.;,"),
    Case("label_format on an image dataset", text_format(label_type="1"), IMAGES, "warning", "label_format",
         "ignored_for_dataset", "Table 2 label_format: only for text datasets"),
    Case("label_format on a manifest", {"import_path": "s3://test-obs/t.manifest", "import_type": "manifest",
         "label_format": {"label_type": "1"}}, TEXT, "warning", "label_format", "ignored_for_manifest",
         "§5: a manifest carries its labels"),
    # ---- other warnings ------------------------------------------------------------------------------------------
    Case("annotation_format COCO", {**OBS, "annotation_format": "COCO"}, DETECTION, "warning", "annotation_format",
         "legacy_field", "§1: removed from the 2024+ docs"),
    Case("nothing to import", {**OBS, "import_samples": False, "import_annotations": False}, IMAGES, "warning",
         "import_samples", "imports_nothing", "Table 2"),
    Case("headers disagree", {**source("dli", DLI_FULL, with_column_header=False), "with_column_header": True}, TABLE,
         "warning", "data_source.with_column_header", "headers_disagree", "Tables 2 and 3"),
    Case("empty import_folder", {**OBS, "import_folder": ""}, IMAGES, "warning", "import_folder", "blank_value",
         "Table 2 gives no rule for empty text"),
]  # fmt: skip


def verdict(body: dict[str, Any], dataset_type: int | None) -> tuple[list[Any], list[Any]]:
    """(errors, warnings) as the form and the sandbox judge the body."""
    try:
        request = ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        return field_problems(exc), []
    result = check_request(request, dataset_type)
    return result.errors, result.warnings


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_verdict(case: Case) -> None:
    assert case.evidence, "every verdict names its clause or document"
    errors, warnings = verdict(case.body, case.dataset_type)
    if case.level == "pass":
        assert errors == [] and warnings == [], [str(p.text) for p in (*errors, *warnings)]
        return
    found = errors if case.level == "error" else warnings
    if case.level == "warning":
        assert errors == [], [str(p.text) for p in errors]  # a warning never blocks
    assert any(p.key == case.key for p in found), (case.key, [(p.key, p.kind, str(p.text)) for p in found])
    problem = next(p for p in found if p.key == case.key)
    if case.rule in ("option", "json_type", "unknown_field"):
        assert problem.severity == "error"
    else:
        assert problem.kind == case.rule, (problem.kind, str(problem.text))
    assert str(problem.message).strip() and str(problem.label).strip()


def test_enough_bodies_and_every_rule_exercised() -> None:
    assert len(CASES) >= 60
    assert {case.rule for case in CASES if case.rule} == {rule.id for rule in RULES}
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
