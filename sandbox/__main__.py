"""`python -m sandbox`: serve the ModelArts sandbox on loopback; `--help` lists the options."""

from __future__ import annotations

import argparse
import gc
import ipaddress
import json
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sandbox.config import (
    DEFAULT_DATA_ROOT,
    DEFAULT_HOST,
    DEFAULT_IMPORT_DELAY,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PORT,
    DEFAULT_WORKERS,
    SandboxConfig,
)
from sandbox.lockfile import DataRootBusy, DataRootLock

if TYPE_CHECKING:
    import uvicorn

GC_YOUNG_THRESHOLD = 20_000
TRUE_WORDS = {"1", "true", "yes", "on"}
BACKLOG = 2048  # uvicorn's default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="A local ModelArts-compatible server for dataset import tasks. Files under "
        "<data-root>/obs/<bucket>/ stand in for s3://<bucket>/, <data-root>/hdfs/ for MRS HDFS paths.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)"
    )
    parser.add_argument(
        "--data-root",
        type=Path,
        default=Path(env.get("SANDBOX_DATA_ROOT", DEFAULT_DATA_ROOT)),
        help=f"folder for the storage and the database (default $SANDBOX_DATA_ROOT or ./{DEFAULT_DATA_ROOT})",
    )
    parser.add_argument(
        "--ak",
        default=env.get("SANDBOX_AK"),
        help="access key: verify SDK-HMAC-SHA256 signatures (default $SANDBOX_AK; needs --sk too)",
    )
    parser.add_argument(
        "--sk",
        default=env.get("SANDBOX_SK"),
        help="secret key (default $SANDBOX_SK; prefer the variable: arguments show in process lists)",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        default=env.get("SANDBOX_FAULTS", "").strip().lower() in TRUE_WORDS,
        help="enable the test switches POST /_sandbox/faults and /_sandbox/imports (default $SANDBOX_FAULTS)",
    )
    parser.add_argument(
        "--hold-imports",
        choices=("queuing", "running"),
        help="start with imports held at that stage, as POST /_sandbox/imports does (needs --faults)",
    )
    parser.add_argument(
        "--import-delay",
        type=float,
        default=DEFAULT_IMPORT_DELAY,
        help=f"seconds an import waits in QUEUING and again in RUNNING (default {DEFAULT_IMPORT_DELAY})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        help=f"imports run at once (default {DEFAULT_WORKERS})",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        help=f"largest request body accepted (default {DEFAULT_MAX_BODY_BYTES})",
    )
    parser.add_argument(
        "--no-demo", action="store_true", help="don't copy demo files or create demo datasets"
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    parser.add_argument("--access-log", action="store_true", help="log every request")
    # used by sandbox.launcher
    parser.add_argument("--instance-id", default="", help=argparse.SUPPRESS)
    parser.add_argument("--ready-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.hold_imports and not args.faults:
        parser.error("--hold-imports is a test switch: it needs --faults")
    if bool(args.ak) != bool(args.sk):
        parser.error("give both --ak and --sk (or SANDBOX_AK and SANDBOX_SK), or neither")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0 to 65535")
    if args.import_delay < 0 or args.workers < 1 or args.max_body_bytes < 1024:
        parser.error("--import-delay must be >= 0, --workers >= 1, --max-body-bytes >= 1024")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # What this process writes (database, journal, lock, ready file, the demo's copies, imported data) is for
    # its own user only: files 0600, folders 0700.
    os.umask(0o077)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    data_root = args.data_root.expanduser().resolve()
    data_root.mkdir(parents=True, exist_ok=True)
    config = SandboxConfig(
        data_root=data_root,
        host=args.host,
        port=args.port,
        ak=args.ak or None,
        sk=args.sk or None,
        faults=args.faults,
        import_delay=args.import_delay,
        workers=args.workers,
        max_body_bytes=args.max_body_bytes,
        demo=not args.no_demo,
        instance_id=args.instance_id,
    )
    lock = DataRootLock(data_root)
    try:
        lock.acquire()
    except DataRootBusy as busy:
        print(f"sandbox: {busy}", file=sys.stderr)
        return 3
    try:
        return _serve(config, args)
    finally:
        lock.release()


def _serve(config: SandboxConfig, args: argparse.Namespace) -> int:
    """Listen first, then import and set up the server: the launcher's health check, sent as soon as the
    ready file names the port, waits in the socket's backlog and is answered as soon as the server serves,
    with no polling while ~0.4 s of imports run. Requests are only answered once everything is set up (the
    demo data laid out on a first start)."""
    try:
        sock = _bind(config.host, config.port)
    except OSError as error:
        print(
            f"sandbox: cannot listen on {config.host}:{config.port}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    try:
        port = sock.getsockname()[1]
        url = f"http://{_url_host(config.host)}:{port}"
        if args.ready_file:
            _write_ready_file(args.ready_file, url=url, port=port, instance=config.instance_id)
        # No garbage collections while start-up imports and builds what lives as long as the process (~5% of
        # its CPU): it makes few cycles (~650 objects, frozen with the rest before serving).
        gc.disable()
        return _set_up_and_run(config, args, sock, url)
    finally:
        gc.enable()
        sock.close()


def _set_up_and_run(config: SandboxConfig, args: argparse.Namespace, sock: socket.socket, url: str) -> int:
    import uvicorn

    from sandbox.db import Database
    from sandbox.runner import Runner
    from sandbox.seed import seed_demo
    from sandbox.server import Sandbox, create_app

    if config.verifies_signatures:
        import client.signer  # noqa: F401  (loaded now, not during the first signed request)

    db = Database(config.db_path)
    try:
        if config.demo:
            seed_demo(db, config.data_root)
        runner = Runner(db, config.data_root, import_delay=config.import_delay, workers=config.workers)
        runner.set_hold(args.hold_imports)
        app = create_app(Sandbox(config, db, runner))
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                host=config.host,
                port=sock.getsockname()[1],
                ws="none",  # no WebSocket endpoints: spares importing a WebSocket protocol (~10 ms)
                log_level=args.log_level.lower(),
                access_log=args.access_log,
                timeout_graceful_shutdown=5,
                lifespan="on",
            )
        )
        if args.parent_pid:
            _exit_with_parent(server, args.parent_pid)
        if not _loopback(config.host):
            print(
                f"sandbox: warning: listening on {config.host}, not loopback: anyone who can reach it can "
                "use it (any token is accepted).",
                file=sys.stderr,
            )
        auth = "token or AK/SK signature" if config.verifies_signatures else "any token"
        print(f"ModelArts sandbox at {url} (data root {config.data_root}; auth: {auth})", flush=True)
        gc.freeze()  # what start-up built lives as long as the process: keep it out of every collection
        # An import makes and drops millions of small objects, few of them in cycles: collecting the youngest
        # generation every 700 of them (the default) cost a tenth of a large import.
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()
        server.run(sockets=[sock])
    finally:
        db.close()
    return 0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, or asyncio leaves Nagle on for accepted connections (40 ms per keep-alive request)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)  # connections queue from now on, until the server serves them
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _write_ready_file(path: Path, **info: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({**info, "pid": os.getpid()}), encoding="utf-8")
    temporary.replace(path)


def _exit_with_parent(server: uvicorn.Server, parent_pid: int) -> None:
    """Stop serving when the process that started the sandbox is gone (no orphaned servers)."""

    def watch() -> None:
        while not server.should_exit:
            if os.getppid() != parent_pid and not _alive(parent_pid):
                server.should_exit = True
                return
            time.sleep(1.0)

    threading.Thread(target=watch, name="sandbox-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    sys.exit(main())
