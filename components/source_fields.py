"""Where the data is: the source picker and each source's own fields (reference §6)."""

import streamlit as st

from models import SANDBOX_UNREADABLE_SOURCES, SourceInfo
from services import form_state
from services.form_state import SOURCE_INFO, SOURCES

from . import state_widgets
from .problem_notes import ProblemIndex, show_field_problems

TABLE_SOURCES = ("dws", "dli", "rds", "mrs")
SOURCE_HINTS = {
    "obs": "Files in an OBS bucket: a folder of samples, or a manifest file.",
    "dws": "A table in a GaussDB(DWS) cluster, read through DLI.",
    "dli": "A table in DLI.",
    "rds": "A table in an RDS database (same connection fields as GaussDB(DWS)).",
    "mrs": "Files on the HDFS of an MRS analysis cluster.",
    "inference": "The output of an inference service, read from OBS.",
    "ai_gallery": "AI Gallery has no documented import fields; the service decides what it reads.",
}
FIELD_HELP = {
    "ip": "Private IP address of the GaussDB(DWS) cluster, e.g. 192.168.0.10.",
    "port": "Database port, 1-65535 (GaussDB(DWS) default 8000).",
    "database_name": "Name of the database that holds the table.",
    "table_name": "Name of the table to import.",
    "user_name": "Database user allowed to read the table.",
    "user_password": "That user's password. Kept in this browser session only, never saved or shown.",
    "queue_name": "DLI queue that runs the import.",
    "input": "HDFS path of the table's files, e.g. /user/hive/warehouse/sales/.",
    "cluster_id": "ID of the MRS cluster (or give its name).",
    "cluster_name": "Name of the MRS cluster (or give its ID).",
    "cluster_mode": "Normal cluster or security (Kerberos) cluster.",
    "vpc_id": "VPC the MRS cluster is in (optional).",
    "subnet_id": "Subnet of the MRS cluster (optional).",
}


def _title(name: str) -> str:
    return str(SourceInfo.model_fields[name].title)


def source_picker(table_dataset: bool | None, problems: ProblemIndex) -> str:
    """The source picker (key `import_origin`). Table sources are offered only for table datasets."""
    options = [s for s in SOURCES if table_dataset is not False or s not in TABLE_SOURCES]
    if form_state.source_of(st.session_state) not in options:
        options.append(form_state.source_of(st.session_state))
    source = st.selectbox(
        "Source",
        options,
        key=form_state.SOURCE_KEY,
        format_func=lambda s: SOURCES[s],
        on_change=form_state.choose_source,
        args=(st.session_state,),
        persist_state="session",
        help="Where the samples come from. Values typed for one source are kept if you switch and back.",
    )
    st.caption(SOURCE_HINTS[source])
    if table_dataset is False:
        st.caption("GaussDB(DWS), DLI, RDS and MRS import into table datasets only, so they are not offered.")
        if source in TABLE_SOURCES:
            st.warning(f"{SOURCES[source]} imports into table datasets only. Choose OBS, or a table dataset.")
    show_field_problems(problems, form_state.SOURCE_KEY, form_state.DATA_TYPE_KEY)
    return source


def sandbox_note(source: str, sandbox: bool) -> None:
    """Before anything is sent: the local sandbox accepts an import from this source, then fails it."""
    if sandbox and source in SANDBOX_UNREADABLE_SOURCES:
        st.info(
            f"The local sandbox cannot read {SOURCES[source]}: it reads only OBS paths (its local folder) and MRS "
            "HDFS paths. It accepts this import and then fails it; nothing in the form is wrong. To really import "
            "from it, choose Huawei Cloud ModelArts on the Connection page.",
            icon=":material/science:",
        )


def source_info_fields(source: str, problems: ProblemIndex) -> None:
    names = form_state.SOURCE_FIELDS.get(source, ())
    if not names or source in ("obs", "inference"):
        return
    columns = st.columns(2)
    for index, name in enumerate(names):
        key = SOURCE_INFO + name
        with columns[index % 2]:
            if name == "user_password":
                state_widgets.secret(_title(name), key, help=FIELD_HELP[name])
            elif name == "cluster_mode":
                state_widgets.choice(
                    _title(name),
                    key,
                    ["0", "1"],
                    {"0": "Normal cluster", "1": "Security cluster"},
                    help=FIELD_HELP[name],
                )
            else:
                state_widgets.text(_title(name), key, help=FIELD_HELP.get(name))
            show_field_problems(problems, key)
    show_field_problems(problems, "data_source.source_info")
