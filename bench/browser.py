"""What the browser benchmarks share: Debian's Chromium through Playwright, and `streamlit run` servers.

Only one browser may run at a time on this machine (two cores): `wait_for_no_other_chromium()` waits until
no other Chromium is running before a benchmark starts its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-proxy-server",
]
# The app must not find cloud settings here: it would talk to ModelArts.
CLOUD_ENV_PREFIXES = ("MODELARTS_", "HUAWEICLOUD_SDK_", "SANDBOX_", "IMPORT_COMPOSER_", "DATABASE_URL")
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
START_LIMIT_S = 120.0  # a guard against hanging, not a measurement


def chromium_executable() -> str:
    found = next((path for path in CHROMIUM_PATHS if os.access(path, os.X_OK)), None)
    if found is None:
        raise SystemExit(f"Chromium not found at {' or '.join(CHROMIUM_PATHS)}: apt-get install -y chromium")
    return found


def launch_args() -> dict:
    return {"executable_path": chromium_executable(), "args": CHROMIUM_ARGS, "headless": True}


def wait_for_no_other_chromium(poll_s: float = 5.0) -> None:
    """Block while some other Chromium runs: two browsers on two cores would measure each other."""
    announced = False
    while subprocess.run(["pgrep", "-f", "chromium"], capture_output=True).returncode == 0:
        if not announced:
            print("waiting for another Chromium on this machine to finish…", file=sys.stderr, flush=True)
            announced = True
        time.sleep(poll_s)


def app_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLOUD_ENV_PREFIXES)}
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StreamlitServer:
    """`streamlit run <script>` on a free loopback port, as a user would start it."""

    def __init__(self, script: Path, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_serving(self, poll_s: float = 0.02) -> None:
        session = requests.Session()
        session.trust_env = False
        deadline = time.monotonic() + START_LIMIT_S
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"streamlit exited:\n{self.log_path.read_text(errors='replace')[-3000:]}")
                with contextlib.suppress(requests.RequestException):
                    if session.get(f"{self.url}/_stcore/health", timeout=2).text.strip() == "ok":
                        return
                time.sleep(poll_s)
        finally:
            session.close()
        raise RuntimeError(f"streamlit did not answer on {self.url}")

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen, wait_s: float = 20.0) -> None:
    """SIGTERM, so the server shuts down cleanly; SIGKILL if it has not within `wait_s`."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(wait_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(wait_s)
