"""components/sample_gallery.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.session_state import SessionView, Slot

if TYPE_CHECKING:
    from services.imported_samples import Thumbnail

CACHE = "_imported_thumbnails"  # task id -> (thumbnails, how many were added): a finished task does not change


def samples_button(task_id: str) -> str:
    return f"_samples_{task_id}"


class SampleGalleryState(SessionView):
    thumbnails: Slot[dict[str, tuple[list[Thumbnail], int]]] = Slot(CACHE, factory=dict)
