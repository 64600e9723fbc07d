"""Table sources picked, not typed: the user's DWS and MRS clusters, DLI queues, databases and tables, and RDS
instances, listed through the target; picking one fills the fields below, which can still be typed. A list
that cannot be read says why and leaves the fields to type."""

from __future__ import annotations

import streamlit as st

from models.messages import N_
from services import form_state
from services.form_state import SOURCE_INFO
from services.i18n import _
from services.session_state.table_source_pickers import TableSourcePickersState, picker, refresh_button
from services.table_sources import Choice, forget, listed
from services.target import current_client

from .text import md_escape

# Every piece of this component's text, in one place (the catalog's message ids; shown through `_`).
TEXT = {
    "dws": N_("Your GaussDB(DWS) cluster"),
    "dws_help": N_("GaussDB(DWS) is Huawei Cloud's data warehouse. Picking a cluster fills its address, port and "
                    "administrator below; then name the database and table."),
    "rds": N_("Your RDS instance"),
    "rds_help": N_("RDS is Huawei Cloud's managed database (MySQL, PostgreSQL, …). Picking one fills its address, "
                    "port and user below; then name the database and table."),
    "mrs": N_("Your MRS cluster"),
    "mrs_help": N_("MRS is Huawei Cloud's Hadoop service; the table's files are on its HDFS. Streaming clusters hold "
                    "no tables and are not offered."),
    "dli_queues": N_("DLI queue"),
    "dli_queues_help": N_("DLI (Data Lake Insight) runs the query that reads the table; a queue is its computing "
                           "power."),
    "dli_databases": N_("DLI database"),
    "dli_databases_help": N_("The DLI database that holds the table."),
    "dli_tables": N_("DLI table"),
    "dli_tables_help": N_("The table to import."),
    "placeholder": N_("Pick from your account, or type below"),
    "none": N_("None found in this account. Type the fields below."),
    "failed": N_("{why} Type the fields below instead."),
    "refresh": N_("List again"),
}


def table_source_picker(source: str) -> None:
    """The pickers of `source` ("dws", "rds", "mrs" or "dli"), above its fields."""
    if source == "dli":
        _picker("dli_queues")
        _picker("dli_databases")
        database = TableSourcePickersState(st.session_state).dli_database  # the database picked above: its tables
        if database:
            _picker("dli_tables", database)
    elif source in ("dws", "rds", "mrs"):
        _picker(source)


def _picker(kind: str, arg: str = "") -> None:
    choices, why = listed(st.session_state, current_client(), kind, arg)
    if why is not None:
        st.warning(_(TEXT["failed"]).format(why=md_escape(why)), icon=":material/error:")
        st.button(_(TEXT["refresh"]), key=refresh_button(kind), type="tertiary", icon=":material/refresh:",
                  on_click=forget, args=(st.session_state,))
        return
    if not choices:
        st.caption(_(TEXT["none"]))
        return
    by_label = {choice.label: choice for choice in choices}
    st.selectbox(
        _(TEXT[kind]),
        list(by_label),
        index=None,
        key=picker(kind, arg),
        placeholder=_(TEXT["placeholder"]),
        help=_(TEXT[f"{kind}_help"]),
        on_change=_fill,
        args=(kind, arg, by_label),
    )


def _fill(kind: str, arg: str, by_label: dict[str, Choice]) -> None:
    choice = by_label.get(TableSourcePickersState(st.session_state).chosen(kind, arg) or "")
    if choice is None:
        return
    if kind == "dli_databases":
        TableSourcePickersState(st.session_state).dli_database = choice.label
    for name, value in choice.fields.items():
        if value:
            st.session_state[SOURCE_INFO + name] = value
            form_state.mark_present(st.session_state, SOURCE_INFO + name)
