"""Create Import Task request body: Tables 2-10 of create-import-task.rst, in the spec's order and words.

Field `title`s are the human names used in messages and in the form (catalog message ids: shown translated);
`description`s are the spec's text.
Where the spec and the service disagree, reference §1 decides, and the decision is made here, once.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    SecretStr,
    SerializationInfo,
    StrictBool,
    field_serializer,
    field_validator,
    model_validator,
)

from . import data_sources, rules
from ._base import WireModel, broken, int_to_str, json_integer, raise_rules, refuse
from .enums import (
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
from .messages import N_, Message

MASK = "••••"
DEFAULT_TEXT_LABEL_SEPARATOR = ","
DEFAULT_TEXT_SAMPLE_SEPARATOR = "\t"
# What a required source field's message asks to enter ("Enter the user name."): its title, in lower case.
ENTER = {"user_name": N_("user name"), "user_password": N_("password")}
TRIPLET_ENDS = {"from_type": N_("head"), "to_type": N_("tail")}


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


def _given(value: Any) -> bool:
    """A value that says something: not absent, not empty text."""
    if value is None:
        return False
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return not (isinstance(value, str) and not value.strip())


Boolean = StrictBool  # a JSON Boolean: true or false, never "yes", "true" or 1
WireInt = Annotated[int, BeforeValidator(json_integer)]
NumericString = Annotated[str, BeforeValidator(int_to_str)]
Labels = Annotated[list["Label"], BeforeValidator(_labels_from_strings)]


class ImportTaskRequest(WireModel):
    """**Table 2** Request body parameters."""

    annotation_format: AnnotationFormat | None = Field(
        default=None,
        title=N_("Annotation format"),
        description="Format of the labeling information. Currently, only object detection is supported. "
        "(Legacy: removed from the 2024+ docs.)",
    )
    data_source: DataSource | None = Field(default=None, title=N_("Data source"), description="Data source.")
    difficult_only: Boolean | None = Field(
        default=None,
        title=N_("Hard examples only"),
        description="Whether to import only hard examples. false: all samples are imported (default).",
    )
    excluded_labels: Labels | None = Field(
        default=None,
        title=N_("Excluded labels"),
        description="Do not import samples containing the specified label.",
    )
    final_annotation: Boolean | None = Field(
        default=None,
        title=N_("Import to final state"),
        description="Whether to import data to the final state. true: default.",
    )
    import_annotations: Boolean | None = Field(
        default=None,
        title=N_("Import annotations"),
        description="Whether to import labels. true: default.",
    )
    import_folder: str | None = Field(
        default=None,
        title=N_("Import folder"),
        description="Name of the subdirectory in the dataset storage directory after import. You can specify "
        "the same subdirectory for multiple import tasks to avoid repeated import of the same samples. "
        "This field is invalid for table datasets.",
    )
    import_origin: ImportOrigin | None = Field(
        default=None, title=N_("Import origin"), description="Data source. obs: OBS bucket (default value)."
    )
    import_path: str | None = Field(
        default=None,
        title=N_("Import path"),
        description="OBS path or manifest path to be imported. When importing a manifest file, ensure that "
        "the path is accurate to the manifest file.",
    )
    import_samples: Boolean | None = Field(
        default=None, title=N_("Import samples"), description="Whether to import samples. true: default."
    )
    import_type: Annotated[ImportType | None, BeforeValidator(_import_type_from_legacy)] = Field(
        default=None,
        title=N_("Import type"),
        description="Import mode: dir (the spec's 0), import by directory; manifest (the spec's 1), "
        "import by manifest file.",
    )
    included_labels: Labels | None = Field(
        default=None,
        title=N_("Included labels"),
        description="Import samples containing the specified label.",
    )
    label_format: LabelFormat | None = Field(
        default=None,
        title=N_("Label format"),
        description="Label format. This parameter is used only for text datasets.",
    )
    with_column_header: Boolean | None = Field(
        default=None,
        title=N_("First row is a header"),
        description="Whether the first row in the file is a column name. Valid for the table dataset.",
    )

    included_tags: Labels | None = Field(
        default=None,
        exclude=True,
        title=N_("Included tags"),
        description="The old name of included_labels (the spec's examples). Given alone it is renamed; given "
        "beside included_labels it is left out of the body, with a warning.",
    )

    @model_validator(mode="before")
    @classmethod
    def _rename_included_tags(cls, data: Any) -> Any:
        """Older examples name `included_labels` `included_tags`."""
        if isinstance(data, dict) and "included_tags" in data and "included_labels" not in data:
            data = {("included_labels" if k == "included_tags" else k): v for k, v in data.items()}
        return data

    @field_validator("import_path")
    @classmethod
    def _obs_path(cls, value: str | None) -> str | None:
        if _given(value):
            refuse(rules.obs_path_problem(value or ""))
        return value

    @property
    def source_kind(self) -> str:
        """obs, dws, dli, rds, mrs, inference or ai_gallery; OBS when nothing says otherwise."""
        if self.import_origin is not None:
            return str(self.import_origin)
        if self.data_source is not None and self.data_source.data_type is not None:
            return data_sources.SOURCE_KIND_BY_DATA_TYPE[self.data_source.data_type]
        return "obs"

    def value_at(self, key: str) -> Any:
        """The value at a dotted wire path of the registry (import_path, data_source.source_info.ip), or None."""
        node: Any = self
        for part in key.split("."):
            node = getattr(node, part, None) if node is not None else None
        return node

    @model_validator(mode="after")
    def _required_by_source(self) -> ImportTaskRequest:
        """The fields the spec (or an official document) makes mandatory for the chosen source."""
        spec = data_sources.SOURCES[self.source_kind]
        missing = []
        for key in spec.required:
            if not _given(self.value_at(key)):
                if key == "import_path":
                    missing.append(broken("import_path_required", ("import_path",)))
                else:
                    name = key.rsplit(".", 1)[-1]
                    what = ENTER.get(name) or str(SourceInfo.model_fields[name].title).lower()
                    missing.append(
                        broken(
                            "source_field_required",
                            tuple(key.split(".")),
                            source=Message(spec.label),
                            what=Message(what),
                        )
                    )
        raise_rules(type(self), missing)
        return self

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

    data_path: str | None = Field(default=None, title=N_("Data path"), description="Data source path.")
    data_type: Annotated[DataType | None, BeforeValidator(json_integer)] = Field(
        default=None,
        title=N_("Data type"),
        description="Data type: 0 OBS bucket (default value), 1 GaussDB(DWS), 2 DLI, 3 RDS, 4 MRS, "
        "5 AI Gallery, 6 Inference service.",
    )
    schema_maps: list[SchemaMap] | None = Field(
        default=None,
        title=N_("Column mapping"),
        description="Schema mapping information corresponding to the table data.",
    )
    source_info: SourceInfo | None = Field(
        default=None,
        title=N_("Source information"),
        description="Information required for importing a table data source.",
    )
    with_column_header: Boolean | None = Field(
        default=None,
        title=N_("First row is a header"),
        description="Whether the first row in the file is a column name. Valid for the table dataset.",
    )


class SchemaMap(WireModel):
    """**Table 4** SchemaMap."""

    dest_name: str | None = Field(
        default=None, title=N_("Destination column"), description="Name of the destination column."
    )
    src_name: str | None = Field(default=None, title=N_("Source column"), description="Name of the source column.")


class SourceInfo(WireModel):
    """**Table 5** SourceInfo."""

    cluster_id: str | None = Field(default=None, title=N_("Cluster ID"), description="ID of an MRS cluster.")
    cluster_mode: Annotated[ClusterMode | None, BeforeValidator(int_to_str)] = Field(
        default=None,
        title=N_("Cluster mode"),
        description="Running mode of an MRS cluster: 0 normal cluster, 1 security cluster.",
    )
    cluster_name: str | None = Field(default=None, title=N_("Cluster name"), description="Name of an MRS cluster.")
    database_name: str | None = Field(
        default=None,
        title=N_("Database name"),
        description="Name of the database to which the table dataset is imported.",
    )
    input: str | None = Field(default=None, title=N_("HDFS path"), description="HDFS path of a table dataset.")
    ip: str | None = Field(default=None, title=N_("IP address"), description="IP address of your GaussDB(DWS) cluster.")
    port: NumericString | None = Field(
        default=None, title=N_("Port"), description="Port number of your GaussDB(DWS) cluster."
    )
    queue_name: str | None = Field(
        default=None, title=N_("Queue name"), description="DLI queue name of a table dataset."
    )
    subnet_id: str | None = Field(default=None, title=N_("Subnet ID"), description="Subnet ID of an MRS cluster.")
    table_name: str | None = Field(
        default=None,
        title=N_("Table name"),
        description="Name of the table to which a table dataset is imported.",
    )
    user_name: str | None = Field(
        default=None,
        title=N_("User name"),
        description="Username, which is mandatory for GaussDB(DWS) data.",
    )
    user_password: SecretStr | None = Field(
        default=None,
        title=N_("Password"),
        description="User password, which is mandatory for GaussDB(DWS) data.",
    )
    vpc_id: str | None = Field(
        default=None, title=N_("VPC ID"), description="ID of the VPC where an MRS cluster resides."
    )

    @field_validator("port")
    @classmethod
    def _port(cls, value: str | None) -> str | None:
        if _given(value):
            refuse(rules.port_problem(value or ""))
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
        title=N_("Attributes"),
        description="Multi-dimensional attribute of a label. For example, if the label is music, attributes "
        "such as style and artist may be included.",
    )
    name: str | None = Field(default=None, title=N_("Label name"), description="Label name.")
    property: LabelProperty | None = Field(
        default=None,
        title=N_("Properties"),
        description="Basic attribute key-value pair of a label, such as color and shortcut keys.",
    )
    type: Annotated[LabelType | None, BeforeValidator(json_integer)] = Field(
        default=None,
        title=N_("Label type"),
        description="Label type: 0 image classification, 1 object detection, (3 image segmentation), "
        "100 text classification, 101 named entity recognition, 102 text triplet relationship, "
        "103 text triplet entity, 200 speech classification, 201 speech content, "
        "202 speech paragraph labeling, 600 video classification.",
    )

    @model_validator(mode="after")
    def _triplet_types(self) -> Label:
        missing = []
        if self.type == LabelType.TEXT_TRIPLET_RELATIONSHIP:
            for key, end in TRIPLET_ENDS.items():
                if self.property is None or not _given(getattr(self.property, key)):
                    alias = str(LabelProperty.model_fields[key].alias)
                    missing.append(broken("triplet_types_required", ("property", alias), end=Message(end)))
        raise_rules(type(self), missing)
        return self


class LabelAttribute(WireModel):
    """**Table 7** LabelAttribute."""

    default_value: str | None = Field(
        default=None, title=N_("Default value"), description="Default value of a label attribute."
    )
    id: str | None = Field(default=None, title=N_("Attribute ID"), description="Label attribute ID.")
    name: str | None = Field(default=None, title=N_("Attribute name"), description="Label attribute name.")
    type: AttributeType | None = Field(
        default=None,
        title=N_("Attribute type"),
        description="Label attribute type: text, or select (single-choice drop-down list).",
    )
    values: list[LabelAttributeValue] | None = Field(
        default=None, title=N_("Values"), description="List of label attribute values."
    )


class LabelAttributeValue(WireModel):
    """**Table 8** LabelAttributeValue."""

    id: str | None = Field(default=None, title=N_("Value ID"), description="Label attribute value ID.")
    value: str | None = Field(default=None, title=N_("Value"), description="Label attribute value.")


class LabelProperty(WireModel):
    """**Table 9** LabelProperty: Python names for the `@modelarts:*` wire keys."""

    color: str | None = Field(
        default=None,
        alias="@modelarts:color",
        title=N_("Colour"),
        description="Label color, which is a hexadecimal code of the color. Example: #FFFFF0.",
    )
    default_shape: DefaultShape | None = Field(
        default=None,
        alias="@modelarts:default_shape",
        title=N_("Default shape"),
        description="Default shape of an object detection label: bndbox rectangle, polygon, circle, "
        "line straight line, dashed dotted line, point, polyline.",
    )
    from_type: str | None = Field(
        default=None,
        alias="@modelarts:from_type",
        title=N_("From type"),
        description="Type of the head entity in the triplet relationship label. Used only for the text "
        "triplet dataset.",
    )
    rename_to: str | None = Field(
        default=None,
        alias="@modelarts:rename_to",
        title=N_("Rename to"),
        description="The new name of the label.",
    )
    shortcut: str | None = Field(
        default=None,
        alias="@modelarts:shortcut",
        title=N_("Shortcut"),
        description="Label shortcut key. For example: D.",
    )
    to_type: str | None = Field(
        default=None,
        alias="@modelarts:to_type",
        title=N_("To type"),
        description="Type of the tail entity in the triplet relationship label. Used only for the text "
        "triplet dataset.",
    )

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if _given(value):
            refuse(rules.color_problem(value or ""))
        return value


class LabelFormat(WireModel):
    """**Table 10** LabelFormat."""

    label_type: Annotated[TextLabelType | None, BeforeValidator(int_to_str)] = Field(
        default=None,
        title=N_("Text label layout"),
        description="Label type of text classification: 0, the label is in a separate file with the suffix "
        "_result (abc.txt and abc_result.txt); 1 (default), labels and texts are in the same file, "
        "separated by separators.",
    )
    text_label_separator: str | None = Field(
        default=None,
        title=N_("Label separator"),
        description="Separator between labels. By default, the comma (,) is used. Only one character.",
    )
    text_sample_separator: str | None = Field(
        default=None,
        title=N_("Text-label separator"),
        description="Separator between the text and label. By default, the Tab key is used. Only one character.",
    )

    @field_validator("text_label_separator", "text_sample_separator")
    @classmethod
    def _separator(cls, value: str | None) -> str | None:
        if value is not None:
            refuse(rules.separator_problem(value))
        return value


for _model in (ImportTaskRequest, DataSource, Label):
    _model.model_rebuild()
