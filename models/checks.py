"""What the service would reject or ignore for a given kind of dataset, and other non-blocking warnings.

The models refuse what no dataset accepts; these checks need to know the dataset (reference §2, §5, §6).
"""

from dataclasses import dataclass, field

from . import rules
from .enums import DatasetType, ImportType, LabelType
from .problems import Problem, problem_at
from .request import ImportTaskRequest

# The spec names four; reference §5 documents directory layouts for segmentation and table datasets too.
DIR_IMPORT_DATASET_TYPES = frozenset({0, 1, 3, 100, 200, 400})
TEXT_DATASET_TYPES = frozenset({100, 101, 102})
TABLE_DATASET_TYPES = frozenset({400})
DETECTION_DATASET_TYPES = frozenset({1})
TABLE_SOURCES = frozenset({"dws", "dli", "rds", "mrs"})
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
    reason: str = ""


def _type_name(dataset_type: int) -> str:
    try:
        return f"{DatasetType(dataset_type).label} datasets"
    except ValueError:
        return f"datasets of type {dataset_type}"


def offers(dataset_type: int) -> dict[str, Offer]:
    """What the service supports for this dataset type: the form shows only these, and why not the rest."""
    name = _type_name(dataset_type)
    return {
        "dir_import": Offer(
            dataset_type in DIR_IMPORT_DATASET_TYPES,
            f"Directory import is not available for {name}: import a manifest file.",
        ),
        "label_format": Offer(
            dataset_type in TEXT_DATASET_TYPES, f"Label format applies to text datasets only, not {name}."
        ),
        "table_sources": Offer(
            dataset_type in TABLE_DATASET_TYPES,
            f"GaussDB(DWS), DLI, RDS and MRS import into table datasets only, not {name}.",
        ),
        "column_mapping": Offer(
            dataset_type in TABLE_DATASET_TYPES,
            f"Column mapping and header rows are for table datasets, not {name}.",
        ),
        "annotation_format": Offer(
            dataset_type in DETECTION_DATASET_TYPES,
            f"VOC/COCO annotation formats are for object detection datasets, not {name}.",
        ),
        "import_folder": Offer(
            dataset_type not in TABLE_DATASET_TYPES, "An import folder is invalid for table datasets."
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
    """Errors the service would give for this dataset type, and warnings for what it would ignore."""
    result = CheckResult()
    _warn_request(request, result)
    if dataset_type is not None:
        _check_for_dataset(request, dataset_type, result)
    return result


def _error(result: CheckResult, path: tuple[str | int, ...], message: str) -> None:
    result.errors.append(problem_at(ImportTaskRequest, path, message))


def _warn(result: CheckResult, path: tuple[str | int, ...], message: str) -> None:
    result.warnings.append(problem_at(ImportTaskRequest, path, message, "warning"))


def _warn_request(request: ImportTaskRequest, result: CheckResult) -> None:
    kind = request.source_kind
    if request.import_path is not None:
        odd = rules.obs_path_characters(request.import_path)
        if odd:
            _warn(
                result,
                ("import_path",),
                f"contains {' '.join(repr(c) for c in odd)}. The service often rejects characters other "
                "than letters, digits and - _ . / (ModelArts.4313); rename the folder or file if the "
                "import fails.",
            )
    if kind in TABLE_SOURCES:
        for name in ("import_path", "import_type", "import_folder", "label_format", "annotation_format"):
            if getattr(request, name) is not None:
                _warn(result, (name,), f"is ignored for a {kind.upper()} import; it applies to OBS imports.")
    elif request.data_source is not None and request.data_source.source_info is not None:
        _warn(
            result,
            ("data_source", "source_info"),
            f"is ignored for an {kind.upper()} import; it holds a database or cluster's connection.",
        )
    if request.annotation_format is not None:
        _warn(
            result,
            ("annotation_format",),
            "is a legacy field, removed from the current documentation. The service may ignore it.",
        )
    source_header = request.data_source.with_column_header if request.data_source else None
    headers = (request.with_column_header, source_header)
    if None not in headers and headers[0] != headers[1]:
        _warn(
            result,
            ("data_source", "with_column_header"),
            "disagrees with the request's own First row is a header. Set both the same way.",
        )
    if request.import_type == ImportType.MANIFEST and request.label_format is not None:
        _warn(result, ("label_format",), "is ignored for a manifest import; the manifest carries the labels.")
    if request.import_samples is False and request.import_annotations is False:
        _warn(
            result,
            ("import_samples",),
            "is off and so is Import annotations: the task would import nothing. Turn one of them on.",
        )


def _check_for_dataset(request: ImportTaskRequest, dataset_type: int, result: CheckResult) -> None:
    offered = offers(dataset_type)
    kind = request.source_kind
    if kind == "obs" and request.import_type in (None, ImportType.DIR) and not offered["dir_import"].allowed:
        default = " (the default)" if request.import_type is None else ""
        _error(
            result,
            ("import_type",),
            f"is directory{default}, which {_type_name(dataset_type)} do not support. Choose manifest and "
            "point Import path at the manifest file.",
        )
    if kind in TABLE_SOURCES and not offered["table_sources"].allowed:
        path = ("import_origin",) if request.import_origin is not None else ("data_source", "data_type")
        _error(result, path, f"is {kind.upper()}, but {offered['table_sources'].reason}")
    if request.label_format is not None and not offered["label_format"].allowed:
        _warn(result, ("label_format",), f"is ignored: {offered['label_format'].reason}")
    if request.annotation_format is not None and not offered["annotation_format"].allowed:
        _warn(result, ("annotation_format",), f"is ignored: {offered['annotation_format'].reason}")
    if request.import_folder is not None and not offered["import_folder"].allowed:
        _warn(result, ("import_folder",), "is ignored: it is invalid for table datasets.")
    if not offered["column_mapping"].allowed:
        reason = offered["column_mapping"].reason
        if request.with_column_header is not None:
            _warn(result, ("with_column_header",), f"is ignored: {reason}")
        source = request.data_source
        if source is not None and source.with_column_header is not None:
            _warn(result, ("data_source", "with_column_header"), f"is ignored: {reason}")
        if source is not None and source.schema_maps:
            _warn(result, ("data_source", "schema_maps"), f"are ignored: {reason}")
    allowed_types = LABEL_TYPES_BY_DATASET.get(dataset_type)
    if allowed_types is None:
        return
    for list_name in ("included_labels", "excluded_labels"):
        for index, label in enumerate(getattr(request, list_name) or []):
            if label.type is not None and label.type not in allowed_types:
                _warn(
                    result,
                    (list_name, index, "type"),
                    f"is {label.type} ({LabelType(label.type).label}), which does not fit "
                    f"{_type_name(dataset_type)}. Use type {' or '.join(map(str, sorted(allowed_types)))} "
                    "or leave it out.",
                )
