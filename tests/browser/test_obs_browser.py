"""The OBS browser and uploads in Chromium: walk the sandbox's folders to the cat-dog folder and pick it, then
upload files into a folder; the form's path follows, without typing it."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, Sandbox, choose, click, idle, shown, widget
from .test_compose_submit import IMAGE_CLASSIFICATION, OPTIONS, open_compose, preview

pytestmark = pytest.mark.browser

BROWSE = "Browse OBS or upload from this computer"


def open_browser(page: Page) -> None:
    click(page, page.get_by_text(BROWSE))
    expect(widget(page, "_obs_bucket")).to_be_visible()


def test_walk_to_a_folder_and_pick_it(page: Page, app: AppServer) -> None:
    open_compose(page, app)
    choose(page, "dataset_id", OPTIONS[IMAGE_CLASSIFICATION])
    open_browser(page)
    click(page, widget(page, "_obs_folder_0").get_by_role("button", name="broken"))  # sorted: broken, classify, …
    expect(shown(page, "You are in s3://test-obs/broken/")).to_be_visible()
    click(page, widget(page, "_obs_up"))
    folders = page.get_by_role("button", name="daoLu_images", exact=True)
    click(page, folders)
    click(page, page.get_by_role("button", name="cat-dog", exact=True))
    expect(shown(page, "You are in s3://test-obs/daoLu_images/cat-dog/")).to_be_visible()
    click(page, widget(page, "_obs_use_folder").get_by_role("button"))
    expect(preview(page)).to_contain_text('"import_path": "s3://test-obs/daoLu_images/cat-dog/"')
    expect(widget(page, "import_path").locator("input")).to_have_value("s3://test-obs/daoLu_images/cat-dog/")
    if os.environ.get("IMPORT_COMPOSER_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["IMPORT_COMPOSER_SCREENSHOTS"]) / "obs_browser.png"), full_page=True)


def test_pick_a_manifest(page: Page, app: AppServer) -> None:
    open_compose(page, app)
    open_browser(page)
    for name in ("classify", "output", "dataset-f9e8-gfghHSokody6AJigS5A", "annotation", "V002"):
        click(page, page.get_by_role("button", name=name, exact=True))
    click(page, page.get_by_role("button", name="Use V002.manifest"))
    manifest = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"
    expect(preview(page)).to_contain_text(f'"import_path": "{manifest}"')
    expect(preview(page)).to_contain_text('"import_type": "manifest"')


def test_upload_files_and_a_zip_into_a_folder(page: Page, app: AppServer, sandbox: Sandbox) -> None:
    open_compose(page, app)
    open_browser(page)
    click(page, page.get_by_role("button", name="daoLu_images", exact=True))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("more/rabbit.txt", "a rabbit")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([
        {"name": "note.txt", "mimeType": "text/plain", "buffer": b"hello"},
        {"name": "pack.zip", "mimeType": "application/zip", "buffer": packed.getvalue()},
    ])
    upload = page.get_by_role("button", name="Upload 2 file(s) to s3://test-obs/daoLu_images/")
    expect(upload).to_be_visible()
    click(page, upload)
    expect(shown(page, "Uploaded 2 file(s)")).to_be_visible()
    expect(preview(page)).to_contain_text('"import_path": "s3://test-obs/daoLu_images/"')
    folder = sandbox.data_root / "obs" / "test-obs" / "daoLu_images"
    assert (folder / "note.txt").read_bytes() == b"hello"
    assert (folder / "more" / "rabbit.txt").read_text() == "a rabbit"
    idle(page)
