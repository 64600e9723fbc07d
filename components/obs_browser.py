"""Browse OBS and pick a folder (directory import) or a manifest file, or upload files from this computer into
a folder; the choice fills the form's path (`import_path`), which can still be typed."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import streamlit as st

from client.obs import MAX_FILE_BYTES, MAX_FILES, FolderPage, ObsBrowser, ObsError
from models.messages import N_
from services import form_state, uploads
from services.i18n import _, render
from services.obs_access import obs_browser
from services.session_state.obs_browser import (
    BUCKET,
    MORE,
    REFRESH,
    UP,
    UPLOAD,
    USE_FOLDER,
    ObsBrowserState,
    folder_button,
    manifest_button,
    uploader,
)
from services.target import current_client, current_connection

from .text import md_escape

MANIFEST_ENDINGS = (".manifest", ".json", ".jsonl")
FILES_SHOWN = 12
# A click's listing starts in its callback, while the run draws the form above the browser (client/obs.py
# only: nothing of Streamlit's in these threads).
_LISTING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="obs-listing")

# Every piece of this component's text, in one place: catalog message ids, shown through `_`.
TEXT = {
    "expander": N_("Browse OBS or upload from this computer"),
    "bucket": N_("Bucket"),
    "bucket_help": N_("An OBS bucket is a top-level storage container, like a drive. Its folders hold your files."),
    "no_buckets": N_("No bucket was found. Create one in the OBS console, or type the path above."),
    "where": N_("You are in {path}"),
    "up": N_("Up one folder"),
    "use_folder": N_("Use this folder"),
    "use_folder_help": N_("Import every file below this folder (a directory import)."),
    "use_manifest": N_("Use {name}"),
    "use_manifest_help": N_("Import the samples this manifest (a list of files and their labels) names."),
    "empty": N_("This folder is empty."),
    "more": N_("Show more"),
    "more_files": N_("… and {count} more file(s) on this page."),
    "failed": N_("The listing failed: {why} You can still type the path above."),
    "refresh": N_("Refresh"),
    "upload_title": N_("Upload from this computer into this folder"),
    "upload_label": N_("Files or a zip"),
    "upload_help": N_("Up to {count} files, 5 GB each. A zip is unpacked here, keeping its inner folders."),
    "upload_button": N_("Upload {count} file(s) to {where}"),
    "uploading": N_("Uploading {name} ({done} of {count} files)"),
    "uploaded": N_("Uploaded {count} file(s). The form's path now points at this folder."),
    "upload_failed": N_("The upload stopped: {why}"),
    "picked": N_("The path is set to {path}."),
}


def _state() -> ObsBrowserState:
    return ObsBrowserState(st.session_state)


def obs_browser_panel(*, expanded: bool = False) -> None:
    """The browser in an expander (drawn only while open: listing costs a request)."""
    panel = st.expander(_(TEXT["expander"]), expanded=expanded or bool(_state().open),
                        icon=":material/folder_open:", on_change="rerun")
    if not panel.open:
        return
    with panel:
        browser, why = _browser()
        if browser is None:
            st.info(render(why))
            return
        _browse(browser)


def _browser() -> tuple[ObsBrowser | None, str]:
    """This session's browser, made once per connection: a boto3 client is costly to make on every run."""
    connection, client = current_connection(), current_client()
    made_for = (connection.fingerprint(), client.endpoint, client.region)
    made = _state().made
    if made is not None and made[0] == made_for:
        return made[1], ""
    browser, why = obs_browser(connection, client)
    if browser is not None:
        _state().made = (made_for, browser)
    return browser, why


def open_at(bucket: str, prefix: str = "") -> None:
    """Open the browser at this folder (for the guided start)."""
    _state().open_at(bucket, prefix)


def _browse(browser: ObsBrowser) -> None:
    buckets = _cached(browser, "", "", None, lambda: browser.buckets())
    if isinstance(buckets, str):
        st.warning(_(TEXT["failed"]).format(why=md_escape(buckets)), icon=":material/error:")
        return
    if not buckets:
        st.info(_(TEXT["no_buckets"]))
        return
    if _state().bucket not in buckets:
        _state().bucket = buckets[0]
        _state().prefix = ""
    top, refresh = st.columns([4, 1], vertical_alignment="bottom")
    with top:
        st.selectbox(_(TEXT["bucket"]), buckets, key=BUCKET, help=_(TEXT["bucket_help"]), on_change=_go,
                     args=("", browser))
    with refresh:
        st.button(_(TEXT["refresh"]), key=REFRESH, icon=":material/refresh:", on_click=_forget_listings)
    bucket = _state().bucket or buckets[0]
    prefix = _state().prefix or ""
    path = f"s3://{bucket}/{prefix}"
    st.markdown(_(TEXT["where"]).format(path=_code(path)))
    left, right = st.columns(2)
    with left:
        st.button(_(TEXT["use_folder"]), key=USE_FOLDER, type="primary", icon=":material/check:",
                  help=_(TEXT["use_folder_help"]), on_click=_pick, args=("dir", path))
    with right:
        if prefix:
            parent = prefix.rstrip("/").rpartition("/")[0]
            st.button(_(TEXT["up"]), key=UP, icon=":material/arrow_upward:", on_click=_go,
                      args=(parent + "/" if parent else "", browser))
    pages = _pages(browser, bucket, prefix)
    if isinstance(pages, str):
        st.warning(_(TEXT["failed"]).format(why=md_escape(pages)), icon=":material/error:")
        return
    folders = [f for page in pages for f in page.folders]
    files = [f for page in pages for f in page.files]
    if not folders and not files:
        st.caption(_(TEXT["empty"]))
    for index, folder in enumerate(folders):
        name = folder[len(prefix):].rstrip("/")
        st.button(name, key=folder_button(index), icon=":material/folder:", type="tertiary",
                  on_click=_go, args=(folder, browser))
    manifests = [(key, size) for key, size in files if key.lower().endswith(MANIFEST_ENDINGS)]
    for index, (key, _size) in enumerate(manifests):
        name = key[len(prefix):]
        st.button(_(TEXT["use_manifest"]).format(name=name), key=manifest_button(index), icon=":material/list_alt:",
                  help=_(TEXT["use_manifest_help"]), on_click=_pick, args=("manifest", f"s3://{bucket}/{key}"))
    others = [key[len(prefix):] for key, _size in files if not key.lower().endswith(MANIFEST_ENDINGS)]
    if others:
        shown = ", ".join(md_escape(name) for name in others[:FILES_SHOWN])
        st.caption(f":material/description: {shown}")
        if len(others) > FILES_SHOWN:
            st.caption(_(TEXT["more_files"]).format(count=len(others) - FILES_SHOWN))
    if pages[-1].next_marker:
        st.button(_(TEXT["more"]), key=MORE, icon=":material/expand_more:", on_click=_more,
                  args=(pages[-1].next_marker, browser))
    _upload(browser, bucket, prefix)


def _upload(browser: ObsBrowser, bucket: str, prefix: str) -> None:
    st.markdown(f"**{_(TEXT['upload_title'])}**")
    version = _state().uploader_version
    files = st.file_uploader(_(TEXT["upload_label"]), accept_multiple_files=True, key=uploader(version),
                             help=_(TEXT["upload_help"]).format(count=MAX_FILES),
                             max_upload_size=MAX_FILE_BYTES // 2**20)
    if not files:
        return
    planned, problems = uploads.plan(list(files))
    for problem in problems:
        st.error(render(problem), icon=":material/error:")
    if problems or not planned:
        return
    where = f"s3://{bucket}/{prefix}"
    if not st.button(_(TEXT["upload_button"]).format(count=len(planned), where=where), key=UPLOAD,
                     icon=":material/upload:", type="primary"):
        return
    bar = st.progress(0.0, text=_(TEXT["uploading"]).format(name=planned[0].name, done=0, count=len(planned)))

    def tell(done: int, sent: int, total: int, name: str) -> None:
        bar.progress(min(sent / total, 1.0), text=_(TEXT["uploading"]).format(name=name, done=done, count=len(planned)))

    try:
        uploads.send(browser, bucket, prefix, planned, tell)
    except ObsError as exc:
        st.error(_(TEXT["upload_failed"]).format(why=md_escape(render(exc.message))), icon=":material/error:")
        return
    _forget_listings()
    _state().pending = ("dir", where)  # the path fields are drawn already: set before the next run's
    _state().uploader_version = version + 1  # an empty uploader for the next files
    _state().uploaded = len(planned)
    st.rerun(scope="app")  # the path field above shows the new path


def apply_pending_path() -> None:
    """Before the path fields are drawn: take the path an upload pointed at."""
    pending = _state().take_pending()
    if pending:
        _set_path(*pending)


def uploaded_note() -> None:
    count = _state().take_uploaded()
    if count:
        st.success(_(TEXT["uploaded"]).format(count=count), icon=":material/cloud_done:")


def _pages(browser: ObsBrowser, bucket: str, prefix: str) -> list[FolderPage] | str:
    pages: list[FolderPage] = []
    for marker in _state().markers or [None]:
        page = _cached(browser, bucket, prefix, marker, lambda m=marker: browser.folder(bucket, prefix, m))
        if isinstance(page, str):
            return page
        pages.append(page)
    return pages


def _listing_key(browser: ObsBrowser, bucket: str, prefix: str, marker: str | None) -> tuple[Any, ...]:
    return (browser.where, bucket, prefix, marker)


def _cached(browser: ObsBrowser, bucket: str, prefix: str, marker: str | None, load: Any) -> Any:
    cache = _state().listings
    key = _listing_key(browser, bucket, prefix, marker)
    try:
        if key not in cache:
            cache[key] = load()
        elif isinstance(cache[key], Future):  # started by the click that asked for it
            cache[key] = cache[key].result()
    except ObsError as exc:
        cache.pop(key, None)
        return render(exc.message)  # not kept: the next run tries again
    return cache[key]


def _start_listing(browser: ObsBrowser | None, prefix: str, marker: str | None) -> None:
    """From a click's callback: ask for the page it shows now, so the request overlaps the run up to the browser.
    The run takes the answer from the listings (`_cached`)."""
    bucket = _state().bucket
    if browser is None or not bucket:
        return
    cache = _state().listings
    key = _listing_key(browser, bucket, prefix, marker)
    if key not in cache:
        cache[key] = _LISTING.submit(browser.folder, bucket, prefix, marker)


def _forget_listings() -> None:
    del _state().listings


def _go(prefix: str, browser: ObsBrowser | None = None) -> None:
    _state().go(prefix)
    _start_listing(browser, prefix, None)


def _more(marker: str, browser: ObsBrowser | None = None) -> None:
    _state().more(marker)
    _start_listing(browser, _state().prefix or "", marker)


def _pick(import_type: str, path: str) -> None:
    _set_path(import_type, path)
    _state().picked = path


def picked_note() -> None:
    path = _state().take_picked()
    if path:
        st.success(_(TEXT["picked"]).format(path=_code(path)), icon=":material/check_circle:")


def _code(text: str) -> str:
    """Text as inline code (its backslashes shown as they are); backticks, which would end it, are left out."""
    return f"`{text.replace('`', '')}`"


def _set_path(import_type: str, path: str) -> None:
    st.session_state["import_type"] = import_type
    st.session_state["import_path"] = path
    form_state.mark_present(st.session_state, "import_type", "import_path")
