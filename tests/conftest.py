import os

import pytest
from hypothesis import HealthCheck, settings

# HYPOTHESIS_PROFILE=long for a thorough local run; CI uses the default, sized to keep the suite quick.
settings.register_profile("default", max_examples=300, deadline=None)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def _apptest_runs_as_a_running_server_does():
    """AppTest starts every run in Streamlit's old pages-folder mode (it resets the process-wide
    `PagesManager.uses_pages_directory`, testing/v1/app_test.py), in which a page other than the default
    runs bare and `components.frame.ensure()` turns the mode off and reruns through app.py; that rerun
    drops the run's button clicks. A running server leaves that mode at its first `st.navigation` and
    never goes back, so the AppTests run as it does: the mode is off after each reset. The bare first run
    of a fresh server is tested by tests/pages/test_frame.py (without this) and tests/browser/test_deep_links.py."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PagesManager, "__init__", init)
        patch.setattr(PagesManager, "__init_original__", original, raising=False)
        yield
