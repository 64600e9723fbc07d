"""Table datasets: the header row and which source column fills which dataset column."""

import math
from typing import Any

import streamlit as st

from models import ImportTaskRequest, Offer, SchemaColumn
from services import form_state
from services.i18n import _, render
from services.session_state.table_fields import GRID

from . import grid_edits, state_widgets
from .problem_notes import ProblemIndex, show_field_problems


def _row_changes(row: dict[str, Any], changes: dict[str, Any]) -> None:
    for column, value in changes.items():
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "":
            row.pop(column, None)
        else:
            row[column] = str(value)


def _apply(editor_key: str) -> None:
    rows = grid_edits.edited(
        GRID, editor_key, lambda base, edits: grid_edits.apply_row_edits(base, edits, _row_changes)
    )
    form_state.FormState(st.session_state).schema_maps = rows
    form_state.mark_present(st.session_state, "data_source.schema_maps")


def table_fields(offer: Offer | None, schema: list[SchemaColumn], problems: ProblemIndex) -> None:
    if offer is not None and not offer.allowed:
        st.caption(render(offer.reason))
        show_field_problems(problems, "data_source.schema_maps", "with_column_header", prefix=True)
        return
    title = _(str(ImportTaskRequest.model_fields["with_column_header"].title))
    state_widgets.toggle(title, "with_column_header", help=_("The first row of each CSV file names the columns."))
    show_field_problems(problems, "with_column_header", "data_source.with_column_header")
    st.markdown(_("**Column mapping** (source column → dataset column)"))
    import pandas as pd  # here, not at the top: only an open "Table columns" section needs it, and it is heavy

    editor_key, rows = grid_edits.grid(GRID, [dict(r) for r in form_state.FormState(st.session_state).schema_maps])
    frame = pd.DataFrame(
        [{"src_name": r.get("src_name"), "dest_name": r.get("dest_name")} for r in rows],
        columns=["src_name", "dest_name"],
    )
    destinations = [column.name for column in schema]
    st.data_editor(
        frame,
        key=editor_key,
        num_rows="dynamic",
        hide_index=True,
        placeholder=_("None"),  # an empty cell, in the reader's language
        on_change=_apply,
        args=(editor_key,),
        column_config={
            # Table 4 makes neither name mandatory: a half-filled row is sent, with a warning (schema_map_half).
            "src_name": st.column_config.TextColumn(_("Source column")),
            "dest_name": (
                st.column_config.SelectboxColumn(_("Dataset column"), options=destinations)
                if destinations
                else st.column_config.TextColumn(_("Dataset column"))
            ),
        },
    )
    if not destinations:
        st.caption(_("The dataset has no schema to offer; type the destination column names."))
    show_field_problems(problems, "data_source.schema_maps", prefix=True)
