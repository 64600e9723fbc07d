"""The app's frame (title, target badge) on every page, also when Streamlit runs a page script bare: the
first run of a fresh server on a deep link, in Streamlit's old pages-folder mode (components/frame.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from sandbox.launcher import RunningSandbox

from .conftest import APP
from .portal import point_app_at

PAGES = {
    "pages/compose.py": "Compose",
    "pages/connection.py": "Connection",
    "pages/tasks.py": "Tasks",
    "pages/history.py": "History",
    "pages/templates.py": "Templates",
}


@pytest.fixture
def fresh_server_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs start as a fresh process's first run does: in the pages-folder mode, since pages/ exists."""
    monkeypatch.setattr(PagesManager, "__init__", PagesManager.__init_original__)


@pytest.mark.parametrize("script", PAGES)
def test_a_page_run_bare_still_has_the_apps_frame(
    fresh_server_mode: None, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str
):
    point_app_at(monkeypatch, sandbox.url, tmp_path)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [PAGES[script]]
    assert "Target: Sandbox (local)" in at.markdown[0].value
    assert PagesManager.uses_pages_directory is False  # the frame's st.navigation left the old mode
