"""The target's datasets, fetched once per session and connection, refreshed on request."""

from __future__ import annotations

import streamlit as st

from client import ModelArtsClient, ModelArtsError
from models import Dataset

from .target import current_connection

CACHE = "_dataset_cache"
PAGE = 100


def _cache() -> dict:
    cache = st.session_state.get(CACHE)
    fingerprint = current_connection().fingerprint()
    if cache is None or cache.get("connection") != fingerprint:
        cache = {"connection": fingerprint, "list": None, "details": {}}
        st.session_state[CACHE] = cache
    return cache


def forget() -> None:
    st.session_state.pop(CACHE, None)


def all_datasets(client: ModelArtsClient) -> list[Dataset]:
    """Every dataset with its labels (paged through); raises ModelArtsError with the client's explanation."""
    cache = _cache()
    if cache["list"] is None:
        found: list[Dataset] = []
        while True:
            page = client.list_datasets(limit=PAGE, offset=len(found), with_labels=True)
            found.extend(page.datasets)
            total = page.total_number or 0
            if not page.datasets or len(found) >= total or len(found) >= 1000:
                break
        cache["list"] = found
    return cache["list"]


def dataset_details(client: ModelArtsClient, dataset_id: str) -> Dataset | None:
    """The dataset's details (labels, schema); None when they can't be read, which the page says."""
    cache = _cache()
    if dataset_id not in cache["details"]:
        try:
            cache["details"][dataset_id] = client.get_dataset(dataset_id)
        except ModelArtsError:
            return None
    return cache["details"][dataset_id]
