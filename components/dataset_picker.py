"""Choosing the dataset to import into: search, type filter, label count."""

import streamlit as st

from models import Dataset, DatasetType
from services.form_state import DATASET_ID
from services.session_state.dataset_picker import DatasetPickerState, type_filter

ALL_TYPES = -1


def type_name(dataset_type: int | None) -> str:
    try:
        return DatasetType(dataset_type).label if dataset_type is not None else "unknown type"
    except ValueError:
        return f"type {dataset_type}"


def describe(dataset: Dataset) -> str:
    count = len(dataset.labels)
    labels = "1 label" if count == 1 else f"{count} labels"
    return f"{dataset.dataset_name or dataset.dataset_id} · {type_name(dataset.dataset_type)} · {labels}"


def dataset_picker(datasets: list[Dataset], key: str = DATASET_ID) -> Dataset | None:
    """A dataset picker; returns the chosen dataset, or None. `key` is the page's own: Compose's is the form's
    `dataset_id`, which no other page may share (a widget key is one value across all pages of a session)."""
    by_id = {d.dataset_id: d for d in datasets}
    types = sorted({d.dataset_type for d in datasets if d.dataset_type is not None})
    left, right = st.columns([1, 3])
    with left:
        chosen_type = st.selectbox(
            "Dataset type",
            [ALL_TYPES, *types],
            key=type_filter(key),
            format_func=lambda t: "All types" if t == ALL_TYPES else type_name(t),
            persist_state="session",
        )
    current = DatasetPickerState(st.session_state).chosen(key)
    options = [d.dataset_id for d in datasets if chosen_type in (ALL_TYPES, d.dataset_type)]
    if current in by_id and current not in options:
        options.insert(0, current)
    if current is not None and current not in by_id:
        DatasetPickerState(st.session_state).forget(key)
    with right:
        dataset_id = st.selectbox(
            "Dataset",
            options,
            index=None,
            key=key,
            format_func=lambda i: describe(by_id[i]) if i in by_id else i,
            placeholder="Type to search datasets by name",
            help="The dataset the samples and labels are imported into. Its type decides what can be imported.",
            persist_state="session",
        )
    chosen = by_id.get(dataset_id) if dataset_id else None
    if chosen is not None and chosen.description:
        st.caption(chosen.description)  # what the dataset holds, in its owner's words
    return chosen
