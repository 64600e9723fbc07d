"""components/obs_browser.py."""

from typing import Any

from services.session_state import SessionView, Slot

OPEN = "_obs_browser_open"  # opened by the guided start (a new expanded state draws it open)
BUCKET = "_obs_bucket"
PREFIX = "_obs_prefix"
MARKERS = "_obs_markers"  # the page markers walked through in this folder: more pages shown
LISTINGS = "_obs_listings"  # (connection, bucket, prefix, marker) -> FolderPage | error text | listing under way
MADE = "_obs_made"  # (what it was made for, the browser): one S3 client per connection, not one per run
UPLOADER_VERSION = "_obs_upload_version"
PENDING = "_obs_pending_path"
PICKED = "_obs_picked"
UPLOADED = "_obs_uploaded"
REFRESH = "_obs_refresh"
USE_FOLDER = "_obs_use_folder"
UP = "_obs_up"
MORE = "_obs_more"
UPLOAD = "_obs_upload"


def folder_button(index: int) -> str:
    return f"_obs_folder_{index}"


def manifest_button(index: int) -> str:
    return f"_obs_manifest_{index}"


def uploader(version: int) -> str:
    """A new key per upload, so the next files start from an empty uploader."""
    return f"_obs_upload_files_{version}"


class ObsBrowserState(SessionView):
    open: Slot[bool] = Slot(OPEN, False)
    bucket: Slot[str | None] = Slot(BUCKET, None)
    prefix: Slot[str] = Slot(PREFIX, "")
    markers: Slot[list[str | None]] = Slot(MARKERS, factory=lambda: [None])
    listings: Slot[dict[tuple[Any, ...], Any]] = Slot(LISTINGS, factory=dict)
    made: Slot[tuple[tuple[Any, ...], Any] | None] = Slot(MADE, None)
    uploader_version: Slot[int] = Slot(UPLOADER_VERSION, 0)
    pending: Slot[tuple[str, str] | None] = Slot(PENDING, None)  # (import_type, path) for the next run's fields
    picked: Slot[str | None] = Slot(PICKED, None)
    uploaded: Slot[int | None] = Slot(UPLOADED, None)

    def open_at(self, bucket: str, prefix: str = "") -> None:
        self.open = True
        self.bucket = bucket
        self.go(prefix)

    def go(self, prefix: str) -> None:
        """Into another folder, from its first page."""
        self.prefix = prefix
        self.markers = [None]

    def more(self, marker: str) -> None:
        self.markers = [*self.markers, marker]

    def take_pending(self) -> tuple[str, str] | None:
        return ObsBrowserState.pending.take(self)

    def take_picked(self) -> str | None:
        return ObsBrowserState.picked.take(self)

    def take_uploaded(self) -> int | None:
        return ObsBrowserState.uploaded.take(self)
