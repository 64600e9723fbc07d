"""Labels: which to include or exclude, and the definitions sent with them.

However many labels there are, this draws the same few widgets: two pickers, one grid of the included
labels (a page of them, with a search box, beyond PAGE_SIZE), and a detail panel (colour, attributes) for the
one label selected.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import streamlit as st

from models import DefaultShape, LabelType
from services import form_state
from services.form_state import FormState
from services.i18n import _, number
from services.session_state.label_fields import (
    ADD_PICK,
    ATTRIBUTE_GRID,
    COLOR,
    FIND,
    LABEL_GRID,
    NEW_ATTRIBUTE,
    NEW_NAME,
    PAGE,
    SECTION,
    SELECTED,
    LabelFieldsState,
)

from . import grid_edits
from .problem_notes import ProblemIndex, show_field_problems
from .text import md_escape

if TYPE_CHECKING:
    import pandas as pd

SHAPES = [shape.value for shape in DefaultShape]
PROPERTY_COLUMNS = {
    "colour": "@modelarts:color",
    "shortcut": "@modelarts:shortcut",
    "default shape": "@modelarts:default_shape",
    "rename to": "@modelarts:rename_to",
    "from type": "@modelarts:from_type",
    "to type": "@modelarts:to_type",
}


def _state() -> LabelFieldsState:
    return LabelFieldsState(st.session_state)


def _mark(key: str) -> None:
    form_state.mark_present(st.session_state, key)


def type_choices() -> dict[str, int]:
    """The label types as the grid offers them ("1 · object detection"), in the reader's language."""
    return {f"{t.value} · {_(t.label)}": t.value for t in LabelType}


def _type_value(text: str) -> int | None:
    """A type chosen in the grid: its number leads the text, whichever language the grid was drawn in."""
    number = text.split(" · ", 1)[0].strip()
    return int(number) if number.lstrip("-").isdigit() else type_choices().get(text)


PAGE_SIZE = 100  # labels in the grid at once
INCLUDED = "included"  # the grid's column that takes a label out


def _keep_open() -> None:
    _state().open = bool(_state().section_open)


def labels_section(dataset_labels: list[str], problems: ProblemIndex) -> None:
    """Collapsed by default, and then not drawn at all: hundreds of labels cost nothing until opened.

    The title counts the labels, and an expander's identity includes its title (and its `expanded`), so each
    change of the labels makes it a new expander: it is told to be open as the user left it (OPEN)."""
    included = len(st.session_state.get("included_labels") or [])
    excluded = len(st.session_state.get("excluded_labels") or [])
    issues = sum(
        len(found) for key, found in problems.items() if key.startswith(("included_labels", "excluded_labels"))
    )
    summary = (
        _("{included} included, {excluded} excluded").format(included=included, excluded=excluded)
        if included or excluded
        else _("all labels are imported")
    )
    if issues:
        title = _("3 · Labels · {summary} · {issues} to look at").format(summary=summary, issues=issues)
    else:
        title = _("3 · Labels · {summary}").format(summary=summary)
    section = st.expander(
        title, expanded=bool(_state().open), key=SECTION, on_change=_keep_open, icon=":material/label:"
    )
    if not section.open:
        return
    with section:
        label_pickers(dataset_labels, problems)
        label_editor(problems)


def label_pickers(dataset_labels: list[str], problems: ProblemIndex) -> None:
    for key, title, help_text, add_label in (
        (
            "included_labels",
            _("Included labels"),
            _(
                "Import only samples that carry at least one of these labels. Pick the dataset's labels or type a "
                "new name."
            ),
            _("Add to included labels by name"),
        ),
        (
            "excluded_labels",
            _("Excluded labels"),
            _("Skip samples that carry any of these labels. Pick the dataset's labels or type a new name."),
            _("Add to excluded labels by name"),
        ),
    ):
        # The chosen names are left out of the options (the picker shows them as chosen either way, and it
        # hides chosen options from its list): Streamlit finds each chosen name by a search through the
        # options, on every run, which with thousands of labels chosen among as many options took longer
        # than the rest of the page.
        chosen = st.session_state.get(key) or []
        chosen_set = set(chosen)
        options = [name for name in dict.fromkeys(dataset_labels) if name not in chosen_set]
        if key == "included_labels" and len(chosen) > PAGE_SIZE:
            _adding_picker(key, title, options, len(chosen))
        else:
            st.multiselect(
                title,
                options,
                key=key,
                accept_new_options=True,
                help=help_text,
                placeholder=_("All labels") if key == "included_labels" else _("None"),
                on_change=_mark,
                args=(key,),
                persist_state="session",
            )
        # The picker matches what is typed regardless of case, and Enter takes the first match: typing "Dog"
        # beside an existing "dog" picks "dog". This box adds exactly what is typed.
        st.text_input(
            add_label,
            key=NEW_NAME + key,
            placeholder=_("Type a label name exactly, then Enter (e.g. Dog beside dog)"),
            on_change=_add_typed,
            args=(key,),
            label_visibility="collapsed",
        )
        unnamed = FormState(st.session_state).unnamed.get(key) or []
        if unnamed:  # Table 6: a label may be given by type only; the form keeps such labels as they were loaded
            types = ", ".join(str(label.get("type", "none")) for label in unnamed)
            st.caption(
                _("Also {count} label(s) without a name, by type ({types}): kept as loaded and sent.").format(
                    count=len(unnamed), types=types
                )
            )
        show_field_problems(problems, key)
        show_field_problems(problems, key, prefix=True) if key == "excluded_labels" else None


def _adding_picker(key: str, title: str, options: list[str], count: int) -> None:
    """Beyond a page of included labels, a picker that only adds: the chosen names are listed by the grid
    below (found, paged, and taken out with its Included column), not as thousands of chips, which the
    browser lays out again after every change and Streamlit compares on every run."""
    st.multiselect(
        _("{title}: {count}, listed in the grid below").format(title=title, count=number(count)),
        options,
        key=ADD_PICK + key,
        accept_new_options=True,
        help=_("Pick the dataset's labels or type a new name to include more. Take a label out in the grid."),
        placeholder=_("Add labels"),
        on_change=_add_picked,
        args=(key,),
    )


def _add_picked(key: str) -> None:
    picked = _state().take_picked(key)
    names = list(st.session_state.get(key) or [])
    known = set(names)
    added = [name for name in picked if name not in known]
    if added:
        st.session_state[key] = [*names, *added]
        _mark(key)


def _add_typed(key: str) -> None:
    name = _state().typed_name(key)
    names = list(st.session_state.get(key) or [])
    if name and name not in names:
        st.session_state[key] = [*names, name]
        _mark(key)
    _state().clear_typed_name(key)


def _rows(label_rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: only an open labels section needs it, and it is heavy

    type_texts = {type_number: text for text, type_number in type_choices().items()}
    rows = []
    for definition in label_rows:
        prop = definition.get("property") or {}
        row: dict[str, Any] = {"name": definition["name"], "type": type_texts.get(definition.get("type"))}
        row.update({column: prop.get(key) for column, key in PROPERTY_COLUMNS.items()})
        row["attributes"] = len(definition.get("attributes") or [])
        row[INCLUDED] = True
        rows.append(row)
    columns = ["name", "type", *PROPERTY_COLUMNS, "attributes", INCLUDED]
    return pd.DataFrame(rows, columns=columns)


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _label_changes(definition: dict[str, Any], changes: dict[str, Any]) -> None:
    for column, raw in changes.items():
        value = _clean(raw)
        if column == INCLUDED:
            if value is False:
                definition[INCLUDED] = False
            else:
                definition.pop(INCLUDED, None)
        elif column == "type":
            number = None if value is None else _type_value(str(value))
            if number is None:
                definition.pop("type", None)
            else:
                definition["type"] = number
        elif column in PROPERTY_COLUMNS:
            prop = dict(definition.get("property") or {})
            if value is None:
                prop.pop(PROPERTY_COLUMNS[column], None)
            else:
                prop[PROPERTY_COLUMNS[column]] = str(value)
            if prop or "property" in definition:
                definition["property"] = prop


def _apply_label_edits(editor_key: str) -> None:
    rows = grid_edits.edited(
        LABEL_GRID, editor_key, lambda base, edits: grid_edits.apply_row_edits(base, edits, _label_changes)
    )
    defs = FormState(st.session_state).label_defs
    taken_out = set()
    for row in rows:
        if row.get(INCLUDED) is False:
            taken_out.add(row["name"])
        defs[row["name"]] = {k: v for k, v in row.items() if k not in ("name", INCLUDED)}
    if taken_out:  # their definitions stay: included again, a label has them back
        names = st.session_state.get("included_labels") or []
        st.session_state["included_labels"] = [name for name in names if name not in taken_out]
    _mark("included_labels")


def shared_shortcuts(names: list[str], defs: dict[str, dict[str, Any]]) -> list[str]:
    """A note per shortcut given to more than one label: a key can call up only one of them."""
    holders: dict[str, list[str]] = {}
    for name in names:
        key = ((defs.get(name) or {}).get("property") or {}).get("@modelarts:shortcut")
        if isinstance(key, str) and key:
            holders.setdefault(key.upper(), []).append(name)
    return [
        _("Shortcut {key} is given to {labels}: a key calls up one label only. Give each its own.").format(
            key=key, labels=", ".join(labels)
        )
        for key, labels in holders.items()
        if len(labels) > 1
    ]


def label_editor(problems: ProblemIndex) -> None:
    names = list(st.session_state.get("included_labels") or [])
    defs = FormState(st.session_state).label_defs
    if not names:
        st.caption(_("Include labels above to define their type, colour, shortcut and attributes."))
        return
    shown = _page_of(names)
    if not shown:
        st.caption(_("No label has that in its name."))
        return
    editor_key, base = grid_edits.grid(LABEL_GRID, [{"name": name, **defs.get(name, {})} for name in shown])
    st.data_editor(
        _rows(base),
        key=editor_key,
        hide_index=True,
        placeholder=_("None"),  # an empty cell, in the reader's language
        num_rows="fixed",
        disabled=["name", "attributes"],
        on_change=_apply_label_edits,
        args=(editor_key,),
        column_config={
            "name": st.column_config.TextColumn(_("Label")),
            "type": st.column_config.SelectboxColumn(_("Type"), options=list(type_choices())),
            # No validate= here: the grid would drop a value it refuses without a word. Whatever is typed is
            # kept, and the models' rules (models/rule_table.py) say below the grid what is wrong with it.
            "colour": st.column_config.TextColumn(_("Colour"), help=_("A hexadecimal colour: #RRGGBB or #RGB")),
            "shortcut": st.column_config.TextColumn(_("Shortcut"), help=_("A key: a letter, a digit or F1-F12")),
            "default shape": st.column_config.SelectboxColumn(_("Default shape"), options=SHAPES),
            "rename to": st.column_config.TextColumn(_("Rename to")),
            "from type": st.column_config.TextColumn(_("From type"), help=_("Triplet relationship labels (102)")),
            "to type": st.column_config.TextColumn(_("To type"), help=_("Triplet relationship labels (102)")),
            "attributes": st.column_config.NumberColumn(
                _("Attributes"), help=_("Edit below, for the selected label")
            ),
            INCLUDED: st.column_config.CheckboxColumn(
                _("Included"), help=_("Clear to take the label out of the included labels")
            ),
        },
    )
    show_field_problems(problems, "included_labels", prefix=True)
    for note in shared_shortcuts(names, defs):
        st.markdown(f":orange[:material/keyboard: {md_escape(note)}]")
    _label_detail(shown, defs)


def _page_of(names: list[str]) -> list[str]:
    """The labels the grid shows: all of them, or beyond PAGE_SIZE those that have what is typed in a search box
    in their name, a page at a time. Nobody reads thousands of rows; a grid and the label picker below it
    that hold a page cost the same on every run however many labels there are."""
    if len(names) <= PAGE_SIZE:
        return names
    find_column, page_column = st.columns([3, 1], vertical_alignment="bottom")
    with find_column:
        find = st.text_input(
            _("Find labels"),
            key=FIND,
            on_change=_first_page,
            placeholder=_("Part of a name, to show only those of the {count} labels that have it").format(
                count=number(len(names))
            ),
        ).strip()
    needle = find.casefold()
    matching = [name for name in names if needle in name.casefold()] if needle else names
    pages = max(1, math.ceil(len(matching) / PAGE_SIZE))
    if not 1 <= _state().page <= pages:
        _state().page = min(max(_state().page, 1), pages)  # fewer labels than before
    with page_column:
        page = int(
            st.number_input(
                _("Page (of {pages})").format(pages=number(pages)), min_value=1, max_value=pages, step=1, key=PAGE
            )
        )
    first = (page - 1) * PAGE_SIZE
    shown = matching[first : first + PAGE_SIZE]
    if shown:
        span = {"first": number(first + 1), "last": number(first + len(shown)), "count": number(len(matching))}
        if needle:
            caption = _('Labels {first}–{last} of the {count} that have "{text}" in their name.')
            st.caption(caption.format(**span, text=md_escape(find)))
        else:
            st.caption(_("Labels {first}–{last} of the {count} included.").format(**span))
    return shown


def _first_page() -> None:
    _state().page = 1  # what was searched for: from its first match


def _label_detail(names: list[str], defs: dict[str, dict[str, Any]]) -> None:
    if _state().selected not in names:
        _state().selected = names[0]
    selected = st.selectbox(_("Selected label"), names, key=SELECTED, help=_("Its colour and attributes, below."))
    definition = defs.setdefault(selected, {})
    colour = (definition.get("property") or {}).get("@modelarts:color")
    if _state().color_for != (selected, colour):
        _state().color = colour if isinstance(colour, str) and len(colour) == 7 else "#000000"
        _state().color_for = (selected, colour)
    left, right = st.columns([1, 4])
    with left:
        st.color_picker(_("Colour"), key=COLOR, on_change=_set_colour, args=(selected,))
    with right:
        _attribute_editor(selected, definition)


def _set_colour(name: str) -> None:
    defs = FormState(st.session_state).label_defs
    definition = defs.setdefault(name, {})
    prop = dict(definition.get("property") or {})
    prop["@modelarts:color"] = str(_state().color).upper()
    definition["property"] = prop
    _mark("included_labels")


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
    """The label's attributes: a grid to change or delete them, and a box that adds one by its name.

    The grid adds no rows itself: the first value typed into a row the grid has just added is sometimes
    dropped by the browser (its cell editor hands on the value it had before the last keys when Enter follows
    them while the page is busy, as it is while the run that the new row caused is drawn). A text box keeps
    every key, so a new attribute starts there, by the name a person types first anyway."""
    prefix = f"{ATTRIBUTE_GRID}_{name}"
    editor_key, base = grid_edits.grid(prefix, [dict(a) for a in definition.get("attributes") or []])
    if base:
        st.data_editor(
            _attribute_rows(base),
            key=editor_key,
            hide_index=True,
            placeholder=_("None"),  # an empty cell, in the reader's language
            num_rows="delete",
            on_change=_apply_attribute_edits,
            args=(prefix, editor_key, name),
            column_config={
                "name": st.column_config.TextColumn(_("Attribute")),
                "type": st.column_config.SelectboxColumn(_("Kind"), options=["text", "select"]),
                "values": st.column_config.TextColumn(
                    _("Choices"), help=_("For select: the choices, separated by commas")
                ),
                "default": st.column_config.TextColumn(_("Default")),
            },
        )
    st.text_input(
        _("Add an attribute to {label}").format(label=md_escape(name)),
        key=NEW_ATTRIBUTE + name,
        placeholder=_("New attribute: type its name, then Enter"),
        on_change=_add_attribute,
        args=(name,),
        label_visibility="collapsed" if base else "visible",
    )


def _add_attribute(label: str) -> None:
    typed = _state().typed_attribute(label)
    definition = FormState(st.session_state).label_defs.setdefault(label, {})
    if typed:  # a repeated name is added too: the service takes it, and the rule attribute_name_repeated warns
        definition["attributes"] = [*(definition.get("attributes") or []), {"name": typed}]
        _mark("included_labels")
    _state().clear_typed_attribute(label)


def _values(text: Any, previous: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    text = _clean(text)
    if text is None:
        return None
    by_value = {v.get("value"): v for v in previous}
    return [dict(by_value.get(part.strip(), {"value": part.strip()})) for part in str(text).split(",") if part.strip()]


def _attribute_changes(attribute: dict[str, Any], changes: dict[str, Any]) -> None:
    fields = {"name": "name", "type": "type", "default": "default_value"}
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


def _apply_attribute_edits(prefix: str, editor_key: str, name: str) -> None:
    attributes = grid_edits.edited(
        prefix, editor_key, lambda base, edits: grid_edits.apply_row_edits(base, edits, _attribute_changes)
    )
    defs = FormState(st.session_state).label_defs
    definition = defs.setdefault(name, {})
    if attributes or "attributes" in definition:
        definition["attributes"] = attributes
    _mark("included_labels")
