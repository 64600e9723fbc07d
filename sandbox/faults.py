"""A switch for tests: make the next requests fail or stall. Off unless the sandbox runs with --faults.

    POST /_sandbox/faults  {"count": 2, "status": 503, "delay": 1.5, "body": "...", "method": "POST",
                            "path": "/import-tasks", "headers": {"Retry-After": "1"}}

arms a rule for the next `count` requests whose method is `method` and whose path contains `path`
(both optional). Each such request waits `delay` seconds, then gets `status` with `body` (a JSON value,
or text) instead of its real answer; without `status` it is only delayed. Rules are used in the order
they were armed. GET /_sandbox/faults shows what is armed, DELETE /_sandbox/faults disarms everything.
Requests to /_sandbox/... are never affected.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sandbox.middleware import ASGIApp, Receive, Scope, Send, send_json

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

    @model_validator(mode="after")
    def _does_something(self) -> FaultRule:
        if self.status is None and self.delay == 0:
            raise ValueError("give a status, a delay, or both: this rule would change nothing")
        if self.status is None and (self.body is not None or self.headers):
            raise ValueError("body and headers need a status")
        return self

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or self.path in path


class FaultSwitch:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self.applied = 0

    def arm(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "rules": [rule.model_dump(exclude_none=True) for rule in self._rules],
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
        rule = self.switch.take(scope["method"], scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
            return
        if rule.delay:
            await asyncio.sleep(rule.delay)
        if rule.status is None:
            await self.app(scope, receive, send)
            return
        await _send_fault(send, rule)


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
