"""A switch for tests: make the next requests fail or stall. Off unless the sandbox runs with --faults.

    POST /_sandbox/faults  {"count": 2, "status": 503, "delay": 1.5, "body": "...", "method": "POST",
                            "path": "/import-tasks", "headers": {"Retry-After": "1"}}

arms a rule for the next `count` requests whose method is `method` and whose path contains `path`
(both optional). Each such request waits `delay` seconds, then gets `status` with `body` (a JSON value,
or text) instead of its real answer; without `status` it is only delayed. Rules are used in the order
they were armed. GET /_sandbox/faults shows what is armed, DELETE /_sandbox/faults disarms everything.
Requests to /_sandbox/... are never affected.

With `"after": true` the request is handled first (a task is really created) and its answer is held back
`delay` seconds, or, with `"drop": true` too, the connection is closed once the answer's head is sent: a client
whose read timeout is shorter than the delay, or whose connection drops, never learns what happened.

GET /_sandbox/received lists the last requests' method, path, headers and exact body bytes (base64), as
they arrived: for tests that compare what a client sent byte for byte (passwords included: test switch only).
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections import deque
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sandbox.middleware import ASGIApp, Message, Receive, Scope, Send, send_json

SANDBOX_PREFIX = "/_sandbox/"


class FaultRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(default=1, ge=1, le=100_000)
    status: int | None = Field(default=None, ge=100, le=599)
    delay: float = Field(default=0.0, ge=0.0, le=600.0)
    body: Any = None
    headers: dict[str, str] | None = None
    method: str | None = None
    path: str | None = None
    after: bool = False
    drop: bool = False

    @model_validator(mode="after")
    def _does_something(self) -> FaultRule:
        if self.drop and not self.after:
            raise ValueError("drop closes the connection after the request is handled: it needs after")
        if self.after and self.status is not None:
            raise ValueError("after holds back (or drops) the real answer: it takes no status")
        if self.status is None and self.delay == 0 and not self.drop:
            raise ValueError("give a status, a delay, or both: this rule would change nothing")
        if self.status is None and (self.body is not None or self.headers):
            raise ValueError("body and headers need a status")
        return self

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or self.path in path


RECEIVED_KEPT = 20


class FaultSwitch:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self.applied = 0
        self._received: deque[dict[str, Any]] = deque(maxlen=RECEIVED_KEPT)

    def record(self, scope: Scope, body: bytes) -> None:
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers", [])}
        query = scope.get("query_string", b"").decode("latin-1")
        entry = {
            "method": scope["method"],
            "path": scope["path"],
            "query": query,
            "headers": headers,
            "body_base64": base64.b64encode(body).decode("ascii"),
        }
        with self._lock:
            self._received.append(entry)

    def received(self) -> list[dict[str, Any]]:
        """The last requests, oldest first."""
        with self._lock:
            return list(self._received)

    def arm(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "rules": [
                    rule.model_dump(exclude_none=True, exclude={"after", "drop"} - rule.model_fields_set)
                    for rule in self._rules
                ],
                "applied": self.applied,
            }

    def take(self, method: str, path: str) -> FaultRule | None:
        """The rule this request falls under, counting it; None when no rule applies."""
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.matches(method, path):
                    self.applied += 1
                    if rule.count <= 1:
                        del self._rules[index]
                    else:
                        self._rules[index] = rule.model_copy(update={"count": rule.count - 1})
                    return rule
        return None


class FaultMiddleware:
    def __init__(self, app: ASGIApp, switch: FaultSwitch) -> None:
        self.app = app
        self.switch = switch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(SANDBOX_PREFIX):
            await self.app(scope, receive, send)
            return
        receive = self._recording(scope, receive)
        rule = self.switch.take(scope["method"], scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
            return
        if rule.after:
            await self._answer_late(scope, receive, send, rule)
            return
        if rule.delay:
            await asyncio.sleep(rule.delay)
        if rule.status is None:
            await self.app(scope, receive, send)
            return
        await _send_fault(send, rule)

    def _recording(self, scope: Scope, receive: Receive) -> Receive:
        """`receive`, keeping the body's bytes; recorded once the whole body has arrived."""
        chunks: list[bytes] = []

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.switch.record(scope, b"".join(chunks))
            return message

        return wrapped

    async def _answer_late(self, scope: Scope, receive: Receive, send: Send, rule: FaultRule) -> None:
        """Handle the request for real, then hold its answer back `delay` s, or drop the connection."""
        held: list[Message] = []

        async def keep(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, keep)
        if rule.delay:
            await asyncio.sleep(rule.delay)
        if rule.drop:
            # The answer's head goes out, then the server closes the connection (an exception after a response
            # has started; before, it would answer 500): the client reads a cut-off answer.
            if held:
                await send(held[0])
            raise ConnectionAbortedError("fault switch: connection dropped after the request was handled")
        for message in held:
            await send(message)


async def _send_fault(send: Send, rule: FaultRule) -> None:
    assert rule.status is not None
    extra = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in (rule.headers or {}).items()
    ]
    body = rule.body
    if body is None and rule.status >= 400:
        body = {
            "error_code": "ModelArts.0010",
            "error_msg": f"Fault injected by the sandbox's fault switch (HTTP {rule.status}).",
        }
    if isinstance(body, str):
        try:
            json.loads(body)
        except ValueError:
            payload = body.encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": rule.status,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(payload)).encode()),
                        *extra,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": payload})
            return
        body = json.loads(body)
    if body is None:
        await send({"type": "http.response.start", "status": rule.status, "headers": extra})
        await send({"type": "http.response.body", "body": b""})
        return
    await send_json(send, rule.status, body, extra)
