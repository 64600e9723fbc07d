"""Sending one HTTP request with timeouts and the retry rules, turning failures into ModelArtsErrors.

Retry rules: an idempotent request (GET) is repeated after connection failures, timeouts, a cut-off
answer and 502/503/504, with exponential back-off (not after DNS or TLS failures: a repeat won't
help). A request that is not idempotent (a create POST) is repeated only when the connection was
refused, i.e. nothing was sent.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from models.messages import N_, Message

from .errors import (
    ConfigurationError,
    ConnectionLostError,
    ConnectTimeoutError,
    DnsResolutionError,
    InvalidResponseError,
    ModelArtsError,
    ReadTimeoutError,
    RefusedConnectionError,
    TlsHandshakeError,
    TransportError,
    body_description,
    body_shape,
)

RETRY_STATUSES = frozenset({502, 503, 504})

# Returns the headers to add to a prepared request: (method, url, headers so far, body) -> headers.
Signer = Callable[[str, str, Mapping[str, str], bytes], Mapping[str, str]]


@dataclass(frozen=True)
class Timeout:
    connect: float = 5.0
    read: float = 30.0

    @classmethod
    def of(cls, value: Timeout | tuple[float, float] | float) -> Timeout:
        if isinstance(value, Timeout):
            return value
        if isinstance(value, tuple):
            return cls(float(value[0]), float(value[1]))
        return cls(float(value), float(value))


class Transport:
    """A requests.Session with the client's timeouts, retry rules and error mapping."""

    def __init__(
        self,
        session: requests.Session | None = None,
        timeout: Timeout | tuple[float, float] | float = Timeout(),
        retries: int = 2,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        self.session = session or requests.Session()
        self.timeout = Timeout.of(timeout)
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self._settings: dict[str, dict[str, Any]] = {}

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None = None,
        *,
        sign: Signer | None = None,
        idempotent: bool,
    ) -> requests.Response:
        """Send, retrying as the rules allow; return the last response (any status)."""
        attempt = 0
        while True:
            prepared = self.prepare(method, url, headers, body, sign=sign)
            try:
                response = self.send(prepared, idempotent=idempotent)
            except TransportError as exc:
                retryable = isinstance(exc, RefusedConnectionError) or (idempotent and exc.transient)
                if not retryable or attempt >= self.retries:
                    raise
                self.sleep(self._delay(attempt, None))
            except InvalidResponseError as exc:
                if not (idempotent and exc.reason == "truncated") or attempt >= self.retries:
                    raise
                self.sleep(self._delay(attempt, None))
            else:
                if not (idempotent and response.status_code in RETRY_STATUSES) or attempt >= self.retries:
                    return response
                self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
            attempt += 1

    def prepare(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        *,
        sign: Signer | None = None,
    ) -> requests.PreparedRequest:
        """The request exactly as it will be sent; `sign` sees the final URL and body bytes."""
        # A no-op auth keeps requests from adding credentials from ~/.netrc.
        raw = requests.Request(method, url, headers=dict(headers), data=body, auth=_no_auth)
        try:
            prepared = self.session.prepare_request(raw)
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ) as exc:
            raise ConfigurationError(
                Message("The address {url} is not a valid URL.", {"url": url}), Message("Check the endpoint setting.")
            ) from exc
        if sign is not None:
            prepared.headers.update(
                sign(prepared.method or method, prepared.url or url, dict(headers), _as_bytes(prepared.body))
            )
        return prepared

    def send(self, prepared: requests.PreparedRequest, *, idempotent: bool) -> requests.Response:
        """One attempt; a failure to get an answer becomes a TransportError (or InvalidResponseError)."""
        url = prepared.url or ""
        settings = self._environment_settings(url)
        try:
            return self.session.send(
                prepared,
                timeout=(self.timeout.connect, self.timeout.read),
                allow_redirects=False,
                **settings,
            )
        except requests.exceptions.RequestException as exc:
            raise _transport_error(exc, prepared.method or "", url, self.timeout, idempotent) from None

    def _environment_settings(self, url: str) -> dict[str, Any]:
        """Proxies and CA bundle from the environment, read once per scheme and host: reading them walks the
        whole environment, which cost more than signing the request."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        settings = self._settings.get(origin)
        if settings is None:
            settings = self.session.merge_environment_settings(origin + "/", {}, None, None, None)
            if _is_loopback(parts.hostname):
                settings["proxies"] = {}  # a proxy from the environment cannot reach this machine's loopback
            self._settings[origin] = settings
        return dict(settings)

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        delay = min(self.backoff * 2**attempt, self.max_backoff)
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, min(float(retry_after), self.max_backoff))
        return delay


def read_json(response: requests.Response, *, method: str, url: str, service: str = "ModelArts") -> Any:
    """The JSON body of a successful answer, or InvalidResponseError saying what came instead."""
    if 300 <= response.status_code < 400:
        location = response.headers.get("Location", "")
        params = {"service": service, "status": response.status_code, "location": location}
        raise InvalidResponseError(
            Message("{service} answered with a redirect (HTTP {status}) to {location}.", params)
            if location
            else Message("{service} answered with a redirect (HTTP {status}) to another address.", params),
            Message("Set the endpoint to the final address (https, no path), so no redirect is needed."),
            reason="redirect",
            http_status=response.status_code,
            method=method,
            url=url,
            request_id=response.headers.get("X-Request-Id"),
        )
    body = response.content
    shape = body_shape(body)
    if shape == "json":
        return json.loads(body)
    seen = body_description(body, response.headers.get("Content-Type"))
    fixes = {
        "html": N_(
            "A proxy, captive portal or wrong endpoint answered instead of the API: check the endpoint "
            "and proxy settings."
        ),
        "truncated": N_("The connection was probably cut: try again."),
    }
    fix = fixes.get(shape, N_("Check that the endpoint is the ModelArts API, then try again."))
    if method != "GET" and 200 <= response.status_code < 300:
        # The service accepted the request; only its answer was lost. Sending again may do it twice.
        fix = N_("The request may have reached the service: look at the task list before sending again.")
    raise InvalidResponseError(
        Message(
            "{service} answered HTTP {status} but the body was {seen}, not the expected JSON.",
            {"service": service, "status": response.status_code, "seen": seen},
        ),
        Message(fix),
        reason=shape,
        http_status=response.status_code,
        method=method,
        url=url,
        request_id=response.headers.get("X-Request-Id"),
    )


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _as_bytes(body: bytes | str | None) -> bytes:
    if body is None:
        return b""
    return body.encode("utf-8") if isinstance(body, str) else body


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def _transport_error(
    exc: requests.exceptions.RequestException, method: str, url: str, timeout: Timeout, idempotent: bool
) -> ModelArtsError:
    parts = urlsplit(url)
    host = parts.hostname or url
    where = f"{host}:{parts.port}" if parts.port else host
    context = {"method": method, "url": url}
    params = {"where": where, "host": host, "connect": timeout.connect, "read": timeout.read}

    def fix(plain: str, maybe_created: str) -> Message:
        """A create may have happened when the request left: then the fix says to look before sending again."""
        return Message(plain if idempotent else maybe_created)

    causes = list(_causes(exc))
    if isinstance(exc, requests.exceptions.SSLError) or any(isinstance(c, ssl.SSLError) for c in causes):
        reason = next((str(c.reason) for c in causes if isinstance(c, ssl.SSLError) and c.reason), "")
        return TlsHandshakeError(
            Message("The secure (TLS) connection to {where} failed ({reason}).", {**params, "reason": reason})
            if reason
            else Message("The secure (TLS) connection to {where} failed.", params),
            Message(
                "Check that the endpoint speaks https on that port (a local sandbox uses http://) and that this "
                "machine trusts its certificate (set REQUESTS_CA_BUNDLE behind a corporate proxy)."
            ),
            **context,
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ConnectTimeoutError(
            Message("No connection to {where} could be made within {connect:g} s.", params),
            Message("Check network access to the endpoint (firewall, proxy, VPN), or raise the connect timeout."),
            **context,
        )
    slow = fix(
        N_("The service may be slow or overloaded: try again later or raise the read timeout."),
        N_(
            "The service may be slow or overloaded: try again later or raise the read timeout. The request may "
            "have reached the service: look at the task list before sending again."
        ),
    )
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return ReadTimeoutError(
            Message("{where} accepted the request but sent no answer within {read:g} s.", params), slow, **context
        )
    if any(isinstance(c, urllib3.exceptions.ReadTimeoutError | TimeoutError) for c in causes):
        return ReadTimeoutError(
            Message("{where} stopped sending its answer for more than {read:g} s.", params), slow, **context
        )
    if any(isinstance(c, urllib3.exceptions.NameResolutionError | socket.gaierror) for c in causes):
        return DnsResolutionError(
            Message("The host name {host} could not be found (DNS).", params),
            Message(
                "Check the spelling of the endpoint or region (MODELARTS_ENDPOINT / MODELARTS_REGION), "
                "your network connection, and DNS or proxy settings."
            ),
            **context,
        )
    if any(_is_refused(c) for c in causes):
        return RefusedConnectionError(
            Message("Nothing accepts connections at {where} (connection refused).", params),
            Message("Check the endpoint's address and port, and that the service (or the local sandbox) is running."),
            **context,
        )
    if any(isinstance(c, urllib3.exceptions.NewConnectionError) for c in causes):
        oserror = next((c for c in causes if isinstance(c, OSError) and c.strerror), None)
        error = TransportError(
            Message("No connection to {where} could be made ({detail}).", {**params, "detail": oserror.strerror})
            if oserror
            else Message("No connection to {where} could be made.", params),
            Message("Check the endpoint address and your network connection (firewall, proxy, VPN)."),
            **context,
        )
        error.nothing_sent = True
        return error
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return InvalidResponseError(
            Message("The answer from {where} was cut off or could not be decoded.", params),
            fix(
                N_("The connection was probably interrupted: try again."),
                N_(
                    "The connection was probably interrupted: try again. The request may have reached the service: "
                    "look at the task list before sending again."
                ),
            ),
            reason="truncated",
            **context,
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return ConnectionLostError(
            Message("The connection to {where} broke before a complete answer arrived.", params),
            fix(
                N_("Try again; if it keeps happening, check proxies and VPN."),
                N_(
                    "Try again; if it keeps happening, check proxies and VPN. The request may have reached the "
                    "service: look at the task list before sending again."
                ),
            ),
            **context,
        )
    return TransportError(
        Message("The request to {where} failed: {kind}.", {**params, "kind": type(exc).__name__}),
        fix(
            N_("Check the endpoint and your network connection, then try again."),
            N_(
                "Check the endpoint and your network connection, then try again. The request may have reached the "
                "service: look at the task list before sending again."
            ),
        ),
        **context,
    )


def _is_refused(exc: BaseException) -> bool:
    return isinstance(exc, ConnectionRefusedError) or (isinstance(exc, OSError) and exc.errno == errno.ECONNREFUSED)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)
