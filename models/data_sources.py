"""The one registry of import sources: OBS, GaussDB(DWS), DLI, RDS, MRS, inference service and AI Gallery.

For each source: its label, `data_type` (Table 3), `import_origin` (Table 2), its fields in form order (as
dotted wire paths), which of them are secrets, which the spec requires, what is merely advised, whether it is a
table source, and where Check source can read it. The models' rules, the form, the snippets, draft saving, the
store's redaction and the sandbox all read it; no other list of source fields or secret fields exists.

Evidence: create-import-task.rst Tables 2, 3 and 5; modelarts-api.md §1 and §6 (what is inferred says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import N_

SOURCE_INFO = "data_source.source_info."


@dataclass(frozen=True)
class SourceField:
    """One field a source's form offers, by its dotted wire path."""

    key: str
    help: str
    secret: bool = False
    env: str = ""  # for a secret: the environment variable the curl and Python snippets read it from
    choices: tuple[tuple[str, str], ...] = ()  # a field with options: (value, words); the first is the default

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def name(self) -> str:
        return self.key.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class DataSourceSpec:
    kind: str  # what the app calls the source: import_origin's value, or "ai_gallery"
    label: str
    data_type: int  # Table 3
    import_origin: str | None  # Table 2; AI Gallery has none (modelarts-api.md §1)
    fields: tuple[str, ...]  # the source's own fields, in form order
    more_fields: tuple[str, ...] = ()  # the rest of Table 5, offered too: the spec makes none of them mandatory
    required: tuple[str, ...] = ()  # fields the spec makes mandatory for this source: missing is an error
    # Advice, not the spec: each entry is a list of alternatives (each a tuple of fields, all to be given).
    advised: tuple[tuple[tuple[str, ...], ...], ...] = ()
    table_source: bool = False
    check_source: tuple[str, ...] = ()  # the targets on which Check source (and the sandbox) can read it
    hint: str = ""
    evidence: str = ""

    @property
    def form_fields(self) -> tuple[str, ...]:
        return (*self.fields, *self.more_fields)

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(key for key in self.form_fields if FIELDS[key].secret)


FIELDS: dict[str, SourceField] = {
    field.key: field
    for field in (
        SourceField("import_path", N_("OBS path as s3://bucket/…, obs://bucket/… or /bucket/…; for a manifest, the "
                    "manifest file itself.")),
        SourceField("import_type", N_("Import every file below a folder, or the samples a manifest lists.")),
        SourceField("import_folder", N_("Subfolder of the dataset's storage to import into.")),
        SourceField("annotation_format", N_("VOC or COCO (legacy, object detection only).")),
        SourceField("label_format", N_("How labels are written in text files (text datasets).")),
        SourceField(SOURCE_INFO + "cluster_id", N_("ID of the cluster (GaussDB(DWS) or MRS).")),
        SourceField(SOURCE_INFO + "cluster_name", N_("Name of the cluster (GaussDB(DWS) or MRS).")),
        SourceField(
            SOURCE_INFO + "cluster_mode",
            N_("Normal cluster or security (Kerberos) cluster."),
            choices=(("0", N_("Normal cluster")), ("1", N_("Security cluster"))),
        ),
        SourceField(SOURCE_INFO + "ip", N_("Private IP address of the cluster, e.g. 192.168.0.10.")),
        SourceField(SOURCE_INFO + "port", N_("Database port, 1-65535 (GaussDB(DWS) default 8000).")),
        SourceField(SOURCE_INFO + "database_name", N_("Name of the database that holds the table.")),
        SourceField(SOURCE_INFO + "table_name", N_("Name of the table to import.")),
        SourceField(SOURCE_INFO + "user_name", N_("Database user allowed to read the table.")),
        SourceField(
            SOURCE_INFO + "user_password",
            N_("That user's password. Kept in this browser session only, never saved or shown."),
            secret=True,
            env="DWS_PASSWORD",
        ),
        SourceField(SOURCE_INFO + "queue_name", N_("DLI queue that runs the import.")),
        SourceField(SOURCE_INFO + "input", N_("HDFS path of the table's files, e.g. /user/hive/warehouse/sales/.")),
        SourceField(SOURCE_INFO + "vpc_id", N_("VPC the cluster is in.")),
        SourceField(SOURCE_INFO + "subnet_id", N_("Subnet of the cluster.")),
    )
}  # fmt: skip
TABLE5 = tuple(key for key in FIELDS if key.startswith(SOURCE_INFO))
OBS_FIELDS = ("import_path", "import_type", "import_folder", "annotation_format", "label_format")


def _i(*names: str) -> tuple[str, ...]:
    return tuple(SOURCE_INFO + name for name in names)


def _rest(*own: str) -> tuple[str, ...]:
    return tuple(key for key in TABLE5 if key not in own)


_DWS = _i("cluster_id", "cluster_name", "ip", "port", "database_name", "table_name", "user_name", "user_password")
_RDS = _i("ip", "port", "database_name", "table_name", "user_name", "user_password")
_DLI = _i("queue_name", "database_name", "table_name")
_MRS = _i("input", "cluster_id", "cluster_name", "cluster_mode", "vpc_id", "subnet_id")

SOURCES: dict[str, DataSourceSpec] = {
    spec.kind: spec
    for spec in (
        DataSourceSpec(
            "obs", N_("OBS bucket"), 0, "obs", OBS_FIELDS,
            required=("import_path",),
            check_source=("sandbox", "modelarts"),
            hint=N_("Files in an OBS bucket: a folder of samples, or a manifest file."),
            evidence="Table 2 import_origin obs (default); import_path mandatory in the current API reference "
            "(modelarts-api.md §1)",
        ),
        DataSourceSpec(
            "dws", "GaussDB(DWS)", 1, "dws", _DWS, _rest(*_DWS),
            required=_i("user_name", "user_password"),
            advised=((_i("ip", "port"), _i("cluster_id"), _i("cluster_name")), (_i("database_name"),),
                     (_i("table_name"),)),
            table_source=True,
            hint=N_("A table in a GaussDB(DWS) cluster, named by IP address and port or by cluster ID or name."),
            evidence="Table 5: user_name and user_password are mandatory for GaussDB(DWS) data",
        ),
        DataSourceSpec(
            "dli", "DLI", 2, "dli", _DLI, _rest(*_DLI),
            advised=((_i("queue_name"),), (_i("database_name"),), (_i("table_name"),)),
            table_source=True,
            hint=N_("A table in DLI."),
            evidence="Table 5 queue_name: DLI queue name of a table dataset",
        ),
        DataSourceSpec(
            "rds", "RDS", 3, "rds", _RDS, _rest(*_RDS),
            advised=((_i("ip", "port"),), (_i("database_name"),), (_i("table_name"),), (_i("user_name"),),
                     (_i("user_password"),)),
            table_source=True,
            hint=N_("A table in an RDS database (the connection fields of GaussDB(DWS), inferred)."),
            evidence="Tables 2 and 3 name RDS; its fields are inferred as GaussDB(DWS)'s (modelarts-api.md §6)",
        ),
        DataSourceSpec(
            "mrs", "MRS", 4, "mrs", _MRS, _rest(*_MRS),
            advised=((_i("input"),), (_i("cluster_id"), _i("cluster_name"))),
            table_source=True,
            check_source=("sandbox",),
            hint=N_("Files on the HDFS of an MRS analysis cluster."),
            evidence="Table 5: input, cluster_id, cluster_name, cluster_mode, vpc_id, subnet_id of an MRS cluster",
        ),
        DataSourceSpec(
            "inference", N_("Inference service"), 6, "inference", ("import_path", "import_type", "import_folder",
                                                              "label_format"),
            advised=((("import_path",),),),
            hint=N_("The output of an inference service, read from OBS."),
            evidence="Tables 2 and 3 name it; its fields are inferred (modelarts-api.md §6)",
        ),
        DataSourceSpec(
            "ai_gallery", N_("AI Gallery"), 5, None, (),
            hint=N_("AI Gallery has no documented import fields; the service decides what it reads."),
            evidence="Table 3 data_type 5; no import_origin and no fields documented (modelarts-api.md §6)",
        ),
    )
}  # fmt: skip

ORIGIN_DATA_TYPE: dict[str, int] = {s.import_origin: s.data_type for s in SOURCES.values() if s.import_origin}
SOURCE_KIND_BY_DATA_TYPE: dict[int, str] = {s.data_type: s.kind for s in SOURCES.values()}
TABLE_SOURCES = frozenset(kind for kind, spec in SOURCES.items() if spec.table_source)
SECRET_FIELDS = tuple(key for key, spec in FIELDS.items() if spec.secret)
CHOICE_FIELDS = tuple(key for key, spec in FIELDS.items() if spec.choices)
SECRET_NAMES = frozenset(FIELDS[key].name for key in SECRET_FIELDS)  # wire names, for the store's redaction
SOURCE_SPECIFIC = tuple(dict.fromkeys(key for spec in SOURCES.values() for key in spec.form_fields))


def offers_field(kind: str, key: str) -> bool:
    """Whether the source's form has this field (a source-specific key the source does not have is not sent)."""
    if key not in SOURCE_SPECIFIC:
        return True
    return key in SOURCES[kind].form_fields


def _check() -> None:
    for key in SECRET_FIELDS:
        assert FIELDS[key].env, key
    for spec in SOURCES.values():
        for key in (*spec.form_fields, *spec.required, *(k for alt in spec.advised for one in alt for k in one)):
            assert key in FIELDS, (spec.kind, key)


_check()
__all__ = [
    "CHOICE_FIELDS",
    "FIELDS",
    "ORIGIN_DATA_TYPE",
    "SECRET_FIELDS",
    "SECRET_NAMES",
    "SOURCES",
    "SOURCE_INFO",
    "SOURCE_KIND_BY_DATA_TYPE",
    "TABLE5",
    "TABLE_SOURCES",
    "DataSourceSpec",
    "SourceField",
    "offers_field",
]
