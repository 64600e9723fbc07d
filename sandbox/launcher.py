"""Start `python -m sandbox` as a child process and know when *it* (not some other server) is serving.

    with start_sandbox(Path("data/sandbox")) as sandbox:
        requests.get(f"{sandbox.url}/v2/{sandbox.project_id}/datasets", headers={"X-Auth-Token": "x"})

The child gets a random instance id and reports its port in a ready file as soon as it listens, before it
imports and sets up its server; the launcher then asks the health endpoint on that port, whose request waits
in the socket's backlog until the server serves, and takes the answer if it names the same instance id and the
child's pid. The child stops by itself when the process that started it is gone.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Self

import requests

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROJECT_ID = "sandbox"
HEALTH_PATH = "/_sandbox/health"
HEALTH_WAIT_S = 10.0  # the longest one health check waits for an answer; checks repeat until the timeout
_SANDBOX_ENV = ("SANDBOX_AK", "SANDBOX_SK", "SANDBOX_FAULTS", "SANDBOX_DATA_ROOT")


class SandboxStartError(RuntimeError):
    pass


class RunningSandbox:
    """A sandbox child process that answered its health check. Stop it with `.stop()` or a `with` block."""

    project_id = DEFAULT_PROJECT_ID

    def __init__(
        self, process: subprocess.Popen[bytes], url: str, data_root: Path, instance_id: str, log_path: Path
    ) -> None:
        self.process = process
        self.url = url
        self.data_root = data_root
        self.instance_id = instance_id
        self.log_path = log_path
        atexit.register(self.stop)

    def __repr__(self) -> str:
        return f"RunningSandbox(url={self.url!r}, pid={self.pid}, data_root={str(self.data_root)!r})"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to shut down (SIGTERM), and kill it if it has not within `timeout` seconds."""
        atexit.unregister(self.stop)
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_sandbox(
    data_root: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    ak: str | None = None,
    sk: str | None = None,
    faults: bool = False,
    *,
    import_delay: float | None = None,
    workers: int | None = None,
    demo: bool = True,
    timeout: float = 60.0,
    extra_args: list[str] | tuple[str, ...] = (),
) -> RunningSandbox:
    """Start a sandbox serving `data_root` on `host`:`port` (0 = a free port) and wait until it answers."""
    starting = begin_sandbox(
        data_root, host, port, ak, sk, faults,
        import_delay=import_delay, workers=workers, demo=demo, extra_args=extra_args,
    )  # fmt: skip
    return starting.ready(timeout)


class StartingSandbox:
    """A sandbox child process that was started and may not answer yet: `ready()` waits until it does."""

    def __init__(self, process: subprocess.Popen[bytes], data_root: Path, instance_id: str, log_path: Path) -> None:
        self.process = process
        self.data_root = data_root
        self.instance_id = instance_id
        self.log_path = log_path
        self._ready_file = data_root / f".sandbox-ready-{instance_id}.json"
        self._running: RunningSandbox | None = None

    def ready(self, timeout: float = 60.0) -> RunningSandbox:
        """The running sandbox once it answers (at once if it did already); SandboxStartError if it cannot."""
        if self._running is not None:
            return self._running
        try:
            url = _wait_until_serving(self.process, self._ready_file, self.instance_id, self.log_path, timeout)
        except BaseException:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(10)
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                self._ready_file.unlink()
        self._running = RunningSandbox(self.process, url, self.data_root, self.instance_id, self.log_path)
        return self._running


def begin_sandbox(
    data_root: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    ak: str | None = None,
    sk: str | None = None,
    faults: bool = False,
    *,
    import_delay: float | None = None,
    workers: int | None = None,
    demo: bool = True,
    extra_args: list[str] | tuple[str, ...] = (),
) -> StartingSandbox:
    """Start the sandbox child process and return at once: its start-up overlaps whatever the caller does
    next. Same arguments as `start_sandbox`; call `.ready()` on the result before using it."""
    if bool(ak) != bool(sk):
        raise ValueError("give both ak and sk, or neither")
    data_root = Path(data_root).expanduser().resolve()
    data_root.mkdir(parents=True, exist_ok=True)
    instance_id = secrets.token_hex(12)
    ready_file = data_root / f".sandbox-ready-{instance_id}.json"
    log_path = data_root / "sandbox.log"
    command = [
        sys.executable, "-m", "sandbox",
        "--host", host,
        "--port", str(port),
        "--data-root", str(data_root),
        "--instance-id", instance_id,
        "--ready-file", str(ready_file),
        "--parent-pid", str(os.getpid()),
    ]  # fmt: skip
    if faults:
        command.append("--faults")
    if import_delay is not None:
        command += ["--import-delay", str(import_delay)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if not demo:
        command.append("--no-demo")
    command += list(extra_args)
    env = {key: value for key, value in os.environ.items() if key not in _SANDBOX_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    if ak and sk:  # through the environment: arguments are visible in process lists
        env["SANDBOX_AK"], env["SANDBOX_SK"] = ak, sk
    # the log is the sandbox's data too: for this user only (0600), like every file the sandbox makes
    with os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    return StartingSandbox(process, data_root, instance_id, log_path)


def is_own_sandbox(url: str, instance_id: str, pid: int | None = None, timeout: float = 2.0) -> bool:
    """Whether the server at `url` is the sandbox with this instance id (and pid, when given)."""
    session = requests.Session()
    session.trust_env = False  # loopback must never go through a proxy
    try:
        answer = session.get(url + HEALTH_PATH, timeout=timeout)
        info = answer.json()
    except (requests.RequestException, ValueError):
        return False
    finally:
        session.close()
    if not isinstance(info, dict) or info.get("instance") != instance_id:
        return False
    return pid is None or info.get("pid") == pid


def _wait_until_serving(
    process: subprocess.Popen[bytes], ready_file: Path, instance_id: str, log_path: Path, timeout: float
) -> str:
    deadline = time.monotonic() + timeout
    url: str | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SandboxStartError(
                f"The sandbox exited with code {process.returncode} before serving. Its log ({log_path}) "
                f"ends with:\n{_tail(log_path)}"
            )
        if url is None and ready_file.is_file():
            with contextlib.suppress(ValueError, OSError, KeyError):
                url = json.loads(ready_file.read_text(encoding="utf-8"))["url"]
        # The child listens before it sets its server up: the answer comes as soon as it serves (or the
        # connection is refused or reset if it exits first).
        if url is not None and is_own_sandbox(url, instance_id, process.pid, timeout=_answer_wait(deadline)):
            return url
        time.sleep(0.05)
    raise SandboxStartError(f"The sandbox did not answer within {timeout:.0f} s. See its log: {log_path}")


def _answer_wait(deadline: float) -> float:
    return max(1.0, min(HEALTH_WAIT_S, deadline - time.monotonic()))


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
