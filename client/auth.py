"""The three ways to authenticate, each a small object the client asks for headers per request.

An auth object is called with the request exactly as it will be sent and returns the headers to add.
None of them shows a secret in repr() or str().
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar, Protocol, runtime_checkable
from urllib.parse import quote

from models.messages import N_, Message

from .errors import (
    ConfigurationError,
    InvalidResponseError,
    NotFoundError,
    error_from_response,
)
from .signer import sign
from .transport import Transport, read_json

TOKEN_HEADER = "X-Auth-Token"
PROJECT_HEADER = "X-Project-Id"
SECURITY_TOKEN_HEADER = "X-Security-Token"


@dataclass(frozen=True)
class AuthScope:
    """What the client knows that an auth object may need: where IAM is, which region and project."""

    region: str | None = None
    iam_endpoint: str | None = None
    project_id: str | None = None


@dataclass(frozen=True)
class OutgoingRequest:
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes


@runtime_checkable
class Auth(Protocol):
    kind: ClassVar[str]

    def headers_for(self, request: OutgoingRequest, transport: Transport, scope: AuthScope) -> dict[str, str]:
        """Headers to add to this exact request."""
        ...

    def refresh(self) -> bool:
        """Forget a cached credential after a 401; True when a repeat may now succeed."""
        ...

    def find_project_id(self, transport: Transport, scope: AuthScope) -> str | None:
        """The project id, when it can be learned with these credentials (else None)."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Every secret value held, so texts coming back from services can be scrubbed of them."""
        ...


def _mask(value: str) -> str:
    return value[:4] + "…" if len(value) > 8 else "…"


def _required(value: str | None, empty: str, variable: str) -> str:
    """`value` stripped; `empty` (a message id) says which one is empty."""
    text = (value or "").strip()
    if not text:
        raise ConfigurationError(Message(empty), Message("Set {variable}.", {"variable": variable}))
    return text


class TokenAuth:
    """A ready IAM token, sent as X-Auth-Token. It cannot be renewed here: on 401 the call fails."""

    kind: ClassVar[str] = "token"

    def __init__(self, token: str) -> None:
        self._token = _required(token, N_("The IAM token is empty."), "MODELARTS_TOKEN")

    def headers_for(self, request: OutgoingRequest, transport: Transport, scope: AuthScope) -> dict[str, str]:
        return {TOKEN_HEADER: self._token}

    def refresh(self) -> bool:
        return False

    def find_project_id(self, transport: Transport, scope: AuthScope) -> str | None:
        return None

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"


class AkSkAuth:
    """Access keys: every request is signed (SDK-HMAC-SHA256) and carries X-Project-Id.

    A temporary key also needs its security token (sent, and signed, as X-Security-Token).
    """

    kind: ClassVar[str] = "aksk"

    def __init__(self, ak: str, sk: str, security_token: str | None = None) -> None:
        self.ak = _required(ak, N_("The access key (AK) is empty."), "HUAWEICLOUD_SDK_AK")
        self._sk = _required(sk, N_("The secret key (SK) is empty."), "HUAWEICLOUD_SDK_SK")
        self._security_token = (security_token or "").strip() or None

    def headers_for(self, request: OutgoingRequest, transport: Transport, scope: AuthScope) -> dict[str, str]:
        headers = dict(request.headers)
        if scope.project_id:
            headers[PROJECT_HEADER] = scope.project_id
        if self._security_token:
            headers[SECURITY_TOKEN_HEADER] = self._security_token
        return sign(request.method, request.url, headers, request.body, self.ak, self._sk)

    def refresh(self) -> bool:
        return False

    def find_project_id(self, transport: Transport, scope: AuthScope) -> str | None:
        """Ask IAM for the project named after the region (what the Huawei SDKs do)."""
        if not scope.region or not scope.iam_endpoint:
            return None
        url = f"{scope.iam_endpoint}/v3/projects?name={quote(scope.region, safe='')}"
        unscoped = AuthScope(region=scope.region, iam_endpoint=scope.iam_endpoint)

        def signer(method: str, url: str, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
            return self.headers_for(OutgoingRequest(method, url, headers, body), transport, unscoped)

        response = transport.request("GET", url, {"Accept": "application/json"}, None, sign=signer, idempotent=True)
        if response.status_code >= 300:
            raise error_from_response(
                response.status_code,
                response.headers,
                response.content,
                method="GET",
                url=url,
                auth_kind=self.kind,
                service="IAM",
                secrets=self.secrets(),
            )
        payload = read_json(response, method="GET", url=url, service="IAM")
        projects = payload.get("projects") if isinstance(payload, dict) else None
        if not isinstance(projects, list):
            raise InvalidResponseError(
                Message("IAM's project list had no 'projects' list."),
                Message("Set MODELARTS_PROJECT_ID to your project id."),
                reason="unexpected_shape",
                method="GET",
                url=url,
            )
        ids = [str(p.get("id")) for p in projects if isinstance(p, dict) and p.get("id")]
        if not ids:
            raise NotFoundError(
                Message("IAM knows no project named {region} for these access keys.", {"region": scope.region}),
                Message(
                    "Check the region, or set MODELARTS_PROJECT_ID (My Credentials > API Credentials in the console)."
                ),
                method="GET",
                url=url,
            )
        if len(ids) > 1:
            raise ConfigurationError(
                Message(
                    "IAM lists several projects named {region}: {ids}.", {"region": scope.region, "ids": ", ".join(ids)}
                ),
                Message("Set MODELARTS_PROJECT_ID to the one to use."),
            )
        return ids[0]

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self._sk, self._security_token) if s)

    def __repr__(self) -> str:
        temporary = ", security_token=***" if self._security_token else ""
        return f"AkSkAuth(ak={_mask(self.ak)!r}, sk=***{temporary})"


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: datetime
    project_id: str | None


class IamUserAuth:
    """An IAM user's password, exchanged at IAM for a project-scoped token.

    The token is kept until `refresh_margin` before it expires; after a 401 it is fetched again once.
    The scope is `project_id` if given, else the project named `project_name` or the region.
    """

    kind: ClassVar[str] = "iam_user"
    DEFAULT_LIFETIME = timedelta(hours=1)  # assumed when IAM does not say when the token expires

    def __init__(
        self,
        user: str,
        password: str,
        domain: str,
        *,
        region: str | None = None,
        project_id: str | None = None,
        project_name: str | None = None,
        iam_endpoint: str | None = None,
        refresh_margin: timedelta = timedelta(minutes=5),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.user = _required(user, N_("The IAM user name is empty."), "MODELARTS_IAM_USER")
        self._password = _required(password, N_("The IAM password is empty."), "MODELARTS_IAM_PASSWORD")
        self.domain = _required(domain, N_("The account (domain) name is empty."), "MODELARTS_IAM_DOMAIN")
        self.region = (region or "").strip() or None
        self.project_id = (project_id or "").strip() or None
        self.project_name = (project_name or "").strip() or None
        self.iam_endpoint = (iam_endpoint or "").strip().rstrip("/") or None
        self.refresh_margin = refresh_margin
        self._clock = clock
        self._token: _Token | None = None
        self._lock = threading.Lock()

    def headers_for(self, request: OutgoingRequest, transport: Transport, scope: AuthScope) -> dict[str, str]:
        return {TOKEN_HEADER: self.token(transport, scope).value}

    def refresh(self) -> bool:
        with self._lock:
            self._token = None
        return True

    def find_project_id(self, transport: Transport, scope: AuthScope) -> str | None:
        return self.token(transport, scope).project_id

    def secrets(self) -> tuple[str, ...]:
        token = self._token
        return (self._password, token.value) if token else (self._password,)

    def token(self, transport: Transport, scope: AuthScope) -> _Token:
        with self._lock:
            token = self._token
            if token is None or self._clock() >= token.expires_at - self.refresh_margin:
                token = self._token = self._fetch(transport, scope)
            return token

    def _fetch(self, transport: Transport, scope: AuthScope) -> _Token:
        iam = self.iam_endpoint or scope.iam_endpoint
        if not iam:
            raise ConfigurationError(
                Message("The IAM endpoint is unknown, so no token can be requested."),
                Message(
                    "Set MODELARTS_REGION, or MODELARTS_IAM_ENDPOINT (e.g. https://iam.cn-north-4.myhuaweicloud.com)."
                ),
            )
        project_id = self.project_id or scope.project_id
        project_name = self.project_name or self.region or scope.region
        if project_id:
            project: dict[str, object] = {"id": project_id}
        elif project_name:
            project = {"name": project_name}
        else:
            raise ConfigurationError(
                Message("The token's project is unknown."), Message("Set MODELARTS_REGION or MODELARTS_PROJECT_ID.")
            )
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.user,
                            "password": self._password,
                            "domain": {"name": self.domain},
                        }
                    },
                },
                "scope": {"project": project},
            }
        }
        url = f"{iam}/v3/auth/tokens"
        response = transport.request(
            "POST",
            url,
            {"Content-Type": "application/json;charset=utf8", "Accept": "application/json"},
            json.dumps(body).encode("utf-8"),
            idempotent=True,  # a second token does no harm
        )
        if response.status_code >= 300:
            raise error_from_response(
                response.status_code,
                response.headers,
                response.content,
                method="POST",
                url=url,
                auth_kind=self.kind,
                service="IAM",
                secrets=self.secrets(),
            )
        value = response.headers.get("X-Subject-Token")
        if not value:
            raise InvalidResponseError(
                Message(
                    "IAM answered HTTP {status} without the token (no X-Subject-Token header).",
                    {"status": response.status_code},
                ),
                Message("Check that MODELARTS_IAM_ENDPOINT is the IAM endpoint (…/v3/auth/tokens is added here)."),
                reason="unexpected_shape",
                http_status=response.status_code,
                method="POST",
                url=url,
            )
        payload = read_json(response, method="POST", url=url, service="IAM")
        info = payload.get("token") if isinstance(payload, dict) else None
        info = info if isinstance(info, dict) else {}
        return _Token(value, self._expiry(info.get("expires_at")), _project_id(info) or project_id)

    def _expiry(self, expires_at: object) -> datetime:
        if isinstance(expires_at, str):
            try:
                when = datetime.fromisoformat(expires_at.strip())
            except ValueError:
                pass
            else:
                return when if when.tzinfo else when.replace(tzinfo=UTC)
        return self._clock() + self.DEFAULT_LIFETIME

    def __repr__(self) -> str:
        scope = self.project_id or self.project_name or self.region or "?"
        return f"IamUserAuth(user={self.user!r}, domain={self.domain!r}, scope={scope!r}, password=***)"


def _project_id(token_info: Mapping[str, object]) -> str | None:
    project = token_info.get("project")
    if isinstance(project, dict) and project.get("id"):
        return str(project["id"])
    return None
