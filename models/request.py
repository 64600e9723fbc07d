"""Create Import Task request body: Tables 2-10 of create-import-task.rst, in the spec's order and words.

Field `title`s are the human names used in messages and in the form; `description`s are the spec's text.
Where the spec and the service disagree, reference §1 decides, and the decision is made here, once.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    SecretStr,
    SerializationInfo,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import rules
from ._base import WireModel, int_to_str, raise_rules, reject_bool, rule
from .enums import (
    ORIGIN_DATA_TYPE,
    SOURCE_KIND_BY_DATA_TYPE,
    AnnotationFormat,
    AttributeType,
    ClusterMode,
    DataType,
    DefaultShape,
    ImportOrigin,
    ImportType,
    LabelType,
    TextLabelType,
)

MASK = "••••"
DEFAULT_TEXT_LABEL_SEPARATOR = ","
DEFAULT_TEXT_SAMPLE_SEPARATOR = "\t"
_TABLE_SOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    "dws": ("ip", "port", "database_name", "table_name", "user_name", "user_password"),
    "rds": ("ip", "port", "database_name", "table_name", "user_name", "user_password"),  # inferred: as DWS
    "dli": ("queue_name", "database_name", "table_name"),
    "mrs": ("input", "cluster_mode"),
}


def _import_type_from_legacy(value: Any) -> Any:
    """The spec's table says 0/1; every example and the current docs send dir/manifest (reference §1)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str):
        text = str(value).strip().lower()
        return {"0": "dir", "1": "manifest"}.get(text, text)
    return value


def _labels_from_strings(value: Any) -> Any:
    """Doc examples send bare label names; the schema wants Label objects (reference §1)."""
    if isinstance(value, list):
        return [{"name": item} if isinstance(item, str) else item for item in value]
    return value


def _not_blank(value: str | None, what: str) -> str | None:
    if value is not None and not value.strip():
        raise PydanticCustomError("blank", f"is empty. {what}")
    return value


def _check(problem: str | None) -> None:
    if problem:
        raise PydanticCustomError("invalid_value", problem.replace("{", "{{").replace("}", "}}"))


WireInt = Annotated[int, BeforeValidator(reject_bool)]
NumericString = Annotated[str, BeforeValidator(int_to_str)]
Labels = Annotated[list["Label"], BeforeValidator(_labels_from_strings)]


class ImportTaskRequest(WireModel):
    """**Table 2** Request body parameters."""

    annotation_format: AnnotationFormat | None = Field(
        default=None,
        title="Annotation format",
        description="Format of the labeling information. Currently, only object detection is supported. "
        "(Legacy: removed from the 2024+ docs.)",
    )
    data_source: DataSource | None = Field(default=None, title="Data source", description="Data source.")
    difficult_only: bool | None = Field(
        default=None,
        title="Hard examples only",
        description="Whether to import only hard examples. false: all samples are imported (default).",
    )
    excluded_labels: Labels | None = Field(
        default=None,
        title="Excluded labels",
        description="Do not import samples containing the specified label.",
    )
    final_annotation: bool | None = Field(
        default=None,
        title="Import to final state",
        description="Whether to import data to the final state. true: default.",
    )
    import_annotations: bool | None = Field(
        default=None,
        title="Import annotations",
        description="Whether to import labels. true: default.",
    )
    import_folder: str | None = Field(
        default=None,
        title="Import folder",
        description="Name of the subdirectory in the dataset storage directory after import. You can specify "
        "the same subdirectory for multiple import tasks to avoid repeated import of the same samples. "
        "This field is invalid for table datasets.",
    )
    import_origin: ImportOrigin | None = Field(
        default=None, title="Import origin", description="Data source. obs: OBS bucket (default value)."
    )
    import_path: str | None = Field(
        default=None,
        title="Import path",
        description="OBS path or manifest path to be imported. When importing a manifest file, ensure that "
        "the path is accurate to the manifest file.",
    )
    import_samples: bool | None = Field(
        default=None, title="Import samples", description="Whether to import samples. true: default."
    )
    import_type: Annotated[ImportType | None, BeforeValidator(_import_type_from_legacy)] = Field(
        default=None,
        title="Import type",
        description="Import mode: dir (the spec's 0), import by directory; manifest (the spec's 1), "
        "import by manifest file.",
    )
    included_labels: Labels | None = Field(
        default=None,
        title="Included labels",
        description="Import samples containing the specified label.",
    )
    label_format: LabelFormat | None = Field(
        default=None,
        title="Label format",
        description="Label format. This parameter is used only for text datasets.",
    )
    with_column_header: bool | None = Field(
        default=None,
        title="First row is a header",
        description="Whether the first row in the file is a column name. Valid for the table dataset.",
    )

    @model_validator(mode="before")
    @classmethod
    def _rename_included_tags(cls, data: Any) -> Any:
        """Older examples name `included_labels` `included_tags`."""
        if isinstance(data, dict) and "included_tags" in data:
            if "included_labels" in data:
                raise_rules(
                    cls,
                    [
                        rule(
                            ("included_tags",),
                            "duplicate_field",
                            "is the old name of included_labels, and both are given. Keep only included_labels.",
                        )
                    ],
                )
            data = {("included_labels" if k == "included_tags" else k): v for k, v in data.items()}
        return data

    @field_validator("import_path", "import_folder")
    @classmethod
    def _path_not_blank(cls, value: str | None) -> str | None:
        return _not_blank(value, "Enter a value or leave the field out.")

    @field_validator("import_path")
    @classmethod
    def _obs_path(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.obs_path_problem(value))
        return value

    @property
    def source_kind(self) -> str:
        """obs, dws, dli, rds, mrs, inference or ai_gallery; OBS when nothing says otherwise."""
        if self.import_origin is not None:
            return str(self.import_origin)
        if self.data_source is not None and self.data_source.data_type is not None:
            return SOURCE_KIND_BY_DATA_TYPE[self.data_source.data_type]
        return "obs"

    @model_validator(mode="after")
    def _rules_across_fields(self) -> ImportTaskRequest:
        raise_rules(type(self), [*self._source_rules(), *self._label_list_rules()])
        return self

    def _source_rules(self) -> list[InitErrorDetails]:
        broken: list[InitErrorDetails] = []
        data_type = self.data_source.data_type if self.data_source else None
        if self.import_origin is not None and data_type is not None:
            expected = ORIGIN_DATA_TYPE[ImportOrigin(self.import_origin)]
            if data_type != expected:
                broken.append(
                    rule(
                        ("data_source", "data_type"),
                        "origin_mismatch",
                        f"is {data_type} ({DataType(data_type).label}) but Import origin is "
                        f"{self.import_origin} ({ImportOrigin(self.import_origin).label}). Make them agree: "
                        f"for {self.import_origin} use data type {expected}, or leave one of the two out.",
                        data_type,
                    )
                )
                return broken
        kind = self.source_kind
        if kind == "obs" and self.import_path is None:
            broken.append(
                rule(
                    ("import_path",),
                    "required",
                    "is required for an OBS import. Enter the folder (for a directory import) or the "
                    "manifest file to import, e.g. s3://my-bucket/images/.",
                )
            )
        required = _TABLE_SOURCE_FIELDS.get(kind, ())
        info = self.data_source.source_info if self.data_source else None
        name = ImportOrigin(kind).label if kind in ORIGIN_DATA_TYPE else kind
        for field in required:
            if info is None or getattr(info, field) is None:
                label = SourceInfo.model_fields[field].title
                broken.append(
                    rule(
                        ("data_source", "source_info", field),
                        "required",
                        f"is required for a {name} import. Enter the {str(label).lower()}.",
                    )
                )
        if kind == "mrs" and (info is None or (info.cluster_id is None and info.cluster_name is None)):
            broken.append(
                rule(
                    ("data_source", "source_info", "cluster_id"),
                    "required",
                    "or Cluster name is required for an MRS import. Enter the MRS cluster's id or name.",
                )
            )
        return broken

    def _label_list_rules(self) -> list[InitErrorDetails]:
        broken: list[InitErrorDetails] = []
        for field in ("included_labels", "excluded_labels"):
            seen: set[str] = set()
            for index, label in enumerate(getattr(self, field) or []):
                if label.name in seen:
                    broken.append(
                        rule(
                            (field, index, "name"),
                            "duplicate_label",
                            f"{label.name!r} appears twice in this list. Remove the repeat.",
                            label.name,
                        )
                    )
                seen.add(label.name)
        included = {label.name for label in self.included_labels or []}
        for index, label in enumerate(self.excluded_labels or []):
            if label.name in included:
                broken.append(
                    rule(
                        ("excluded_labels", index, "name"),
                        "label_included_and_excluded",
                        f"{label.name!r} is both included and excluded. Remove it from one of the two lists.",
                        label.name,
                    )
                )
        return broken

    def to_body(self, *, mask_secrets: bool = False) -> dict[str, Any]:
        """The canonical wire body. With mask_secrets the password reads ••••, for showing, never sending."""
        return self.model_dump(
            mode="json",
            by_alias=True,
            exclude_none=True,
            context={"reveal_secrets": not mask_secrets},
        )


class DataSource(WireModel):
    """**Table 3** DataSource."""

    data_path: str | None = Field(default=None, title="Data path", description="Data source path.")
    data_type: Annotated[DataType | None, BeforeValidator(reject_bool)] = Field(
        default=None,
        title="Data type",
        description="Data type: 0 OBS bucket (default value), 1 GaussDB(DWS), 2 DLI, 3 RDS, 4 MRS, "
        "5 AI Gallery, 6 Inference service.",
    )
    schema_maps: list[SchemaMap] | None = Field(
        default=None,
        title="Column mapping",
        description="Schema mapping information corresponding to the table data.",
    )
    source_info: SourceInfo | None = Field(
        default=None,
        title="Source information",
        description="Information required for importing a table data source.",
    )
    with_column_header: bool | None = Field(
        default=None,
        title="First row is a header",
        description="Whether the first row in the file is a column name. Valid for the table dataset.",
    )

    @model_validator(mode="after")
    def _destination_mapped_once(self) -> DataSource:
        seen: set[str] = set()
        broken = []
        for index, schema_map in enumerate(self.schema_maps or []):
            if schema_map.dest_name in seen:
                broken.append(
                    rule(
                        ("schema_maps", index, "dest_name"),
                        "duplicate_destination",
                        f"{schema_map.dest_name!r} is already the destination of another column. Map each "
                        "destination column once.",
                        schema_map.dest_name,
                    )
                )
            seen.add(schema_map.dest_name)
        raise_rules(type(self), broken)
        return self


class SchemaMap(WireModel):
    """**Table 4** SchemaMap."""

    dest_name: str = Field(title="Destination column", description="Name of the destination column.")
    src_name: str = Field(title="Source column", description="Name of the source column.")

    @field_validator("dest_name", "src_name")
    @classmethod
    def _named(cls, value: str) -> str:
        return _not_blank(value, "Enter the column's name.") or value


class SourceInfo(WireModel):
    """**Table 5** SourceInfo."""

    cluster_id: str | None = Field(default=None, title="Cluster ID", description="ID of an MRS cluster.")
    cluster_mode: Annotated[ClusterMode | None, BeforeValidator(int_to_str)] = Field(
        default=None,
        title="Cluster mode",
        description="Running mode of an MRS cluster: 0 normal cluster, 1 security cluster.",
    )
    cluster_name: str | None = Field(default=None, title="Cluster name", description="Name of an MRS cluster.")
    database_name: str | None = Field(
        default=None,
        title="Database name",
        description="Name of the database to which the table dataset is imported.",
    )
    input: str | None = Field(default=None, title="HDFS path", description="HDFS path of a table dataset.")
    ip: str | None = Field(default=None, title="IP address", description="IP address of your GaussDB(DWS) cluster.")
    port: NumericString | None = Field(
        default=None, title="Port", description="Port number of your GaussDB(DWS) cluster."
    )
    queue_name: str | None = Field(default=None, title="Queue name", description="DLI queue name of a table dataset.")
    subnet_id: str | None = Field(default=None, title="Subnet ID", description="Subnet ID of an MRS cluster.")
    table_name: str | None = Field(
        default=None,
        title="Table name",
        description="Name of the table to which a table dataset is imported.",
    )
    user_name: str | None = Field(
        default=None,
        title="User name",
        description="Username, which is mandatory for GaussDB(DWS) data.",
    )
    user_password: SecretStr | None = Field(
        default=None,
        title="Password",
        description="User password, which is mandatory for GaussDB(DWS) data.",
    )
    vpc_id: str | None = Field(default=None, title="VPC ID", description="ID of the VPC where an MRS cluster resides.")

    @field_validator(
        "cluster_id",
        "cluster_name",
        "database_name",
        "input",
        "queue_name",
        "table_name",
        "user_name",
        "subnet_id",
        "vpc_id",
        "ip",
        "port",
    )
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        return _not_blank(value, "Enter a value or leave the field out.")

    @field_validator("ip")
    @classmethod
    def _ip(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.ip_problem(value))
        return value

    @field_validator("port")
    @classmethod
    def _port(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.port_problem(value))
        return value

    @field_validator("user_password")
    @classmethod
    def _password_not_blank(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value():
            raise PydanticCustomError("blank", "is empty. Enter the database user's password.")
        return value

    @field_serializer("user_password", when_used="unless-none")
    def _reveal_only_on_request(self, value: SecretStr, info: SerializationInfo) -> str:
        if info.context and info.context.get("reveal_secrets"):
            return value.get_secret_value()
        return MASK


class Label(WireModel):
    """**Table 6** Label."""

    attributes: list[LabelAttribute] | None = Field(
        default=None,
        title="Attributes",
        description="Multi-dimensional attribute of a label. For example, if the label is music, attributes "
        "such as style and artist may be included.",
    )
    name: str = Field(title="Label name", description="Label name.")
    property: LabelProperty | None = Field(
        default=None,
        title="Properties",
        description="Basic attribute key-value pair of a label, such as color and shortcut keys.",
    )
    type: Annotated[LabelType | None, BeforeValidator(reject_bool)] = Field(
        default=None,
        title="Label type",
        description="Label type: 0 image classification, 1 object detection, (3 image segmentation), "
        "100 text classification, 101 named entity recognition, 102 text triplet relationship, "
        "103 text triplet entity, 200 speech classification, 201 speech content, "
        "202 speech paragraph labeling, 600 video classification.",
    )

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        return _not_blank(value, "Give the label a name, e.g. cat.") or value

    @model_validator(mode="after")
    def _label_rules(self) -> Label:
        broken = []
        if self.type == LabelType.TEXT_TRIPLET_RELATIONSHIP:
            for key in ("from_type", "to_type"):
                if self.property is None or getattr(self.property, key) is None:
                    alias = LabelProperty.model_fields[key].alias
                    broken.append(
                        rule(
                            ("property", alias),
                            "required",
                            "is required for a text triplet relationship label (type 102). Enter the "
                            f"{'head' if key == 'from_type' else 'tail'} entity's label name.",
                        )
                    )
        seen: set[str] = set()
        for index, attribute in enumerate(self.attributes or []):
            if attribute.name is not None and attribute.name in seen:
                broken.append(
                    rule(
                        ("attributes", index, "name"),
                        "duplicate_attribute",
                        f"{attribute.name!r} is used by another attribute of this label. Rename one.",
                        attribute.name,
                    )
                )
            seen.add(attribute.name or "")
        raise_rules(type(self), broken)
        return self


class LabelAttribute(WireModel):
    """**Table 7** LabelAttribute."""

    default_value: str | None = Field(
        default=None, title="Default value", description="Default value of a label attribute."
    )
    id: str | None = Field(default=None, title="Attribute ID", description="Label attribute ID.")
    name: str | None = Field(default=None, title="Attribute name", description="Label attribute name.")
    type: AttributeType | None = Field(
        default=None,
        title="Attribute type",
        description="Label attribute type: text, or select (single-choice drop-down list).",
    )
    values: list[LabelAttributeValue] | None = Field(
        default=None, title="Values", description="List of label attribute values."
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.attribute_name_problem(value))
        return value

    @model_validator(mode="after")
    def _select_needs_values(self) -> LabelAttribute:
        broken = []
        choices = [v.value for v in self.values or [] if v.value is not None]
        if self.type == AttributeType.SELECT and not choices:
            broken.append(
                rule(
                    ("values",),
                    "required",
                    "are required for a select attribute. Add the choices, e.g. red, green, blue.",
                )
            )
        elif choices and self.default_value is not None and self.default_value not in choices:
            broken.append(
                rule(
                    ("default_value",),
                    "default_not_a_value",
                    f"{self.default_value!r} is not one of the values ({', '.join(map(repr, choices))}). "
                    "Pick one of them or add it to the values.",
                    self.default_value,
                )
            )
        raise_rules(type(self), broken)
        return self


class LabelAttributeValue(WireModel):
    """**Table 8** LabelAttributeValue."""

    id: str | None = Field(default=None, title="Value ID", description="Label attribute value ID.")
    value: str | None = Field(default=None, title="Value", description="Label attribute value.")

    @field_validator("value")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        return _not_blank(value, "Enter the choice's text or remove it.")


class LabelProperty(WireModel):
    """**Table 9** LabelProperty: Python names for the `@modelarts:*` wire keys."""

    color: str | None = Field(
        default=None,
        alias="@modelarts:color",
        title="Colour",
        description="Label color, which is a hexadecimal code of the color. Example: #FFFFF0.",
    )
    default_shape: DefaultShape | None = Field(
        default=None,
        alias="@modelarts:default_shape",
        title="Default shape",
        description="Default shape of an object detection label: bndbox rectangle, polygon, circle, "
        "line straight line, dashed dotted line, point, polyline.",
    )
    from_type: str | None = Field(
        default=None,
        alias="@modelarts:from_type",
        title="From type",
        description="Type of the head entity in the triplet relationship label. Used only for the text "
        "triplet dataset.",
    )
    rename_to: str | None = Field(
        default=None,
        alias="@modelarts:rename_to",
        title="Rename to",
        description="The new name of the label.",
    )
    shortcut: str | None = Field(
        default=None,
        alias="@modelarts:shortcut",
        title="Shortcut",
        description="Label shortcut key. For example: D.",
    )
    to_type: str | None = Field(
        default=None,
        alias="@modelarts:to_type",
        title="To type",
        description="Type of the tail entity in the triplet relationship label. Used only for the text "
        "triplet dataset.",
    )

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.color_problem(value))
        return value

    @field_validator("shortcut")
    @classmethod
    def _shortcut(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.shortcut_problem(value))
        return value

    @field_validator("rename_to", "from_type", "to_type")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        return _not_blank(value, "Enter a label name or leave the field out.")


class LabelFormat(WireModel):
    """**Table 10** LabelFormat."""

    label_type: Annotated[TextLabelType | None, BeforeValidator(int_to_str)] = Field(
        default=None,
        title="Text label layout",
        description="Label type of text classification: 0, the label is in a separate file with the suffix "
        "_result (abc.txt and abc_result.txt); 1 (default), labels and texts are in the same file, "
        "separated by separators.",
    )
    text_label_separator: str | None = Field(
        default=None,
        title="Label separator",
        description="Separator between labels. By default, the comma (,) is used. Only one character.",
    )
    text_sample_separator: str | None = Field(
        default=None,
        title="Text-label separator",
        description="Separator between the text and label. By default, the Tab key is used. Only one character.",
    )

    @field_validator("text_label_separator", "text_sample_separator")
    @classmethod
    def _separator(cls, value: str | None) -> str | None:
        if value is not None:
            _check(rules.separator_problem(value))
        return value

    @model_validator(mode="after")
    def _separators_differ(self) -> LabelFormat:
        label_separator = self.text_label_separator or DEFAULT_TEXT_LABEL_SEPARATOR
        sample_separator = self.text_sample_separator or DEFAULT_TEXT_SAMPLE_SEPARATOR
        if label_separator == sample_separator:
            field = "text_label_separator" if self.text_label_separator else "text_sample_separator"
            raise_rules(
                type(self),
                [
                    rule(
                        (field,),
                        "same_separators",
                        "is the same character as the other separator. The label separator and the "
                        "text-label separator must differ (defaults: comma and Tab).",
                        getattr(self, field),
                    )
                ],
            )
        return self


for _model in (ImportTaskRequest, DataSource, Label, LabelAttribute):
    _model.model_rebuild()
