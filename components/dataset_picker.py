"""Choosing the dataset to import into: search, type filter, label count."""

import streamlit as st

from models import Dataset, DatasetType
from services.form_state import DATASET_ID
from services.i18n import _, ngettext
from services.session_state.dataset_picker import DatasetPickerState, type_filter

ALL_TYPES = -1


def type_name(dataset_type: int | None) -> str:
    try:
        return _(DatasetType(dataset_type).label) if dataset_type is not None else _("unknown type")
    except ValueError:
        return _("type {number}").format(number=dataset_type)


def describe(dataset: Dataset) -> str:
    count = len(dataset.labels)
    labels = ngettext("{count} label", "{count} labels", count).format(count=count)
    return f"{dataset.dataset_name or dataset.dataset_id} · {type_name(dataset.dataset_type)} · {labels}"


def dataset_picker(datasets: list[Dataset], key: str = DATASET_ID) -> Dataset | None:
    """A dataset picker; returns the chosen dataset, or None. `key` is the page's own: Compose's is the form's
    `dataset_id`, which no other page may share (a widget key is one value across all pages of a session)."""
    by_id = {d.dataset_id: d for d in datasets}
    types = sorted({d.dataset_type for d in datasets if d.dataset_type is not None})
    # Option names are made now, in this run's language: a format_func may be called again outside the run.
    type_names = {ALL_TYPES: _("All types"), **{t: type_name(t) for t in types}}
    left, right = st.columns([1, 3])
    with left:
        chosen_type = st.selectbox(
            _("Dataset type"),
            [ALL_TYPES, *types],
            key=type_filter(key),
            format_func=lambda t: type_names.get(t) or type_name(t),
            persist_state="session",
        )
    current = DatasetPickerState(st.session_state).chosen(key)
    options = [d.dataset_id for d in datasets if chosen_type in (ALL_TYPES, d.dataset_type)]
    if current in by_id and current not in options:
        options.insert(0, current)
    if current is not None and current not in by_id:
        DatasetPickerState(st.session_state).forget(key)
    names = {i: describe(by_id[i]) for i in options if i in by_id}
    with right:
        dataset_id = st.selectbox(
            _("Dataset"),
            options,
            index=None,
            key=key,
            format_func=lambda i: names.get(i, i),
            placeholder=_("Type to search datasets by name"),
            help=_("The dataset the samples and labels are imported into. Its type decides what can be imported."),
            persist_state="session",
        )
    chosen = by_id.get(dataset_id) if dataset_id else None
    if chosen is not None and chosen.description:
        st.caption(chosen.description)  # what the dataset holds, in its owner's words
    return chosen
