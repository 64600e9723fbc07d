"""Without sign-in the app is single-user: `streamlit run app.py` listens on 127.0.0.1 only unless the operator
sets an address, and the Connection page says which it is."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from streamlit.testing.v1 import AppTest

from bench.browser import stop_process
from sandbox.launcher import RunningSandbox

from .agent import CLOUD_PREFIXES
from .conftest import APP
from .portal import page_text, point_app_at, run

PROJECT_ROOT = Path(APP).parent
START_LIMIT_S = 90.0  # a guard against hanging, not an assertion about speed


def listening_addresses(port: int) -> set[str]:
    """The local addresses of this machine's listening TCP sockets on `port` (Linux's /proc/net/tcp, tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                    found.add(address)
    return found


def test_without_an_address_it_listens_on_loopback_only(sandbox: RunningSandbox, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLOUD_PREFIXES)}
    env.update(IMPORT_COMPOSER_SANDBOX_URL=sandbox.url, IMPORT_COMPOSER_DATA=str(tmp_path / "data"))
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]  # no address given
    with (tmp_path / "streamlit.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + START_LIMIT_S
        while not listening_addresses(port):
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "streamlit.log").read_text()
            time.sleep(0.1)
        with requests.Session() as http:
            http.trust_env = False
            while True:
                with contextlib.suppress(requests.RequestException):
                    if http.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).ok:
                        break
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and no other address, IPv6 included
    finally:
        stop_process(process)


@pytest.fixture
def connection_page(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    point_app_at(monkeypatch, sandbox.url, tmp_path)

    def open_it(address: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        run(at)
        at.switch_page("pages/connection.py")
        with _server_address(address):
            run(at)
        return at

    return open_it


@contextlib.contextmanager
def _server_address(address: str):
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        yield
    finally:
        config.set_option("server.address", before)


def test_the_connection_page_says_whether_others_reach_the_app(connection_page) -> None:
    alone = page_text(connection_page("127.0.0.1"))
    assert "Single-user" in alone and "127.0.0.1 only" in alone
    exposed = connection_page("0.0.0.0")
    assert "No sign-in is configured, yet this app listens on 0.0.0.0" in page_text(exposed).replace("\\", "")
    # and with others reaching it, nobody may type an endpoint for the server to fetch
    exposed.radio(key="conn_kind").set_value("modelarts")
    with _server_address("0.0.0.0"):
        run(exposed)
        exposed.radio(key="conn_where").set_value("custom")
        run(exposed)
    assert not [field for field in exposed.text_input if field.key == "conn_endpoint"]
    assert "Custom endpoints are off" in page_text(exposed)
