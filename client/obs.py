"""OBS for the form's folder browser and uploads: buckets, one folder level at a time, and uploads (multipart
for large files), over OBS's S3-compatible API (boto3) on Huawei Cloud, or the sandbox's objects API.

S3 calls: ListBuckets, ListObjectsV2 with Delimiter "/" (paged by ContinuationToken), and boto3's managed
upload (CreateMultipartUpload / UploadPart / CompleteMultipartUpload above MULTIPART_FROM). Errors become
ObsError, whose text says what to check (wrong keys, no permission, unreachable endpoint).
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol
from urllib.parse import urlsplit

import requests

from models.messages import Message

PAGE_SIZE = 200  # entries per folder page shown
PART_BYTES = 16 * 1024 * 1024  # one part of a multipart upload (the sandbox takes this size too)
MULTIPART_FROM = PART_BYTES  # files larger than one part go in parts
TIMEOUT_S = 20
MAX_FILES = 100  # the console's limits for one upload
MAX_FILE_BYTES = 5 * 1024**3

# progress(bytes sent so far of this file)
Progress = Callable[[int], None]


class ObsError(Exception):
    """Listing or uploading failed: `message` says why and what to check (to render in the reader's language);
    str() is the same in English, for logs."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class FolderPage:
    """One page of one folder level: subfolders (keys ending in "/") and files with their sizes."""

    bucket: str
    prefix: str
    folders: list[str] = field(default_factory=list)
    files: list[tuple[str, int]] = field(default_factory=list)
    next_marker: str | None = None


class ObsBrowser(Protocol):
    where: str  # "OBS at https://obs.cn-north-4.myhuaweicloud.com", in English (logs, keys)
    place: Message  # the same, for messages

    def buckets(self) -> list[str]: ...

    def folder(self, bucket: str, prefix: str, marker: str | None = None) -> FolderPage: ...

    def upload(self, bucket: str, key: str, data: BinaryIO, size: int, progress: Progress | None = None) -> None: ...


# --- Huawei Cloud: the S3-compatible API --------------------------------------------------------------------


def s3_client(
    endpoint: str,
    access_key: str,
    secret_key: str,
    *,
    security_token: str | None = None,
    region: str | None = None,
    timeout: float = TIMEOUT_S,
    max_attempts: int = 3,
) -> Any:
    """A boto3 S3 client for OBS (or any S3-compatible endpoint, e.g. moto's server in tests)."""
    import boto3
    from botocore.config import Config

    host = urlsplit(endpoint).hostname or ""
    config = Config(
        signature_version="s3v4",
        # bucket.obs.<region>.… for OBS; an address or localhost (a test server) has no bucket subdomains
        s3={"addressing_style": "path" if host == "localhost" or _address(host) else "virtual"},
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"max_attempts": max_attempts, "mode": "standard"},
        # S3-compatible services such as OBS do not all answer the checksums newer boto3 asks for.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        proxies={} if is_loopback(host) else None,  # loopback never goes through an environment proxy
    )
    session = boto3.session.Session(
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=security_token or None,
        region_name=region or "us-east-1",
    )
    return session.client("s3", endpoint_url=endpoint, config=config)


class S3Browser:
    def __init__(self, client: Any, endpoint: str) -> None:
        self._client = client
        self.place = Message("OBS at {endpoint}", {"endpoint": endpoint})
        self.where = str(self.place)

    def __repr__(self) -> str:
        return f"S3Browser({self.where!r})"

    def buckets(self) -> list[str]:
        with self._explained(None):
            answer = self._client.list_buckets()
        return sorted(str(b["Name"]) for b in answer.get("Buckets") or [])

    def folder(self, bucket: str, prefix: str, marker: str | None = None) -> FolderPage:
        prefix = _folder_prefix(prefix)
        args: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix, "Delimiter": "/", "MaxKeys": PAGE_SIZE}
        if marker:
            args["ContinuationToken"] = marker
        with self._explained(bucket):
            answer = self._client.list_objects_v2(**args)
        folders = [str(p["Prefix"]) for p in answer.get("CommonPrefixes") or []]
        files = [
            (str(o["Key"]), int(o.get("Size") or 0))
            for o in answer.get("Contents") or []
            if not str(o["Key"]).endswith("/")  # the folder's own marker object, made by the OBS console
        ]
        token = answer.get("NextContinuationToken") if answer.get("IsTruncated") else None
        return FolderPage(bucket, prefix, folders, files, token)

    def upload(self, bucket: str, key: str, data: BinaryIO, size: int, progress: Progress | None = None) -> None:
        from boto3.s3.transfer import TransferConfig

        sent = 0

        def callback(amount: int) -> None:
            nonlocal sent
            sent += amount
            if progress is not None:
                progress(sent)

        config = TransferConfig(multipart_threshold=MULTIPART_FROM, multipart_chunksize=PART_BYTES, max_concurrency=4)
        with self._explained(bucket):
            self._client.upload_fileobj(data, bucket, key, Config=config, Callback=callback)

    def _explained(self, bucket: str | None) -> _Explained:
        return _Explained(self.place, bucket)


class _Explained:
    def __init__(self, where: Message, bucket: str | None) -> None:
        self.where, self.bucket = where, bucket

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or not isinstance(exc, Exception) or isinstance(exc, ObsError):
            return False
        raise ObsError(explain_s3_error(exc, self.where, self.bucket)) from None


def explain_s3_error(exc: Exception, where: Message | str, bucket: str | None) -> Message:
    """What went wrong and what to check; `where`: the place the browser reads (a Message, or English)."""
    code = s3_error_code(exc)
    kind = type(exc).__name__
    what = Message("bucket {bucket}", {"bucket": repr(bucket)}) if bucket else Message("the bucket list")
    params = {"where": where, "bucket": repr(bucket), "code": code or kind, "what": what}
    if code in ("AccessDenied", "AllAccessDisabled", "403"):
        return Message(
            "{where} refused to show {what} (no permission). The access keys need OBS read permission "
            "(OBS ReadOnlyAccess, or a bucket policy granting ListBucket); to upload, also PutObject.",
            params,
        )
    if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"):
        return Message(
            "{where} did not accept the access keys ({code}). Check the AK/SK on the Connection page.", params
        )
    if code in ("NoSuchBucket", "404"):
        return Message("There is no bucket {bucket} at {where}. Check its name, or its region.", params)
    if code in ("PermanentRedirect", "AuthorizationHeaderMalformed"):
        return Message("Bucket {bucket} lies in another region than {where}. Use that region's endpoint.", params)
    if kind in ("EndpointConnectionError", "ConnectTimeoutError", "ReadTimeoutError", "ConnectionClosedError"):
        return Message("{where} could not be reached ({code}). Check the endpoint and the network.", params)
    return Message("{where} answered {code} for {what}.", params)


def s3_error_code(exc: BaseException) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = (response.get("Error") or {}).get("Code")
        if code:
            return str(code)
        status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        return str(status) if status else None
    return None


# --- the sandbox --------------------------------------------------------------------------------------------


class SandboxBrowser:
    """The sandbox's folder standing in for OBS: /_sandbox/objects/folders and /_sandbox/uploads."""

    def __init__(self, base_url: str, *, timeout: float = TIMEOUT_S, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.place = Message("the sandbox at {url}", {"url": self.base_url})
        self.where = str(self.place)
        self.timeout = timeout
        self._http = session or requests.Session()
        self._http.trust_env = False  # the sandbox is local: never through an environment proxy

    def __repr__(self) -> str:
        return f"SandboxBrowser({self.base_url!r})"

    def buckets(self) -> list[str]:
        answer = self._json("GET", "/_sandbox/objects/folders", params={"prefix": "obs/"})
        return [key.removeprefix("obs/").rstrip("/") for key in answer.get("folders") or []]

    def folder(self, bucket: str, prefix: str, marker: str | None = None) -> FolderPage:
        prefix = _folder_prefix(prefix)
        params: dict[str, Any] = {"prefix": f"obs/{bucket}/{prefix}", "limit": PAGE_SIZE}
        if marker:
            params["marker"] = f"obs/{bucket}/{marker}"
        answer = self._json("GET", "/_sandbox/objects/folders", params=params)
        cut = len(f"obs/{bucket}/")
        folders = [str(key)[cut:] for key in answer.get("folders") or []]
        files = [(str(o["key"])[cut:], int(o["size"])) for o in answer.get("objects") or []]
        next_marker = answer.get("next_marker")
        return FolderPage(bucket, prefix, folders, files, str(next_marker)[cut:] if next_marker else None)

    def upload(self, bucket: str, key: str, data: BinaryIO, size: int, progress: Progress | None = None) -> None:
        target = f"obs/{bucket}/{key}"
        if size <= MULTIPART_FROM:
            self._json("PUT", "/_sandbox/objects/content", params={"key": target}, data=data.read())
            if progress is not None:
                progress(size)
            return
        upload_id = self._json("POST", "/_sandbox/uploads", params={"key": target})["upload_id"]
        sent = parts = 0
        try:
            while chunk := data.read(PART_BYTES):
                parts += 1
                self._json("PUT", f"/_sandbox/uploads/{upload_id}/parts/{parts}", data=chunk)
                sent += len(chunk)
                if progress is not None:
                    progress(sent)
            self._json("POST", f"/_sandbox/uploads/{upload_id}/complete", data=json.dumps({"parts": parts}))
        except BaseException:
            with contextlib.suppress(requests.RequestException):
                self._http.delete(f"{self.base_url}/_sandbox/uploads/{upload_id}", timeout=self.timeout)
            raise

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            answer = self._http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise ObsError(
                Message("{where} could not be reached ({kind}).", {"where": self.place, "kind": type(exc).__name__})
            ) from None
        if answer.status_code == 404 and path == "/_sandbox/objects/folders":
            raise ObsError(
                Message(
                    "{where} has no folder listing (an older version?). Type the path instead.", {"where": self.place}
                )
            )
        if answer.status_code != 200:
            try:
                message = str(answer.json().get("error_msg"))
            except ValueError:
                message = f"HTTP {answer.status_code}"
            raise ObsError(Message("{where} refused: {message}", {"where": self.place, "message": message[:300]}))
        return answer.json()  # type: ignore[no-any-return]


def _folder_prefix(prefix: str) -> str:
    prefix = prefix.lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    address = _address(host)
    return host == "localhost" or (address is not None and address.is_loopback)
