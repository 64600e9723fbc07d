"""components/obs_browser.py."""

OPEN = "_obs_browser_open"  # opened by the guided start (a new expanded state draws it open)
BUCKET = "_obs_bucket"
PREFIX = "_obs_prefix"
MARKERS = "_obs_markers"  # the page markers walked through in this folder: more pages shown
LISTINGS = "_obs_listings"  # (connection, bucket, prefix, marker) -> FolderPage | error text
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
