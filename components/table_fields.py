"""Table datasets: the header row and which source column fills which dataset column."""

import math
from typing import Any

import streamlit as st

from models import ImportTaskRequest, Offer, SchemaColumn
from services import form_state

from . import state_widgets
from .problem_notes import ProblemIndex, show_field_problems

VERSION = "_schema_maps_version"


def _apply(editor_key: str) -> None:
    edits = st.session_state.get(editor_key) or {}
    rows: list[dict[str, Any]] = [dict(r) for r in st.session_state.get(form_state.SCHEMA_MAPS) or []]

    def update(row: dict[str, Any], changes: dict[str, Any]) -> None:
        for column, value in changes.items():
            if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "":
                row.pop(column, None)
            else:
                row[column] = str(value)

    for index, changes in (edits.get("edited_rows") or {}).items():
        update(rows[int(index)], changes)
    for changes in edits.get("added_rows") or []:
        row: dict[str, Any] = {}
        update(row, changes)
        rows.append(row)
    for index in sorted(edits.get("deleted_rows") or [], reverse=True):
        del rows[int(index)]
    st.session_state[form_state.SCHEMA_MAPS] = rows
    form_state.mark_present(st.session_state, "data_source.schema_maps")
    st.session_state[VERSION] = int(st.session_state.get(VERSION, 0)) + 1


def table_fields(offer: Offer | None, schema: list[SchemaColumn], problems: ProblemIndex) -> None:
    if offer is not None and not offer.allowed:
        st.caption(offer.reason)
        show_field_problems(problems, "data_source.schema_maps", "with_column_header", prefix=True)
        return
    title = str(ImportTaskRequest.model_fields["with_column_header"].title)
    state_widgets.toggle(title, "with_column_header", help="The first row of each CSV file names the columns.")
    show_field_problems(problems, "with_column_header", "data_source.with_column_header")
    st.markdown("**Column mapping** (source column → dataset column)")
    import pandas as pd  # here, not at the top: only an open "Table columns" section needs it, and it is heavy

    rows = st.session_state.get(form_state.SCHEMA_MAPS) or []
    frame = pd.DataFrame(
        [{"src_name": r.get("src_name"), "dest_name": r.get("dest_name")} for r in rows],
        columns=["src_name", "dest_name"],
    )
    destinations = [column.name for column in schema]
    editor_key = f"_schema_maps_editor_{st.session_state.get(VERSION, 0)}"
    st.data_editor(
        frame,
        key=editor_key,
        num_rows="dynamic",
        hide_index=True,
        on_change=_apply,
        args=(editor_key,),
        column_config={
            # Table 4 makes neither name mandatory: a half-filled row is sent, with a warning (schema_map_half).
            "src_name": st.column_config.TextColumn("Source column"),
            "dest_name": (
                st.column_config.SelectboxColumn("Dataset column", options=destinations)
                if destinations
                else st.column_config.TextColumn("Dataset column")
            ),
        },
    )
    if not destinations:
        st.caption("The dataset has no schema to offer; type the destination column names.")
    show_field_problems(problems, "data_source.schema_maps", prefix=True)
