"""Sandbox-only, read-only view of the sandbox's object store over HTTP, for the app's preflight.

The app reads the sandbox's folder directly when it started the sandbox itself; a sandbox it only knows
by URL (IMPORT_COMPOSER_SANDBOX_URL) is read through these endpoints instead. Only keys below "obs/" and
"hdfs/" are served (never the database or logs next to them), and LocalStorage refuses anything that
would leave the data root.

    GET /_sandbox/objects?prefix=obs/b/dir/&limit=N   -> NDJSON, one {"key", "size"} per line, sorted
    GET /_sandbox/objects/meta?key=obs/b/k             -> {"key", "size" (null when missing), "is_dir"}
    GET /_sandbox/objects/content?key=obs/b/k[&max_bytes=N] -> the bytes (404 when missing)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, StreamingResponse

from sources.storage import LocalStorage, PathError

PREFIXES = ("obs/", "hdfs/")
CHUNK_BYTES = 64 * 1024
MAX_LIMIT = 1_000_000


def objects_router(storage: LocalStorage) -> APIRouter:
    router = APIRouter(prefix="/_sandbox/objects")

    @router.get("")
    def list_objects(
        prefix: str, limit: Annotated[int | None, Query(ge=0, le=MAX_LIMIT)] = None
    ) -> Any:
        refused = _refused(prefix)
        if refused is not None:
            return refused
        return StreamingResponse(_ndjson(storage, prefix, limit), media_type="application/x-ndjson")

    @router.get("/meta")
    def meta(key: str) -> Any:
        refused = _refused(key)
        if refused is not None:
            return refused
        return {"key": key, "size": storage.size(key), "is_dir": storage.is_dir(key)}

    @router.get("/content")
    def content(key: str, max_bytes: Annotated[int | None, Query(ge=0)] = None) -> Any:
        refused = _refused(key)
        if refused is not None:
            return refused
        try:
            stream = storage.open(key)
        except (FileNotFoundError, PathError):
            return _error(404, f"no such object: {key[:200]}")
        return StreamingResponse(_chunks(stream, max_bytes), media_type="application/octet-stream")

    return router


def _refused(key: str) -> JSONResponse | None:
    if not key.startswith(PREFIXES):
        return _error(400, "only keys below obs/ and hdfs/ can be read.")
    if "\\" in key or "\x00" in key or any(part in (".", "..") for part in key.split("/")):
        return _error(400, "the key contains '.', '..', a backslash or NUL.")
    return None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error_code": "ModelArts.4312" if status == 404 else "ModelArts.0010",
                         "error_msg": message}, status_code=status)


def _ndjson(storage: LocalStorage, prefix: str, limit: int | None) -> Iterator[bytes]:
    try:
        for obj in storage.list(prefix, limit=limit):
            yield (json.dumps({"key": obj.key, "size": obj.size}, ensure_ascii=False) + "\n").encode()
    except PathError:
        return


def _chunks(stream: Any, max_bytes: int | None) -> Iterator[bytes]:
    left = max_bytes
    try:
        while left is None or left > 0:
            chunk = stream.read(CHUNK_BYTES if left is None else min(CHUNK_BYTES, left))
            if not chunk:
                return
            if left is not None:
                left -= len(chunk)
            yield chunk
    finally:
        stream.close()
