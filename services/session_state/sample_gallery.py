"""components/sample_gallery.py."""

CACHE = "_imported_thumbnails"  # task id -> (thumbnails, how many were added): a finished task does not change


def samples_button(task_id: str) -> str:
    return f"_samples_{task_id}"
