"""A scripted HTTP server on 127.0.0.1 for the faults the sandbox cannot produce.

Each request takes the next action of the script (the last one repeats) and is recorded.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


def json_reply(body: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, body, {"Content-Type": "application/json", **headers})


def error_reply(status: int, code: str, message: str = "failed", key: str = "error_msg", **headers: str) -> Reply:
    return json_reply({"error_code": code, key: message}, status, **headers)


@dataclass
class Stall:
    """Read the request, then answer nothing until the server stops."""


@dataclass
class CutOff:
    """Announce a body longer than what is sent, then close the connection."""

    sent: bytes = b'{"datasets": [{"dataset_id": "d1"'
    announced: int = 4096


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def json(self) -> Any:
        return json.loads(self.body)


class FaultServer:
    def __init__(self, port: int = 0) -> None:
        self.requests: list[Recorded] = []
        self._script: list[Any] = [json_reply({})]
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, *actions: Any) -> FaultServer:
        with self._lock:
            self._script = list(actions)
        return self

    def next_action(self, recorded: Recorded) -> Any:
        with self._lock:
            self.requests.append(recorded)
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def wait_released(self) -> None:
        self._released.wait(30)

    def close(self) -> None:
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def free_port() -> int:
    """A port nothing listens on (bound once, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _handler(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            action = server.next_action(Recorded(self.command, self.path, dict(self.headers.items()), body))
            if isinstance(action, Stall):
                server.wait_released()
                self.close_connection = True
                return
            if isinstance(action, CutOff):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(action.announced))
                self.end_headers()
                self.wfile.write(action.sent)
                self.wfile.flush()
                self.close_connection = True
                return
            payload = action.payload()
            self.send_response(action.status)
            for name, value in action.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return Handler
