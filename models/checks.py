"""What the service would refuse for a given kind of dataset, and the warnings: our advice, which never blocks.

The models refuse what no dataset accepts; the errors here need to know the dataset (reference §2, §5, §6).
Every finding is a rule of `rule_table`, in its words and at its level.
"""

from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from . import rules
from .data_sources import ORIGIN_DATA_TYPE, SOURCES, TABLE_SOURCES
from .enums import DatasetType, DataType, ImportOrigin, ImportType, LabelType
from .messages import AND, N_, OR, Message, join, nothing
from .problems import Problem, problem_at
from .request import (
    DEFAULT_TEXT_LABEL_SEPARATOR,
    DEFAULT_TEXT_SAMPLE_SEPARATOR,
    ImportTaskRequest,
    Label,
    SourceInfo,
)
from .rule_table import ARE_IGNORED, BY_ID

# The spec names four; reference §5 documents directory layouts for segmentation and table datasets too.
DIR_IMPORT_DATASET_TYPES = frozenset({0, 1, 3, 100, 200, 400})
TEXT_DATASET_TYPES = frozenset({100, 101, 102})
TABLE_DATASET_TYPES = frozenset({400})
DETECTION_DATASET_TYPES = frozenset({1})
LABEL_TYPES_BY_DATASET: dict[int, frozenset[int]] = {
    0: frozenset({0}),
    1: frozenset({1}),
    3: frozenset({3}),
    100: frozenset({100}),
    101: frozenset({101}),
    102: frozenset({102, 103}),
    200: frozenset({200}),
    201: frozenset({201}),
    202: frozenset({202}),
    600: frozenset({600}),
}


@dataclass(frozen=True)
class Offer:
    """Whether the form offers something for a dataset type, and if not, the one-line reason."""

    allowed: bool
    reason: Message = field(default_factory=nothing)


def _type_name(dataset_type: int) -> Message:
    try:
        return Message(N_("{type} datasets"), {"type": Message(DatasetType(dataset_type).label)})
    except ValueError:
        return Message(N_("datasets of type {type}"), {"type": dataset_type})


def offers(dataset_type: int) -> dict[str, Offer]:
    """What the service supports for this dataset type: the form shows only these, and why not the rest."""
    name = {"name": _type_name(dataset_type)}
    return {
        "dir_import": Offer(
            dataset_type in DIR_IMPORT_DATASET_TYPES,
            Message(N_("Directory import is not available for {name}: import a manifest file."), name),
        ),
        "label_format": Offer(
            dataset_type in TEXT_DATASET_TYPES,
            Message(N_("Label format applies to text datasets only, not {name}."), name),
        ),
        "table_sources": Offer(
            dataset_type in TABLE_DATASET_TYPES,
            Message(N_("GaussDB(DWS), DLI, RDS and MRS import into table datasets only, not {name}."), name),
        ),
        "column_mapping": Offer(
            dataset_type in TABLE_DATASET_TYPES,
            Message(N_("Column mapping and header rows are for table datasets, not {name}."), name),
        ),
        "annotation_format": Offer(
            dataset_type in DETECTION_DATASET_TYPES,
            Message(N_("VOC/COCO annotation formats are for object detection datasets, not {name}."), name),
        ),
        "import_folder": Offer(
            dataset_type not in TABLE_DATASET_TYPES, Message(N_("An import folder is invalid for table datasets."))
        ),
    }


@dataclass
class CheckResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_request(request: ImportTaskRequest, dataset_type: int | None = None) -> CheckResult:
    """Errors the service would give for this dataset type, and warnings: what it would ignore, what may fail."""
    result = CheckResult()
    _warn_request(request, result)
    if dataset_type is not None:
        _check_for_dataset(request, dataset_type, result)
    return result


def _add(result: CheckResult, rule_id: str, path: tuple[str | int, ...], **values: Any) -> None:
    level = BY_ID[rule_id].level
    problem = problem_at(ImportTaskRequest, path, rule_id, level, **values)
    (result.errors if level == "error" else result.warnings).append(problem)


def _warn_request(request: ImportTaskRequest, result: CheckResult) -> None:
    kind = request.source_kind
    spec = SOURCES[kind]
    if request.included_tags is not None:
        _add(result, "included_tags_and_labels", ("included_tags",))
    _warn_source(request, result)
    if request.import_path is not None and request.import_path.strip():
        for rule_id, values in rules.obs_path_advice(request.import_path):
            _add(result, rule_id, ("import_path",), **values)
    if kind in TABLE_SOURCES:
        for name in ("import_path", "import_type", "import_folder", "label_format", "annotation_format"):
            if getattr(request, name) is not None:
                _add(result, "ignored_for_source", (name,), source=Message(spec.label))
    elif request.data_source is not None and request.data_source.source_info is not None:
        _add(result, "source_info_ignored", ("data_source", "source_info"), source=Message(spec.label))
    if request.annotation_format is not None:
        _add(result, "legacy_field", ("annotation_format",))
    source_header = request.data_source.with_column_header if request.data_source else None
    headers = (request.with_column_header, source_header)
    if None not in headers and headers[0] != headers[1]:
        _add(result, "headers_disagree", ("data_source", "with_column_header"))
    if request.import_type == ImportType.MANIFEST and request.label_format is not None:
        _add(result, "ignored_for_manifest", ("label_format",))
    if request.import_samples is False and request.import_annotations is False:
        _add(result, "imports_nothing", ("import_samples",))
    _warn_schema_maps(request, result)
    _warn_labels(request, result)
    _warn_separators(request, result)
    for path in _blank_texts(request, ()):
        _add(result, "blank_value", path)


def _warn_source(request: ImportTaskRequest, result: CheckResult) -> None:
    kind = request.source_kind
    spec = SOURCES[kind]
    data_type = request.data_source.data_type if request.data_source else None
    if request.import_origin is not None and data_type is not None:
        expected = ORIGIN_DATA_TYPE[str(request.import_origin)]
        if data_type != expected:
            _add(
                result,
                "origin_data_type_mismatch",
                ("data_source", "data_type"),
                data_type=data_type,
                label=Message(DataType(data_type).label),
                origin=request.import_origin,
                origin_label=Message(ImportOrigin(request.import_origin).label),
                expected=expected,
            )
    for alternatives in spec.advised:
        if any(all(_given(request.value_at(key)) for key in one) for one in alternatives):
            continue
        if any(key in spec.required for one in alternatives for key in one):
            continue  # missing, it is an error of the models
        needs = join((join((_title(key) for key in one), AND) for one in alternatives), EITHER)
        path = tuple(alternatives[0][0].split("."))
        _add(result, "source_field_advised", path, source=Message(spec.label), needs=needs)
    info = request.data_source.source_info if request.data_source else None
    if info is not None and info.ip is not None and info.ip.strip():
        finding = rules.ip_advice(info.ip)
        if finding:
            _add(result, finding[0], ("data_source", "source_info", "ip"), **finding[1])


def _warn_schema_maps(request: ImportTaskRequest, result: CheckResult) -> None:
    seen: set[str] = set()
    for index, schema_map in enumerate(request.data_source.schema_maps or [] if request.data_source else []):
        for name in ("src_name", "dest_name"):
            if getattr(schema_map, name) is None:
                _add(result, "schema_map_half", ("data_source", "schema_maps", index, name))
        destination = schema_map.dest_name
        if destination is not None and destination.strip():
            if destination in seen:
                _add(
                    result,
                    "destination_mapped_twice",
                    ("data_source", "schema_maps", index, "dest_name"),
                    value=destination,
                )
            seen.add(destination)


def _warn_labels(request: ImportTaskRequest, result: CheckResult) -> None:
    for list_name in ("included_labels", "excluded_labels"):
        seen: set[str] = set()
        for index, label in enumerate(getattr(request, list_name) or []):
            if label.name is None and label.type is None:
                _add(result, "label_unnamed", (list_name, index))
            if label.name is not None:
                if label.name in seen:
                    _add(result, "label_repeated", (list_name, index, "name"), value=label.name)
                seen.add(label.name)
            _warn_label(label, (list_name, index), result)
    included = {label.name for label in request.included_labels or [] if label.name is not None}
    for index, label in enumerate(request.excluded_labels or []):
        if label.name is not None and label.name in included:
            _add(result, "label_included_and_excluded", ("excluded_labels", index, "name"), value=label.name)


def _warn_label(label: Label, at: tuple[str | int, ...], result: CheckResult) -> None:
    prop = label.property
    if prop is not None and prop.color is not None:
        finding = rules.color_advice(prop.color)
        if finding:
            _add(result, finding[0], (*at, "property", "@modelarts:color"), **finding[1])
    if prop is not None and prop.shortcut is not None and prop.shortcut.strip():
        finding = rules.shortcut_advice(prop.shortcut)
        if finding:
            _add(result, finding[0], (*at, "property", "@modelarts:shortcut"), **finding[1])
    seen: set[str] = set()
    for index, attribute in enumerate(label.attributes or []):
        where = (*at, "attributes", index)
        if attribute.name is not None:
            finding = rules.attribute_name_advice(attribute.name)
            if finding:
                _add(result, finding[0], (*where, "name"), **finding[1])
            if attribute.name in seen:
                _add(result, "attribute_name_repeated", (*where, "name"), value=attribute.name)
            seen.add(attribute.name)
        choices = [v.value for v in attribute.values or [] if v.value is not None]
        if attribute.type == "select" and not choices:
            _add(result, "select_without_values", (*where, "values"))
        elif choices and attribute.default_value is not None and attribute.default_value not in choices:
            _add(
                result,
                "default_not_a_value",
                (*where, "default_value"),
                value=attribute.default_value,
                choices=", ".join(map(repr, choices)),
            )


def _warn_separators(request: ImportTaskRequest, result: CheckResult) -> None:
    label_format = request.label_format
    if label_format is None:
        return
    label_separator = label_format.text_label_separator
    sample_separator = label_format.text_sample_separator
    if label_separator is None and sample_separator is None:
        return
    effective_label = DEFAULT_TEXT_LABEL_SEPARATOR if label_separator is None else label_separator
    effective_sample = DEFAULT_TEXT_SAMPLE_SEPARATOR if sample_separator is None else sample_separator
    if effective_label != effective_sample:
        return
    if sample_separator is not None:
        field, other, default = "text_sample_separator", N_("label separator"), label_separator is None
    else:
        field, other, default = "text_label_separator", N_("text-label separator"), True
    _add(
        result,
        "separators_same",
        ("label_format", field),
        other=Message(other),
        value=effective_label,
        default=Message(N_(", its default")) if default else "",
    )


SEPARATORS = ("text_label_separator", "text_sample_separator")
EITHER = N_(", or ")  # between alternatives: "IP address and Port, or Cluster ID"


def _blank_texts(request: ImportTaskRequest, at: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    """The paths of the empty (or whitespace) texts anywhere in the request (walked as its wire body: fast)."""
    found: list[tuple[str | int, ...]] = []

    def visit(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            if not value.strip() and not (path and path[-1] in SEPARATORS and value):  # Tab is a separator
                found.append(path)
        elif isinstance(value, dict):
            for key, inner in value.items():
                visit(inner, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))

    visit(request.model_dump(by_alias=True, exclude_none=True, context={"reveal_secrets": True}), at)
    return found


def _given(value: Any) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value is not None and not (isinstance(value, str) and not value.strip())


def _title(key: str) -> Message:
    name = key.rsplit(".", 1)[-1]
    field = SourceInfo.model_fields.get(name) or ImportTaskRequest.model_fields.get(name)
    return Message(str(field.title) if field is not None and field.title else name)


def _check_for_dataset(request: ImportTaskRequest, dataset_type: int, result: CheckResult) -> None:
    offered = offers(dataset_type)
    kind = request.source_kind
    if kind == "obs" and request.import_type in (None, ImportType.DIR) and not offered["dir_import"].allowed:
        _add(
            result,
            "dir_import_dataset_type",
            ("import_type",),
            default=Message(N_(" (the default)")) if request.import_type is None else "",
            dataset=_type_name(dataset_type),
        )
    if kind in TABLE_SOURCES and not offered["table_sources"].allowed:
        path = ("import_origin",) if request.import_origin is not None else ("data_source", "data_type")
        source = Message(SOURCES[kind].label)
        _add(result, "table_source_dataset_type", path, source=source, dataset=_type_name(dataset_type))
    if request.label_format is not None and not offered["label_format"].allowed:
        _add(result, "ignored_for_dataset", ("label_format",), reason=offered["label_format"].reason)
    if request.annotation_format is not None and not offered["annotation_format"].allowed:
        reason = offered["annotation_format"].reason
        _add(result, "ignored_for_dataset", ("annotation_format",), reason=reason)
    if request.import_folder is not None and not offered["import_folder"].allowed:
        _add(result, "ignored_for_dataset", ("import_folder",), reason=offered["import_folder"].reason)
    if not offered["column_mapping"].allowed:
        reason = offered["column_mapping"].reason
        if request.with_column_header is not None:
            _add(result, "ignored_for_dataset", ("with_column_header",), reason=reason)
        source = request.data_source
        if source is not None and source.with_column_header is not None:
            _add(result, "ignored_for_dataset", ("data_source", "with_column_header"), reason=reason)
        if source is not None and source.schema_maps:
            _add(result, "ignored_for_dataset", ("data_source", "schema_maps"), sentence=ARE_IGNORED, reason=reason)
    allowed_types = LABEL_TYPES_BY_DATASET.get(dataset_type)
    if allowed_types is None:
        return
    for list_name in ("included_labels", "excluded_labels"):
        for index, label in enumerate(getattr(request, list_name) or []):
            if label.type is not None and label.type not in allowed_types:
                _add(
                    result,
                    "label_type_dataset",
                    (list_name, index, "type"),
                    value=label.type,
                    label=Message(LabelType(label.type).label),
                    dataset=_type_name(dataset_type),
                    allowed=join(map(str, sorted(allowed_types)), OR),
                )
