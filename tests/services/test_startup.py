"""A fresh server's first page: what it loads, what the server prepares before a browser comes, and that
`streamlit run app.py` serves through the st.App that does the preparing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from components.preflight_panel import DEFAULT_AMOUNT
from preflight import DEFAULT_MAX_FILES
from sandbox.launcher import RunningSandbox
from services import startup
from tests.pages.agent import page_text, start_app
from tests.pages.conftest import APP

PROJECT_ROOT = Path(APP).parent
HEAVY = ("sqlalchemy", "store", "preflight", "pandas", "pyarrow", "boto3", "PIL.Image")
FIRST_PAGE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=60)
at.run()
assert not at.exception, [e.value for e in at.exception]
assert any("class='request-body'" in block.value for block in at.html)
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


def fresh_python(code: str, env: dict[str, str]) -> str:
    """Run `code` in a new interpreter (this one has everything imported already); its output."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env={**os.environ, **env}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_a_new_sessions_first_page_loads_no_database_no_source_reader_no_grid(sandbox: RunningSandbox, tmp_path):
    env = {"IMPORT_COMPOSER_SANDBOX_URL": sandbox.url, "IMPORT_COMPOSER_DATA": str(tmp_path)}
    assert json.loads(fresh_python(FIRST_PAGE.format(app=APP, heavy=HEAVY), env)) == []
    assert not (tmp_path / "import-composer.db").exists()  # the database was not even opened


def test_the_warm_up_imports_what_the_page_imports_and_nothing_heavy(tmp_path):
    modules = startup.page_modules()
    assert {"services.drafts", "components.preview", "components.submit_panel", "models"} <= set(modules)
    code = (
        "import json, sys\nfrom services import startup\nstartup.import_page_modules()\n"
        f"print(json.dumps([sorted(n for n in {HEAVY!r} if n in sys.modules), 'components.preview' in sys.modules]))"
    )
    heavy, imported = json.loads(fresh_python(code, {"IMPORT_COMPOSER_DATA": str(tmp_path)}))
    assert heavy == [] and imported


def test_what_the_first_run_builds_on_first_use_is_built_ahead_without_a_script_run(tmp_path):
    """Babel's tables, the catalogs, Streamlit's emoji pattern, inspect's module map: built outside any page run
    (no session, nothing drawn), and nothing heavy loaded for them."""
    code = (
        "import inspect, json, sys\nfrom services import startup, i18n\nstartup.build_first_use()\n"
        f"print(json.dumps([sorted(n for n in {HEAVY!r} if n in sys.modules), 'streamlit.emojis' in sys.modules,"
        " i18n.catalog.cache_info().currsize, len(inspect.modulesbyfile) > 100]))"
    )
    heavy, emojis, catalogs, mapped = json.loads(fresh_python(code, {"IMPORT_COMPOSER_DATA": str(tmp_path)}))
    assert heavy == [] and emojis and catalogs == 2 and mapped


def test_the_servers_connections_send_without_delay():
    """Bound as Streamlit binds it, a listening socket's connections wait for acknowledgements (Nagle) until
    the warm-up turns that off on it; sockets that do not listen are left alone."""
    with socket.socket(family=socket.AF_INET) as listening, socket.socket() as bound:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        bound.bind(("127.0.0.1", 0))

        def accepted_delays() -> bool:
            with socket.create_connection(listening.getsockname()), listening.accept()[0] as connection:
                return connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0

        assert accepted_delays()  # the control: what Streamlit's server does by itself
        assert startup.send_without_delay() >= 1
        assert not accepted_delays()
        assert bound.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0


def test_send_without_delay_does_nothing_where_descriptors_cannot_be_listed(tmp_path: Path):
    assert startup.send_without_delay(tmp_path / "missing") == 0


def test_the_panels_default_amount_is_the_preflights():
    assert DEFAULT_AMOUNT == DEFAULT_MAX_FILES


def test_streamlit_run_serves_app_py_through_its_st_app():
    found = discover_asgi_app(Path(APP))
    assert found.is_asgi_app and found.import_string == "app:app"


def test_a_fresh_server_starts_its_sandbox_before_any_visitor(tmp_path: Path):
    data = tmp_path / "data"
    app = start_app(tmp_path / "run", {"IMPORT_COMPOSER_DATA": str(data)})
    try:
        deadline = time.monotonic() + 60  # a guard against hanging, not a timing assertion
        while not (data / "sandbox" / "sandbox.sqlite3").exists():
            assert time.monotonic() < deadline, app.log()[-3000:]
            time.sleep(0.1)
        page = app.interact()  # the first visitor
        assert "Target: Sandbox (local)" in page_text(page)
        assert "missing ScriptRunContext" not in app.log()  # the warm-up draws nothing
    finally:
        app.stop()


@pytest.mark.parametrize("with_url", [False, True])
def test_a_draft_is_looked_up_only_when_the_url_names_one(with_url: bool, sandbox: RunningSandbox, tmp_path):
    """The restore-once behaviour stays; a bare address (a new draft id) does not open the database."""
    query = "at.query_params['draft'] = 'abcdefgh12345678'\n" if with_url else ""
    code = FIRST_PAGE.format(app=APP, heavy=("sqlalchemy",)).replace("at.run()", query + "at.run()")
    env = {"IMPORT_COMPOSER_SANDBOX_URL": sandbox.url, "IMPORT_COMPOSER_DATA": str(tmp_path)}
    assert json.loads(fresh_python(code, env)) == (["sqlalchemy"] if with_url else [])
