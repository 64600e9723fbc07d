"""A grid (st.data_editor) editing rows that live elsewhere in the session, without losing what is being typed.

While the user edits a grid, its identity must not change: a new key (or, for a grid that adds rows, new input
data) makes the browser draw a new grid, which drops the row being added and the cell being typed. So a grid
starts from one snapshot of its rows (its base), the editor's state holds every edit made since, and each
change computes the rows again as base + edits. A new snapshot, under a new key, is taken only when the rows
changed some other way (a loaded body, the colour picker, another label chosen) or the editor's state is gone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import streamlit as st

from services.session_state.grid_edits import GridEditsState

Rows = list[dict[str, Any]]


def grid(prefix: str, rows: Rows) -> tuple[str, Rows]:
    """(the editor's key, its base rows) for a grid that shows `rows` now."""
    grids = GridEditsState(st.session_state).grids
    entry = grids.get(prefix)
    if entry is not None:
        key = f"{prefix}_{entry['generation']}"
        # The editor's state vanishes when the grid was not drawn in a run: its edits are then only in `rows`.
        edits_lost = entry["written"] != entry["base"] and not GridEditsState(st.session_state).editor_drawn(key)
        if rows == entry["written"] and not edits_lost:
            return key, entry["base"]
    generation = entry["generation"] + 1 if entry is not None else 0
    grids[prefix] = {"generation": generation, "base": copy.deepcopy(rows), "written": copy.deepcopy(rows)}
    return f"{prefix}_{generation}", grids[prefix]["base"]


def edited(prefix: str, key: str, apply: Callable[[Rows, dict[str, Any]], Rows]) -> Rows:
    """In the editor's on_change: its base with every edit since (`apply(copy of base, editor state)`)."""
    entry = GridEditsState(st.session_state).grids[prefix]
    rows = apply(copy.deepcopy(entry["base"]), GridEditsState(st.session_state).editor_edits(key))
    entry["written"] = copy.deepcopy(rows)
    return rows


def apply_row_edits(
    rows: Rows, edits: dict[str, Any], update: Callable[[dict[str, Any], dict[str, Any]], None]
) -> Rows:
    """The editor's edited, added and deleted rows applied to `rows` (its base), `update(row, changes)` per row."""
    for index, changes in (edits.get("edited_rows") or {}).items():
        if int(index) < len(rows):
            update(rows[int(index)], changes)
    deleted = {int(index) for index in edits.get("deleted_rows") or []}
    kept = [row for index, row in enumerate(rows) if index not in deleted]
    for changes in edits.get("added_rows") or []:
        row: dict[str, Any] = {}
        update(row, changes)
        if row:  # a row just added and still empty is no row yet: nothing about it to send, show or check
            kept.append(row)
    return kept
