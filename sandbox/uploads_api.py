"""Sandbox-only uploads into its OBS folder, for the app's "Upload from this computer" (files land in the data
root, below obs/<bucket>/). A file up to one part is one PUT; a larger one is sent in parts, as OBS's multipart
upload, and becomes visible only when complete.

    PUT    /_sandbox/objects/content?key=obs/b/k            body: the file        -> {"key", "size"}
    POST   /_sandbox/uploads?key=obs/b/k                                         -> {"upload_id"}
    PUT    /_sandbox/uploads/{upload_id}/parts/{part_number} body: one part (1..10000)
    POST   /_sandbox/uploads/{upload_id}/complete           {"parts": N}         -> {"key", "size"}
    DELETE /_sandbox/uploads/{upload_id}                                          (abort)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sources.storage import LocalStorage, PathError

PART_BYTES = 16 * 1024 * 1024  # the largest part (and single PUT) the sandbox takes; the client sends this size
MAX_PARTS = 10_000  # as OBS
MAX_OBJECT_BYTES = 5 * 1024**3  # 5 GB, the console's limit per file
STAGING = ".uploads"  # below the data root, never below obs/ (so never listed or imported)
UPLOAD_PATHS = ("/_sandbox/uploads", "/_sandbox/objects/content")


def uploads_router(storage: LocalStorage) -> APIRouter:
    router = APIRouter()
    staging = storage.root / STAGING

    @router.put("/_sandbox/objects/content")
    async def put_object(key: str, request: Request) -> Any:
        refused = _refused(key)
        if refused is not None:
            return refused
        body = await request.body()
        try:
            size = await run_in_threadpool(_write_whole, storage, key, body)
        except PathError as exc:
            return _error(400, str(exc))
        return {"key": key, "size": size}

    @router.post("/_sandbox/uploads")
    def start_upload(key: str) -> Any:
        refused = _refused(key)
        if refused is not None:
            return refused
        try:
            storage.writable_path(key)  # refuse a bad key now, not after gigabytes were sent
        except PathError as exc:
            return _error(400, str(exc))
        upload_id = secrets.token_hex(12)
        folder = staging / upload_id
        folder.mkdir(parents=True)
        (folder / "key").write_text(key, encoding="utf-8")
        return {"upload_id": upload_id}

    @router.put("/_sandbox/uploads/{upload_id}/parts/{part_number}")
    async def put_part(
        upload_id: str, part_number: Annotated[int, PathParam(ge=1, le=MAX_PARTS)], request: Request
    ) -> Any:
        folder = _upload(staging, upload_id)
        if folder is None:
            return _error(404, f"no such upload: {upload_id[:40]}")
        body = await request.body()
        await run_in_threadpool((folder / f"{part_number:05d}.part").write_bytes, body)
        return {"part_number": part_number, "size": len(body)}

    @router.post("/_sandbox/uploads/{upload_id}/complete")
    async def complete(upload_id: str, request: Request) -> Any:
        folder = _upload(staging, upload_id)
        if folder is None:
            return _error(404, f"no such upload: {upload_id[:40]}")
        try:
            parts = int(json.loads(await request.body() or b"{}").get("parts", 0))
        except (ValueError, TypeError, AttributeError):
            return _error(400, 'Send {"parts": N}, the number of parts sent.')
        names = [folder / f"{n:05d}.part" for n in range(1, parts + 1)]
        missing = [n for n, path in enumerate(names, start=1) if not path.is_file()]
        if parts < 1 or missing:
            return _error(400, f"parts missing: {missing[:10] or 'none sent'}")
        key = (folder / "key").read_text(encoding="utf-8")
        try:
            size = await run_in_threadpool(_assemble, storage, key, names)
        except PathError as exc:
            return _error(400, str(exc))
        shutil.rmtree(folder, ignore_errors=True)
        return {"key": key, "size": size}

    @router.delete("/_sandbox/uploads/{upload_id}")
    def abort(upload_id: str) -> Any:
        folder = _upload(staging, upload_id)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        return {"upload_id": upload_id, "aborted": folder is not None}

    return router


def _upload(staging: Path, upload_id: str) -> Path | None:
    if not upload_id.isalnum():
        return None
    folder = staging / upload_id
    return folder if (folder / "key").is_file() else None


def _write_whole(storage: LocalStorage, key: str, body: bytes) -> int:
    target = storage.writable_path(key)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    with os.fdopen(handle, "wb") as out:
        out.write(body)
    os.replace(temporary, target)
    return len(body)


def _assemble(storage: LocalStorage, key: str, parts: list[Path]) -> int:
    target = storage.writable_path(key)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out, 1024 * 1024)
                size += part.stat().st_size
        if size > MAX_OBJECT_BYTES:
            raise PathError("ModelArts.4314", f"{key[:200]} is larger than 5 GB, the most one file may be.")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return size


def _refused(key: str) -> JSONResponse | None:
    if not key.startswith("obs/") or key.count("/") < 2:
        return _error(400, "uploads go below obs/<bucket>/.")
    if "\\" in key or "\x00" in key or any(part in (".", "..") for part in key.split("/")) or key.endswith("/"):
        return _error(400, "the key contains '.', '..', a backslash or NUL, or names a folder.")
    return None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error_code": "ModelArts.4312" if status == 404 else "ModelArts.0010",
                         "error_msg": message}, status_code=status)
