"""`streamlit run app.py` as a real process, driven without a browser through Streamlit's agent API
(POST /_stcore/agent/interact: widget values and clicks in, the finished page as a tree out)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from bench.browser import stop_process

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CLOUD_PREFIXES = ("MODELARTS_", "HUAWEICLOUD_SDK_", "SANDBOX_", "DATABASE_URL", "IMPORT_COMPOSER_")
START_LIMIT_S = 90.0  # a guard against hanging, not an assertion about speed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AgentApp:
    def __init__(self, process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
        self.process = process
        self.url = url
        self.log_path = log_path
        self.http = requests.Session()
        self.http.trust_env = False

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def interact(self, **payload: Any) -> dict[str, Any]:
        """One request; waits out a run that is still going (202) by asking again with its session id."""
        deadline = time.monotonic() + START_LIMIT_S
        while True:
            answer = self.http.post(f"{self.url}/_stcore/agent/interact", json=payload, timeout=120)
            if answer.status_code == 202 and time.monotonic() < deadline:
                payload = {"session_id": answer.json()["session_id"]}
                continue
            assert answer.status_code == 200, answer.text[:2000]
            page = answer.json()
            assert page["status"] == "ready", (page["status"], self.log()[-3000:])
            return page

    def stop(self) -> None:
        self.http.close()
        stop_process(self.process)


def start_app(workdir: Path, env: dict[str, str], script: str = "app.py") -> AgentApp:
    """A fresh `streamlit run app.py` (or `script`) on a free loopback port with the agent API on; `env` adds
    settings."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(CLOUD_PREFIXES)}
    environment.update(env)
    log_path = workdir / f"streamlit-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.enableAgentApi", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    app = AgentApp(process, url, log_path)
    deadline = time.monotonic() + START_LIMIT_S
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {process.returncode}:\n{app.log()[-3000:]}")
            if f"127.0.0.1:{port}" in app.log():  # our own process says it serves this port
                with contextlib.suppress(requests.RequestException):
                    if app.http.get(f"{url}/_stcore/health", timeout=2).text.strip() == "ok":
                        return app
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url}:\n{app.log()[-3000:]}")
            time.sleep(0.1)
    except BaseException:
        app.stop()
        raise


def nodes(tree: Any) -> list[dict[str, Any]]:
    """Every element of a page tree, depth first."""
    found: list[dict[str, Any]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.append(node)
            stack.extend(reversed(node.get("children") or []))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return found


def widget(page: dict[str, Any], key: str) -> dict[str, Any]:
    matches = [node for node in nodes(page["tree"]) if node.get("key") == key]
    assert matches, f"no element with key {key!r} on the page"
    return matches[0]


def page_text(page: dict[str, Any]) -> str:
    """The page's texts and values, as one string (Markdown escapes left in)."""
    parts: list[str] = []
    for node in nodes(page["tree"]):
        props = node.get("props") or {}
        parts += [str(props[name]) for name in ("body", "label", "text") if props.get(name)]
        if "value" in node:
            parts.append(str(node["value"]))
        if "data" in node:
            parts.append(str(node["data"]))
    return "\n".join(parts)
