"""Labels: which to include or exclude, and the definitions sent with them.

However many labels there are, this draws the same few widgets: two pickers, one grid of all included
labels, and a detail panel (colour, attributes) for the one label selected.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import streamlit as st

from models import DefaultShape, LabelType
from models.rules import HEX_COLOR_PATTERN
from services import form_state

from .problem_notes import ProblemIndex, show_field_problems

if TYPE_CHECKING:
    import pandas as pd

EDITOR_VERSION = "_label_editor_version"
SELECTED = "_selected_label"
COLOR = "_label_color"
COLOR_FOR = "_label_color_for"
TYPE_CHOICES = {f"{t.value} · {t.label}": t.value for t in LabelType}
SHAPES = [shape.value for shape in DefaultShape]
PROPERTY_COLUMNS = {
    "colour": "@modelarts:color",
    "shortcut": "@modelarts:shortcut",
    "default shape": "@modelarts:default_shape",
    "rename to": "@modelarts:rename_to",
    "from type": "@modelarts:from_type",
    "to type": "@modelarts:to_type",
}


def _mark(key: str) -> None:
    form_state.mark_present(st.session_state, key)


def _version(name: str) -> int:
    return int(st.session_state.get(f"{EDITOR_VERSION}_{name}", 0))


def _bump(name: str) -> None:
    st.session_state[f"{EDITOR_VERSION}_{name}"] = _version(name) + 1


OPEN = "_labels_open"


def labels_section(dataset_labels: list[str], problems: ProblemIndex) -> None:
    """Collapsed by default, and then not drawn at all: hundreds of labels cost nothing until opened."""
    included = len(st.session_state.get("included_labels") or [])
    excluded = len(st.session_state.get("excluded_labels") or [])
    issues = sum(
        len(found) for key, found in problems.items() if key.startswith(("included_labels", "excluded_labels"))
    )
    summary = f"{included} included, {excluded} excluded" if included or excluded else "all labels are imported"
    title = f"3 · Labels · {summary}" + (f" · {issues} to look at" if issues else "")
    section = st.expander(title, key=OPEN, on_change="rerun", icon=":material/label:")
    if not section.open:
        return
    with section:
        label_pickers(dataset_labels, problems)
        label_editor(problems)


def label_pickers(dataset_labels: list[str], problems: ProblemIndex) -> None:
    for key, title, help_text in (
        ("included_labels", "Included labels", "Import only samples that carry at least one of these labels."),
        ("excluded_labels", "Excluded labels", "Skip samples that carry any of these labels."),
    ):
        current = list(st.session_state.get(key) or [])
        options = list(dict.fromkeys([*dataset_labels, *current]))
        st.multiselect(
            title,
            options,
            key=key,
            accept_new_options=True,
            help=help_text + " Pick the dataset's labels or type a new name.",
            placeholder="All labels" if key == "included_labels" else "None",
            on_change=_mark,
            args=(key,),
            persist_state="session",
        )
        unnamed = (st.session_state.get(form_state.UNNAMED) or {}).get(key) or []
        if unnamed:  # Table 6: a label may be given by type only; the form keeps such labels as they were loaded
            types = ", ".join(str(label.get("type", "none")) for label in unnamed)
            st.caption(f"Also {len(unnamed)} label(s) without a name, by type ({types}): kept as loaded and sent.")
        show_field_problems(problems, key)
        show_field_problems(problems, key, prefix=True) if key == "excluded_labels" else None


def _type_text(value: Any) -> str | None:
    for text, number in TYPE_CHOICES.items():
        if number == value:
            return text
    return None


def _rows(names: list[str], defs: dict[str, dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: only an open labels section needs it, and it is heavy

    rows = []
    for name in names:
        definition = defs.get(name, {})
        prop = definition.get("property") or {}
        row: dict[str, Any] = {"name": name, "type": _type_text(definition.get("type"))}
        row.update({column: prop.get(key) for column, key in PROPERTY_COLUMNS.items()})
        row["attributes"] = len(definition.get("attributes") or [])
        rows.append(row)
    columns = ["name", "type", *PROPERTY_COLUMNS, "attributes"]
    return pd.DataFrame(rows, columns=columns)


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _apply_label_edits(editor_key: str, names: list[str]) -> None:
    edits = st.session_state.get(editor_key) or {}
    defs: dict[str, dict[str, Any]] = st.session_state.setdefault(form_state.LABEL_DEFS, {})
    for row, changes in (edits.get("edited_rows") or {}).items():
        name = names[int(row)]
        definition = defs.setdefault(name, {})
        for column, raw in changes.items():
            value = _clean(raw)
            if column == "type":
                if value is None:
                    definition.pop("type", None)
                else:
                    definition["type"] = TYPE_CHOICES[value]
            elif column in PROPERTY_COLUMNS:
                prop = dict(definition.get("property") or {})
                if value is None:
                    prop.pop(PROPERTY_COLUMNS[column], None)
                else:
                    prop[PROPERTY_COLUMNS[column]] = str(value)
                if prop or "property" in definition:
                    definition["property"] = prop
    _mark("included_labels")
    _bump("labels")


def label_editor(problems: ProblemIndex) -> None:
    names = list(st.session_state.get("included_labels") or [])
    defs: dict[str, dict[str, Any]] = st.session_state.setdefault(form_state.LABEL_DEFS, {})
    if not names:
        st.caption("Include labels above to define their type, colour, shortcut and attributes.")
        return
    editor_key = f"_label_editor_{_version('labels')}"
    st.data_editor(
        _rows(names, defs),
        key=editor_key,
        hide_index=True,
        num_rows="fixed",
        disabled=["name", "attributes"],
        on_change=_apply_label_edits,
        args=(editor_key, names),
        column_config={
            "name": st.column_config.TextColumn("Label"),
            "type": st.column_config.SelectboxColumn("Type", options=list(TYPE_CHOICES)),
            # The grid refuses only what the service would (models/rule_table.py); the rest is a warning below.
            "colour": st.column_config.TextColumn(
                "Colour", validate=f"^{HEX_COLOR_PATTERN}$", help="A hexadecimal colour: #RRGGBB or #RGB"
            ),
            "shortcut": st.column_config.TextColumn("Shortcut", help="A key: a letter, a digit or F1-F12"),
            "default shape": st.column_config.SelectboxColumn("Default shape", options=SHAPES),
            "rename to": st.column_config.TextColumn("Rename to"),
            "from type": st.column_config.TextColumn("From type", help="Triplet relationship labels (102)"),
            "to type": st.column_config.TextColumn("To type", help="Triplet relationship labels (102)"),
            "attributes": st.column_config.NumberColumn("Attributes", help="Edit below, for the selected label"),
        },
    )
    show_field_problems(problems, "included_labels", prefix=True)
    _label_detail(names, defs)


def _label_detail(names: list[str], defs: dict[str, dict[str, Any]]) -> None:
    if st.session_state.get(SELECTED) not in names:
        st.session_state[SELECTED] = names[0]
    selected = st.selectbox("Selected label", names, key=SELECTED, help="Its colour and attributes, below.")
    definition = defs.setdefault(selected, {})
    colour = (definition.get("property") or {}).get("@modelarts:color")
    if st.session_state.get(COLOR_FOR) != (selected, colour):
        st.session_state[COLOR] = colour if isinstance(colour, str) and len(colour) == 7 else "#000000"
        st.session_state[COLOR_FOR] = (selected, colour)
    left, right = st.columns([1, 4])
    with left:
        st.color_picker("Colour", key=COLOR, on_change=_set_colour, args=(selected,))
    with right:
        _attribute_editor(selected, definition)


def _set_colour(name: str) -> None:
    defs = st.session_state.setdefault(form_state.LABEL_DEFS, {})
    definition = defs.setdefault(name, {})
    prop = dict(definition.get("property") or {})
    prop["@modelarts:color"] = str(st.session_state[COLOR]).upper()
    definition["property"] = prop
    _mark("included_labels")
    _bump("labels")


def _attribute_rows(attributes: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "name": attribute.get("name"),
            "type": attribute.get("type"),
            "values": ", ".join(str(v.get("value", "")) for v in attribute.get("values") or []),
            "default": attribute.get("default_value"),
        }
        for attribute in attributes
    ]
    return pd.DataFrame(rows, columns=["name", "type", "values", "default"])


def _attribute_editor(name: str, definition: dict[str, Any]) -> None:
    attributes = list(definition.get("attributes") or [])
    editor_key = f"_attribute_editor_{name}_{_version('attributes')}"
    st.data_editor(
        _attribute_rows(attributes),
        key=editor_key,
        hide_index=True,
        num_rows="dynamic",
        on_change=_apply_attribute_edits,
        args=(editor_key, name),
        column_config={
            "name": st.column_config.TextColumn("Attribute"),
            "type": st.column_config.SelectboxColumn("Kind", options=["text", "select"]),
            "values": st.column_config.TextColumn("Choices", help="For select: the choices, separated by commas"),
            "default": st.column_config.TextColumn("Default"),
        },
    )


def _values(text: Any, previous: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    text = _clean(text)
    if text is None:
        return None
    by_value = {v.get("value"): v for v in previous}
    return [dict(by_value.get(part.strip(), {"value": part.strip()})) for part in str(text).split(",") if part.strip()]


def _apply_attribute_edits(editor_key: str, name: str) -> None:
    edits = st.session_state.get(editor_key) or {}
    defs = st.session_state.setdefault(form_state.LABEL_DEFS, {})
    definition = defs.setdefault(name, {})
    attributes = [dict(a) for a in definition.get("attributes") or []]
    fields = {"name": "name", "type": "type", "default": "default_value"}

    def update(attribute: dict[str, Any], changes: dict[str, Any]) -> None:
        for column, raw in changes.items():
            if column == "values":
                values = _values(raw, attribute.get("values") or [])
                if values is None:
                    attribute.pop("values", None)
                else:
                    attribute["values"] = values
            elif column in fields:
                value = _clean(raw)
                if value is None:
                    attribute.pop(fields[column], None)
                else:
                    attribute[fields[column]] = str(value)

    for row, changes in (edits.get("edited_rows") or {}).items():
        update(attributes[int(row)], changes)
    for changes in edits.get("added_rows") or []:
        attribute: dict[str, Any] = {}
        update(attribute, changes)
        attributes.append(attribute)
    for row in sorted(edits.get("deleted_rows") or [], reverse=True):
        del attributes[int(row)]
    if attributes or "attributes" in definition:
        definition["attributes"] = attributes
    _mark("included_labels")
    _bump("attributes")
