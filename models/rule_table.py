"""Every rule the app applies to an import request: its level, the field it concerns, its evidence, its message.

An *error* is something the spec (create-import-task.rst) or an official Huawei document says the service
refuses; errors block Submit. A *warning* is our advice (what may go wrong, and why); anything the spec leaves
open is at most a warning, and warnings never block. Each message is a whole sentence that names the field
({field}, its human name: "Port must be …") and says the fix; it is a catalog message id (models/messages.py), so
the page shows it in the reader's language, and the `{…}` are filled in where the rule is applied. The README's rule
list is this table (`python3 -m models.rule_table` prints it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .messages import N_, Message

Level = Literal["error", "warning"]

SPEC = "create-import-task.rst"
REF = "modelarts-api.md"
API_PAGE = "https://support.huaweicloud.com/api-modelarts/ImportTask.html"
BUCKET_PAGE = "https://support.huaweicloud.com/intl/en-us/sdk-nodejs-devg-obs/obs_29_0108.html"
IMPORT_GUIDE = "https://support.huaweicloud.com/usermanual-standard-modelarts/dataprepare-modelarts-0011.html"
SDK_IMPORT = "https://support.huaweicloud.com/intl/en-us/sdkreference-modelarts/modelarts_04_0343.html"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    field: str  # the wire path it concerns; [] stands for any list item, * for any field
    message: str  # a whole sentence naming {field}; the other {names} are filled in where the rule is applied
    evidence: str

    def text(self, **values: Any) -> Message:
        """The message with its blanks filled in; a `sentence` value is another wording of the same rule (a
        plural, another reason), a message id marked with N_ where it is given."""
        return Message(values.pop("sentence", self.message), values)


RULES: tuple[Rule, ...] = (
    # ---- errors: the service refuses these -------------------------------------------------------------------
    Rule(
        "option", "error", "*",
        N_("{field} must be one of {choices}{got}."),
        f"{SPEC} Tables 2, 3, 5, 6, 7, 9 and 10 list each field's options; import_type dir/manifest and Label "
        f"type 3 from the current API reference ({REF} §1)",
    ),
    Rule(
        "json_type", "error", "*",
        N_("{field} must be {expected}{got}."),
        f"{SPEC} Type column of Tables 2-10 (Boolean, Integer, String, object, Array). Kept legacy forms: "
        f"import_type 0/1, included_tags, label names as strings, integer port/cluster_mode/label_type ({REF} §1)",
    ),
    Rule(
        "unknown_field", "error", "*",
        N_('"{field}" is not a field of {where}.{hint} Correct the name or remove it.'),
        f"{SPEC} Tables 2-10 name every parameter of the body. An error by our decision, although the spec does "
        "not say the service refuses other keys: a misspelt key leaves the intended field unset, and one holding a "
        "secret (password for user_password) would be shown, sent and stored unmasked",
    ),
    Rule(
        "import_path_required", "error", "import_path",
        N_(
            "{field} is required for an OBS import. Enter the folder (for a directory import) or the manifest "
            "file to import, e.g. s3://my-bucket/images/."
        ),
        f"Current API reference marks import_path mandatory ({REF} §1; {API_PAGE})",
    ),
    Rule(
        "obs_path_scheme", "error", "import_path",
        N_("{field} must start with s3://, obs:// or /, e.g. s3://my-bucket/images/ (got {value!r})."),
        f"OBS paths are written s3://bucket/dir/, obs://bucket/dir/ or /bucket/dir/ ({REF} §1); others get "
        f"ModelArts.4313 ({REF} §3)",
    ),
    Rule(
        "obs_path_double_slash", "error", "import_path",
        N_("{field} must not contain // after the scheme. Remove the doubled slash."),
        f"ModelArts.4315: invalid OBS path, must not contain // ({REF} §3, error codes appendix)",
    ),
    Rule(
        "obs_bucket_name", "error", "import_path",
        N_("{field} has an invalid bucket name {bucket!r}: {reason}"),
        f"OBS bucket naming rules ({BUCKET_PAGE}): such a bucket cannot exist (ModelArts.4311, {REF} §3)",
    ),
    Rule(
        "source_field_required", "error", "data_source.source_info.user_name, …user_password",
        N_("{field} is required for a {source} import. Enter the {what}."),
        f"{SPEC} Table 5 user_name and user_password: 'mandatory for GaussDB(DWS) data'",
    ),
    Rule(
        "port_number", "error", "data_source.source_info.port",
        N_("{field} must be a whole number from 1 to 65535, e.g. 8000 (got {value!r})."),
        f"{SPEC} Table 5 port: 'Port number of your GaussDB(DWS) cluster'; TCP ports are 1-65535",
    ),
    Rule(
        "separator_length", "error", "label_format.text_label_separator, …text_sample_separator",
        N_("{field} must be exactly one character (got {count})."),
        f"{SPEC} Table 10: 'Only one character can be used as the separator.'",
    ),
    Rule(
        "separator_tab_written", "error", "label_format.text_label_separator, …text_sample_separator",
        N_("{field} must be one Tab character (the JSON escape \\t), not a backslash followed by t."),
        f"{SPEC} Table 10: 'Only one character can be used as the separator.'",
    ),
    Rule(
        "separator_character", "error", "label_format.text_label_separator, …text_sample_separator",
        N_("{field} must be a letter, a digit, Tab, or one of !@#$%^&*_=|?/':.;, (got {value!r})."),
        f"{SPEC} Table 10: 'letters, digits, and one special character (!@#$%^&*_=|?/':.;,)'; Tab is "
        "text_sample_separator's default",
    ),
    Rule(
        "triplet_types_required", "error", "…labels[].property.@modelarts:from_type, …@modelarts:to_type",
        N_(
            "{field} is required for a text triplet relationship label (type 102). Enter the {end} entity's "
            "label name."
        ),
        f"{SPEC} Table 9 @modelarts:from_type/to_type: 'must be specified when a relationship label is created'",
    ),
    Rule(
        "color_hex", "error", "…labels[].property.@modelarts:color",
        N_("{field} must be a hexadecimal colour code such as #FFFFF0 (got {value!r})."),
        f"{SPEC} Table 9 @modelarts:color: 'a hexadecimal code of the color. Example: #FFFFF0'",
    ),
    Rule(
        "dir_import_dataset_type", "error", "import_type",
        N_(
            "{field} is directory{default}, which {dataset} do not support. Choose manifest and point Import "
            "path at the manifest file."
        ),
        f"{SPEC} Table 2 import_path: directory import only for image classification, object detection, text "
        f"classification and sound classification; image segmentation and table too per {SDK_IMPORT} and "
        f"{IMPORT_GUIDE}",
    ),
    Rule(
        "table_source_dataset_type", "error", "import_origin / data_source.data_type",
        N_(
            "{field} is {source}, but GaussDB(DWS), DLI, RDS and MRS import into table datasets only, not "
            "{dataset}."
        ),
        f"Only table datasets also import from DWS, DLI and MRS ({IMPORT_GUIDE}, Table 1); {SPEC} Table 3 "
        "source_info: 'Information required for importing a table data source'",
    ),
    # ---- warnings: our advice; the request can be sent -------------------------------------------------------
    Rule(
        "included_tags_and_labels", "warning", "included_tags",
        N_(
            "{field} is the old name of included_labels, and both are given: only included_labels is sent. "
            "Remove included_tags."
        ),
        f"{SPEC} examples use included_tags, Table 2 names included_labels; which wins is not documented",
    ),
    Rule(
        "origin_data_type_mismatch", "warning", "data_source.data_type",
        N_(
            "{field} is {data_type} ({label}) but Import origin is {origin} ({origin_label}). Make them agree: "
            "for {origin} use data type {expected}, or leave one of the two out."
        ),
        f"{SPEC} Tables 2 and 3 list the same sources in the same order (pairing inferred, {REF} §1); which of "
        "the two the service follows is not documented",
    ),
    Rule(
        "source_field_advised", "warning", "data_source.source_info.*, import_path",
        N_(
            "{field} is not given. A {source} import usually needs {needs}; the spec does not make it "
            "mandatory, so the import may fail later."
        ),
        f"{SPEC} Table 5 describes these fields for the source without marking them mandatory ({REF} §6)",
    ),
    Rule(
        "ip_address", "warning", "data_source.source_info.ip",
        N_(
            "{field} is not an IP address such as 192.168.0.10 (got {value!r}). The spec asks for the "
            "cluster's IP address."
        ),
        f"{SPEC} Table 5 ip: 'IP address of your GaussDB(DWS) cluster'; a host name is not ruled out",
    ),
    Rule(
        "blank_value", "warning", "*",
        N_("{field} is empty text. Enter a value or leave the field out."),
        f"{SPEC} gives no rule for empty strings; the service may treat one as a value",
    ),
    Rule(
        "obs_path_characters", "warning", "import_path",
        N_(
            "{field} contains {chars}. The service often rejects characters other than letters, digits and - _ "
            ". / (ModelArts.4313); rename the folder or file if the import fails."
        ),
        f"ModelArts.4313: OBS path has invalid characters ({REF} §3); dots and other characters are common in "
        "object names, so this is advice",
    ),
    Rule(
        "obs_path_parent", "warning", "import_path",
        N_(
            "{field} contains a .. segment. OBS keys are not folders to climb: give the folder's full path "
            "from the bucket."
        ),
        f"{SPEC} Table 2 import_path is an OBS path; .. is not resolved by OBS",
    ),
    Rule(
        "schema_map_half", "warning", "data_source.schema_maps[].src_name, …dest_name",
        N_(
            "{field} is not given. Table 4 makes neither name mandatory, but a mapping needs both to say which "
            "column fills which."
        ),
        f"{SPEC} Table 4: dest_name and src_name are both optional",
    ),
    Rule(
        "destination_mapped_twice", "warning", "data_source.schema_maps[].dest_name",
        N_("{field} {value!r} is already the destination of another column. Map each destination column once."),
        f"{SPEC} Table 4 gives no rule; two sources for one column is likely a mistake",
    ),
    Rule(
        "label_unnamed", "warning", "included_labels[], excluded_labels[]",
        N_("{field} has neither a name nor a type, so it names no label. Give it a name (or a type)."),
        f"{SPEC} Table 6: name and type are both optional",
    ),
    Rule(
        "label_repeated", "warning", "included_labels[].name, excluded_labels[].name",
        N_("{field} {value!r} appears twice in this list. Remove the repeat."),
        f"{SPEC} Table 2 gives no rule on repeated labels",
    ),
    Rule(
        "label_included_and_excluded", "warning", "excluded_labels[].name",
        N_(
            "{field} {value!r} is both included and excluded: its samples are likely skipped. Remove it from "
            "one of the two lists."
        ),
        f"{SPEC} Table 2 gives no rule for a label in both lists",
    ),
    Rule(
        "attribute_name_repeated", "warning", "…labels[].attributes[].name",
        N_("{field} {value!r} is used by another attribute of this label. Rename one."),
        f"{SPEC} Table 7 gives no rule on repeated attribute names",
    ),
    Rule(
        "attribute_name_form", "warning", "…labels[].attributes[].name",
        N_("{field} has {count} characters; use at most {most}."),
        f"{SPEC} Table 7 gives no rule; names of 1-64 characters without < > = & \" ' are what labeling tools "
        "show reliably (our advice)",
    ),
    Rule(
        "select_without_values", "warning", "…labels[].attributes[].values",
        N_(
            "{field} are empty for a select (drop-down) attribute: there is nothing to choose. Add the "
            "choices, e.g. red, green, blue."
        ),
        f"{SPEC} Table 7: values is optional",
    ),
    Rule(
        "default_not_a_value", "warning", "…labels[].attributes[].default_value",
        N_("{field} {value!r} is not one of the values ({choices}). Pick one of them or add it to the values."),
        f"{SPEC} Table 7 gives no rule tying default_value to values",
    ),
    Rule(
        "color_form", "warning", "…labels[].property.@modelarts:color",
        N_(
            "{field} {value!r} is neither #RGB nor #RRGGBB; the labeling tool may not show it. Use six "
            "hexadecimal digits."
        ),
        f"{SPEC} Table 9 example #FFFFF0; other lengths are not documented",
    ),
    Rule(
        "shortcut_key", "warning", "…labels[].property.@modelarts:shortcut",
        N_(
            "{field} {value!r} is not one letter, digit or function key (F1-F12); the labeling tool may not "
            "map it."
        ),
        f"{SPEC} Table 9: 'Label shortcut key … For example: D.'; other keys are not documented",
    ),
    Rule(
        "separators_same", "warning", "label_format.text_label_separator, …text_sample_separator",
        N_(
            "{field} is the same character as the {other} ({value!r}{default}): labels would be split at it "
            "too. Choose different separators."
        ),
        f"{SPEC} Table 10 gives no rule that the two must differ (defaults: comma and Tab)",
    ),
    Rule(
        "ignored_for_source", "warning", "import_path, import_type, import_folder, label_format, annotation_format",
        N_("{field} is ignored for a {source} import; it applies to OBS imports."),
        f"{SPEC} Table 2: these describe OBS paths and files; {REF} §6",
    ),
    Rule(
        "source_info_ignored", "warning", "data_source.source_info",
        N_("{field} is ignored for an {source} import; it holds a database or cluster's connection."),
        f"{SPEC} Table 3 source_info: 'Information required for importing a table data source'",
    ),
    Rule(
        "legacy_field", "warning", "annotation_format",
        N_("{field} is a legacy field, removed from the current documentation. The service may ignore it."),
        f"Removed from the 2024+ API reference ({REF} §1)",
    ),
    Rule(
        "headers_disagree", "warning", "data_source.with_column_header",
        N_("{field} disagrees with the request's own First row is a header. Set both the same way."),
        f"{SPEC} Tables 2 and 3 both have with_column_header; which wins is not documented",
    ),
    Rule(
        "ignored_for_manifest", "warning", "label_format",
        N_("{field} is ignored for a manifest import; the manifest carries the labels."),
        f"{REF} §5: a manifest line holds its own annotations",
    ),
    Rule(
        "imports_nothing", "warning", "import_samples",
        N_("{field} is off and so is Import annotations: the task would import nothing. Turn one of them on."),
        f"{SPEC} Table 2 import_samples and import_annotations",
    ),
    Rule(
        "ignored_for_dataset", "warning", "label_format, annotation_format, import_folder, with_column_header, …",
        N_("{field} is ignored: {reason}"),
        f"{SPEC} Table 2: label_format 'used only for text datasets', annotation_format 'only object detection', "
        "import_folder 'invalid for table datasets', with_column_header 'valid for the table dataset'",
    ),
    Rule(
        "label_type_dataset", "warning", "…labels[].type",
        N_("{field} is {value} ({label}), which does not fit {dataset}. Use type {allowed} or leave it out."),
        f"{SPEC} Table 6 label types per kind of dataset; a mismatch is not documented as refused",
    ),
)  # fmt: skip

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


# Other wordings of a rule's message (chosen with `sentence=`): the plural, another reason.
ARE_IGNORED = N_("{field} are ignored: {reason}")
ATTRIBUTE_NAME_CHARACTERS = N_(
    "{field} contains {chars}, which labeling tools may not show (none of < > = & \" '). Remove them."
)


def say(rule_id: str, **values: Any) -> Message:
    """The rule's message with its blanks filled in ({field}: the field's human name, a Message)."""
    return BY_ID[rule_id].text(**values)


def markdown_table() -> str:
    """The README's list of rules: one row per rule, errors first."""
    rows = ["| rule | level | field | message | evidence |", "|---|---|---|---|---|"]
    for rule in RULES:
        cells = (f"`{rule.id}`", rule.level, rule.field, rule.message, rule.evidence)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
