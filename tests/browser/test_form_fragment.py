"""The compose form below the dataset is a fragment: a change there reruns and redraws only the form, and
everything that depends on the fields (the problem next to the field, the check, the preview, the submit
button) follows at once. The draft of a change made there is saved too (test_drafts.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer, choose, shown, type_text, widget
from .test_compose_submit import CAT_DOG, IMAGE_CLASSIFICATION, IRIS, OPTIONS, open_compose, preview

pytestmark = pytest.mark.browser

BAD_PATH = "http://bucket/images/"
BAD_PATH_PROBLEM = "Import path must start with s3://, obs:// or /"
TABLE_ONLY = "import into table datasets only"  # said of the table sources for any other dataset


def test_a_change_in_the_form_redraws_only_the_form_and_keeps_it_in_step(page: Page, app: AppServer) -> None:
    received: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(_bytes(frame))))
    open_compose(page, app)
    choose(page, "dataset_id", OPTIONS[IMAGE_CLASSIFICATION])

    received.clear()
    type_text(page, "import_path", BAD_PATH)
    expect(preview(page)).to_contain_text(f'"import_path": "{BAD_PATH}"')
    expect(widget(page, "import_path").locator("input")).to_have_value(BAD_PATH)
    expect(shown(page, BAD_PATH_PROBLEM).first).to_be_visible()  # next to the field, and in the check
    expect(shown(page, "Before sending: correct Import path")).to_be_visible()
    sent = b"".join(received)
    assert BAD_PATH.encode() in sent
    assert "1 · Dataset".encode() not in sent and b"Refresh datasets" not in sent  # the rest was not redrawn

    type_text(page, "import_path", CAT_DOG)
    expect(preview(page)).to_contain_text(f'"import_path": "{CAT_DOG}"')
    expect(shown(page, BAD_PATH_PROBLEM)).to_have_count(0)
    expect(shown(page, "Before sending")).to_have_count(0)

    expect(shown(page, TABLE_ONLY).first).to_be_visible()
    choose(page, "dataset_id", OPTIONS[IRIS])  # outside the form: the form follows the dataset
    expect(shown(page, TABLE_ONLY)).to_have_count(0)


def _bytes(frame: str | bytes) -> bytes:
    return frame if isinstance(frame, bytes) else frame.encode()
