"""A finished import's samples as thumbnails with their labels and boxes (Tasks page)."""

from __future__ import annotations

import streamlit as st

from client import ModelArtsClient
from models import ImportTaskStatus
from models.messages import N_
from services.i18n import _, render
from services.imported_samples import ModelArtsError, imported_thumbnails
from services.session_state.sample_gallery import SampleGalleryState, samples_button

from .text import md_escape

COLUMNS = 4

# Every piece of this component's text, in one place: catalog message ids, shown through `_`.
TEXT = {
    "title": N_("Imported samples"),
    "none": N_("No sample was added by this import."),
    "failed": N_("The imported samples could not be listed: {why}"),
    "unlabelled": N_("no label"),
    "not_image": N_("(not a picture)"),
    "more": N_("The {shown} newest of {count} samples added are shown."),
}


def imported_samples(client: ModelArtsClient, dataset_id: str, status: ImportTaskStatus, *, open_: bool) -> None:
    """An expander (drawn only while open) with the samples a completed task added."""
    if status.status != "COMPLETED" or not status.task_id:
        return
    panel = st.expander(_(TEXT["title"]), expanded=open_, icon=":material/photo_library:", on_change="rerun",
                        key=samples_button(status.task_id))
    if not panel.open:
        return
    with panel:
        cache = SampleGalleryState(st.session_state).thumbnails
        if status.task_id not in cache:
            try:
                cache[status.task_id] = imported_thumbnails(client, dataset_id, status.create_time)
            except ModelArtsError as exc:
                st.warning(_(TEXT["failed"]).format(why=md_escape(render(exc.message))), icon=":material/error:")
                return
        thumbnails, count = cache[status.task_id]
        if not thumbnails:
            st.caption(_(TEXT["none"]))
            return
        columns = st.columns(COLUMNS)
        for index, thumbnail in enumerate(thumbnails):
            caption = f"{thumbnail.name} · {', '.join(thumbnail.labels) or _(TEXT['unlabelled'])}"
            with columns[index % COLUMNS]:
                if thumbnail.png is not None:
                    st.image(thumbnail.png, caption=caption)
                else:
                    st.caption(f"{caption} {_(TEXT['not_image'])}")
        if count > len(thumbnails):
            st.caption(_(TEXT["more"]).format(shown=len(thumbnails), count=count))
