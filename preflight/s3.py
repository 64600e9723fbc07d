"""OBS through its S3-compatible API (boto3), as a Storage: what the preflight reads on Huawei Cloud.

Keys are the layout readers' "obs/<bucket>/<key>"; anything else (e.g. "hdfs/...") does not exist here.
Access problems (wrong keys, no permission, unreachable endpoint) raise SourceUnreadable with what to
check; the secret key is only ever handed to botocore.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from client.obs import s3_error_code
from models.messages import N_, Message
from sources.storage import StoredObject

from .errors import SourceUnreadable

PAGE_SIZE = 1000
TIMEOUT_S = 20
_MISSING = {"404", "NoSuchKey", "NoSuchBucket", "NotFound"}
_DENIED = {"AccessDenied", "AllAccessDisabled"}
_BAD_KEYS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired"}


class S3Storage:
    """Read-only Storage over an S3-compatible endpoint. Build it with `S3Storage.connect(...)`."""

    def __init__(self, client: Any, endpoint: str) -> None:
        self._client = client
        self.endpoint = endpoint

    def __repr__(self) -> str:
        return f"S3Storage(endpoint={self.endpoint!r})"

    @classmethod
    def connect(
        cls,
        endpoint: str,
        access_key: str,
        secret_key: str,
        *,
        security_token: str | None = None,
        region: str | None = None,
        timeout: float = TIMEOUT_S,
        max_attempts: int = 3,
    ) -> S3Storage:
        from client.obs import s3_client

        client = s3_client(
            endpoint,
            access_key,
            secret_key,
            security_token=security_token,
            region=region,
            timeout=timeout,
            max_attempts=max_attempts,
        )
        return cls(client, endpoint)

    def list(self, prefix: str, limit: int | None = None) -> Iterator[StoredObject]:
        split = _split(prefix)
        if split is None or (limit is not None and limit <= 0):
            return
        bucket, key_prefix = split
        count = 0
        paginator = self._client.get_paginator("list_objects_v2")
        pages = paginator.paginate(
            Bucket=bucket, Prefix=key_prefix, PaginationConfig={"PageSize": PAGE_SIZE}
        )
        with self._translated(bucket):
            for page in pages:
                for entry in page.get("Contents") or []:
                    name = entry["Key"]
                    if name.endswith("/"):  # a folder marker the OBS console creates, not a file
                        continue
                    yield StoredObject(f"obs/{bucket}/{name}", int(entry.get("Size") or 0))
                    count += 1
                    if limit is not None and count >= limit:
                        return

    def read(self, key: str, max_bytes: int | None = None) -> bytes:
        if max_bytes == 0:
            return b""
        bucket, name = self._object(key)
        extra = {"Range": f"bytes=0-{max_bytes - 1}"} if max_bytes is not None else {}
        with self._translated(bucket, key=key):
            try:
                answer = self._client.get_object(Bucket=bucket, Key=name, **extra)
            except Exception as exc:
                if s3_error_code(exc) == "InvalidRange":  # an empty object asked for its first bytes
                    return b""
                raise
            body = answer["Body"]
            try:
                return body.read()
            finally:
                body.close()

    def open(self, key: str) -> BinaryIO:
        bucket, name = self._object(key)
        with self._translated(bucket, key=key):
            return self._client.get_object(Bucket=bucket, Key=name)["Body"]

    def size(self, key: str) -> int | None:
        split = _split(key)
        if split is None or not split[1]:
            return None
        bucket, name = split
        with self._translated(bucket, key=key, missing_is_none=True) as outcome:
            answer = self._client.head_object(Bucket=bucket, Key=name)
            return int(answer.get("ContentLength") or 0)
        return outcome.value

    def is_dir(self, key: str) -> bool:
        split = _split(key.rstrip("/"))
        if split is None:
            return False
        bucket, name = split
        with self._translated(bucket, missing_is_none=True):
            if not name:
                self._client.head_bucket(Bucket=bucket)
                return True
            answer = self._client.list_objects_v2(Bucket=bucket, Prefix=name + "/", MaxKeys=1)
            return int(answer.get("KeyCount") or len(answer.get("Contents") or [])) > 0
        return False

    def _object(self, key: str) -> tuple[str, str]:
        split = _split(key)
        if split is None or not split[1]:
            raise FileNotFoundError(f"no such object: {key}")
        return split

    def _translated(self, bucket: str, *, key: str | None = None, missing_is_none: bool = False) -> _Translate:
        return _Translate(self.endpoint, bucket, key, missing_is_none)


class _Outcome:
    value: Any = None


class _Translate:
    """Turns botocore errors into FileNotFoundError (missing), None (missing, when asked) or SourceUnreadable."""

    def __init__(self, endpoint: str, bucket: str, key: str | None, missing_is_none: bool) -> None:
        self.endpoint, self.bucket, self.key, self.missing_is_none = endpoint, bucket, key, missing_is_none
        self.outcome = _Outcome()

    def __enter__(self) -> _Outcome:
        return self.outcome

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or not isinstance(exc, Exception) or isinstance(exc, FileNotFoundError | GeneratorExit):
            return False
        code = s3_error_code(exc)
        if code in _MISSING:
            if self.missing_is_none:
                return True
            raise FileNotFoundError(f"no such object: {self.key or self.bucket}") from None
        raise SourceUnreadable(_explain(code, exc, self.endpoint, self.bucket)) from None


def _explain(code: str | None, exc: Exception, endpoint: str, bucket: str) -> Message:
    about = {"bucket": repr(bucket), "endpoint": endpoint, "code": code or ""}
    if code == "403":  # a HEAD answer has no error body: bad keys and missing permission look alike
        return Message(
            N_("OBS refused access to bucket {bucket} (HTTP 403): the access keys are wrong, or lack read permission "
               "on the bucket (OBS ReadOnlyAccess, or a bucket policy granting GetObject and ListBucket)."),
            about,
        )  # fmt: skip
    if code in _DENIED:
        return Message(
            N_("OBS refused to read bucket {bucket} (access denied). The access keys need read permission on the "
               "bucket (OBS ReadOnlyAccess or a bucket policy granting GetObject and ListBucket)."),
            about,
        )  # fmt: skip
    if code in _BAD_KEYS:
        return Message(
            N_("OBS did not accept the access keys ({code}). Check the AK/SK on the Connection page, and that a "
               "temporary key comes with its security token."),
            about,
        )  # fmt: skip
    if code == "PermanentRedirect" or code == "AuthorizationHeaderMalformed":
        return Message(N_("Bucket {bucket} lies in another region than {endpoint}. Use that region's endpoint."), about)
    kind = type(exc).__name__
    if kind in ("EndpointConnectionError", "ConnectTimeoutError", "ReadTimeoutError", "ConnectionClosedError"):
        return Message(
            N_("OBS at {endpoint} could not be reached ({kind}). Check the endpoint and the network."),
            {**about, "kind": kind},
        )
    if code:
        return Message(N_("OBS answered {code} for bucket {bucket} at {endpoint}."), about)
    return Message(N_("OBS at {endpoint} could not be read ({kind})."), {**about, "kind": kind})


def _split(key: str) -> tuple[str, str] | None:
    """'obs/b/k' -> ('b', 'k'), 'obs/b' -> ('b', ''); None for other schemes."""
    scheme, _, rest = key.partition("/")
    bucket, _, name = rest.partition("/")
    if scheme != "obs" or not bucket:
        return None
    return bucket, name


def obs_endpoint(modelarts_endpoint: str | None, region: str | None, override: str | None = None) -> str | None:
    """The OBS endpoint next to a ModelArts endpoint: `override` if given (the app's
    IMPORT_COMPOSER_OBS_ENDPOINT), else the ModelArts host with "modelarts." replaced by "obs." (works for
    Huawei Cloud and other clouds alike), else https://obs.<region>.myhuaweicloud.com; None when nothing says."""
    override = (override or "").strip()
    if override:
        return override.rstrip("/")
    if modelarts_endpoint:
        parts = urlsplit(modelarts_endpoint)
        host = parts.hostname or ""
        if host.startswith("modelarts."):
            return f"{parts.scheme or 'https'}://obs.{host[len('modelarts.'):]}"
    if region:
        return f"https://obs.{region}.myhuaweicloud.com"
    return None
