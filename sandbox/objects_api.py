"""Sandbox-only, read-only view of the sandbox's object store over HTTP, for the app's preflight.

The app reads the sandbox's folder directly when it started the sandbox itself; a sandbox it only knows
by URL (IMPORT_COMPOSER_SANDBOX_URL) is read through these endpoints instead. Only keys below "obs/" and
"hdfs/" are served (never the database or logs next to them), and LocalStorage refuses anything that
would leave the data root.

    GET /_sandbox/objects?prefix=obs/b/dir/&limit=N   -> NDJSON, one {"key", "size"} per line, sorted
    GET /_sandbox/objects/meta?key=obs/b/k             -> {"key", "size" (null when missing), "is_dir"}
    GET /_sandbox/objects/content?key=obs/b/k[&max_bytes=N] -> the bytes (404 when missing)
    GET /_sandbox/objects/folders?prefix=obs/b/dir/[&marker=K&limit=N] -> one level, as S3's ListObjectsV2 with
        delimiter "/": {"folders": [keys ending in "/"], "objects": [{"key", "size"}], "next_marker"}, paged
        (folders first, then files, by name); prefix "obs/" gives the buckets as folders (the OBS browser)
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
FOLDER_PAGE = 1000  # entries per page of a one-level listing, as ListObjectsV2's MaxKeys


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

    @router.get("/folders")
    def folders(
        prefix: str,
        marker: str | None = None,
        limit: Annotated[int, Query(ge=1, le=FOLDER_PAGE)] = FOLDER_PAGE,
    ) -> Any:
        refused = _refused(prefix)
        if refused is not None:
            return refused
        subfolders, files = storage.children(prefix.rstrip("/"))
        entries: list[tuple[str, int | None]] = [(key, None) for key in subfolders]
        entries += [(obj.key, obj.size) for obj in files]
        if marker:
            entries = [entry for entry in entries if _after(entry[0], marker)]
        page, rest = entries[:limit], entries[limit:]
        return {
            "folders": [key for key, size in page if size is None],
            "objects": [{"key": key, "size": size} for key, size in page if size is not None],
            "next_marker": page[-1][0] if rest else None,
        }

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


def _after(key: str, marker: str) -> bool:
    """Whether `key` comes after `marker` in a page's order: folders (by name), then files (by name)."""
    key_is_folder, marker_is_folder = key.endswith("/"), marker.endswith("/")
    if key_is_folder != marker_is_folder:
        return marker_is_folder  # files come after every folder
    return key > marker


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
