"""A sandbox the app did not start (IMPORT_COMPOSER_SANDBOX_URL) read over its /_sandbox/objects endpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import requests

from models.messages import N_, Message
from sources.storage import StoredObject

from .errors import SourceUnreadable

TIMEOUT_S = 30


class SandboxObjectsStorage:
    """Storage over the sandbox's read-only /_sandbox/objects API (see sandbox/objects_api.py)."""

    def __init__(self, base_url: str, *, timeout: float = TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._http = requests.Session()
        self._http.trust_env = False  # the sandbox is local: never through an environment proxy

    def __repr__(self) -> str:
        return f"SandboxObjectsStorage({self.base_url!r})"

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        params: dict[str, Any] = {"prefix": prefix}
        if limit is not None:
            params["limit"] = max(0, limit)
        answer = self._get("", params, stream=True)
        try:
            for line in answer.iter_lines():
                if line:
                    entry = json.loads(line)
                    yield StoredObject(str(entry["key"]), int(entry["size"]))
        finally:
            answer.close()

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        params: dict[str, Any] = {"key": key}
        if max_bytes is not None:
            params["max_bytes"] = max_bytes
        return self._get("/content", params).content

    def open(self, key: str) -> BinaryIO:
        answer = self._get("/content", {"key": key}, stream=True)
        return _Body(answer)  # type: ignore[return-value]

    def size(self, key: str) -> int | None:
        return self._meta(key)["size"]

    def is_dir(self, key: str) -> bool:
        return bool(self._meta(key.rstrip("/"))["is_dir"])

    def _meta(self, key: str) -> dict[str, Any]:
        return self._get("/meta", {"key": key}).json()

    def _get(self, path: str, params: dict[str, Any], *, stream: bool = False) -> requests.Response:
        url = f"{self.base_url}/_sandbox/objects{path}"
        try:
            answer = self._http.get(url, params=params, timeout=self.timeout, stream=stream)
        except requests.RequestException as exc:
            raise SourceUnreadable(
                Message(
                    N_("The sandbox at {url} could not be reached ({kind})."),
                    {"url": self.base_url, "kind": type(exc).__name__},
                )
            ) from None
        if answer.status_code == 404 and _error_message(answer).startswith("no such object"):
            answer.close()
            raise FileNotFoundError(f"no such object: {params.get('key')}")
        if answer.status_code == 404:
            answer.close()
            raise SourceUnreadable(
                Message(
                    N_(
                        "The sandbox at {url} does not offer /_sandbox/objects (an older version?), so its folder "
                        "cannot be checked from here. Restart it from this version, or unset "
                        "IMPORT_COMPOSER_SANDBOX_URL so the app starts its own sandbox."
                    ),
                    {"url": self.base_url},
                )
            )
        if answer.status_code != 200:
            message = _error_message(answer)
            answer.close()
            raise SourceUnreadable(
                Message(
                    N_("The sandbox refused to read {key}: {reason}"),
                    {"key": params.get("key") or params.get("prefix"), "reason": message},
                )
            )
        return answer


class _Body:
    def __init__(self, answer: requests.Response) -> None:
        self._answer = answer

    def read(self, n: int = -1) -> bytes:
        return self._answer.raw.read(None if n is None or n < 0 else n, decode_content=True)

    def close(self) -> None:
        self._answer.close()

    def __enter__(self) -> _Body:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _error_message(answer: requests.Response) -> str:
    try:
        body = answer.json()
        return str(body.get("error_msg") or body)[:300]
    except ValueError:
        return f"HTTP {answer.status_code}"
