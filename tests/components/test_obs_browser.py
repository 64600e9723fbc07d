"""The OBS browser's requests (issue #18): a session makes its browser once, and a click into a folder asks
for that folder's page from the click's callback, once, while the run draws what comes before it."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from client.obs import FolderPage, ObsError
from models.messages import Message
from services.target import Connection

CALLS: list[tuple[str, str, str | None, str]] = []  # (bucket, prefix, marker, thread name)
MADE: list[object] = []


class FakeBrowser:
    where = "fake OBS"
    place = Message("fake OBS")

    def buckets(self) -> list[str]:
        return ["b"]

    def folder(self, bucket: str, prefix: str, marker: str | None = None) -> FolderPage:
        CALLS.append((bucket, prefix, marker, threading.current_thread().name))
        if prefix == "bad/":
            raise ObsError(Message("The fake refused."))
        if prefix == "":
            return FolderPage(bucket, prefix, ["a/", "bad/"], [])
        return FolderPage(bucket, prefix, [], [(f"{prefix}000000.jpg", 1)])

    def upload(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("no upload here")


def _made(connection: object, client: object) -> tuple[FakeBrowser, str]:
    MADE.append(connection)
    return FakeBrowser(), ""


def _panel() -> None:
    from components.obs_browser import obs_browser_panel

    obs_browser_panel(expanded=True)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    import components.obs_browser as component

    CALLS.clear()
    MADE.clear()
    connection = Connection("modelarts", {"MODELARTS_ENDPOINT": "https://example.invalid"})
    monkeypatch.setattr(component, "obs_browser", _made)
    monkeypatch.setattr(component, "current_connection", lambda: connection)
    monkeypatch.setattr(component, "current_client", lambda: SimpleNamespace(endpoint="https://e", region=None))
    return AppTest.from_function(_panel, default_timeout=30)


def _captions(at: AppTest) -> str:
    return " ".join(caption.value for caption in at.caption)


def test_a_click_into_a_folder_lists_it_once_from_its_callback_and_the_browser_is_made_once(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert [call[:3] for call in CALLS] == [("b", "", None)]
    app.button(key="_obs_folder_0").click().run()
    assert not app.exception
    assert [call[:3] for call in CALLS] == [("b", "", None), ("b", "a/", None)]
    assert CALLS[1][3].startswith("obs-listing")  # asked for by the click, not by the run that draws it
    assert "000000" in _captions(app)
    app.run()  # another run: the listing and the browser are kept
    assert len(CALLS) == 2 and len(MADE) == 1


def test_a_failed_listing_says_why_and_is_asked_again_next_time(app: AppTest) -> None:
    app.run()
    app.button(key="_obs_folder_1").click().run()
    assert not app.exception
    assert any("fake refused" in warning.value for warning in app.warning)
    app.run()
    assert [call[:3] for call in CALLS] == [("b", "", None), ("b", "bad/", None), ("b", "bad/", None)]
