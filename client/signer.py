"""SDK-HMAC-SHA256 request signing (AK/SK), as Huawei Cloud API gateways check it.

The same functions sign outgoing requests (`sign`) and check incoming ones (`signature_problem`,
`verify_signature`), so the sandbox verifies with exactly the rules the client signs with.

Header values on the wire are the UTF-8 bytes of the text; `sign` returns them as ISO-8859-1
strings (what http.client sends byte for byte), and the verifying functions expect header values
as servers usually hand them over (bytes decoded as ISO-8859-1).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
DATE_HEADER = "X-Sdk-Date"
CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
DEFAULT_MAX_SKEW = timedelta(minutes=15)

_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_AUTHORIZATION_RE = re.compile(
    r"^\s*" + re.escape(ALGORITHM) + r"\s+Access=(?P<access>[^,\s]+),"
    r"\s*SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-fA-F]+)\s*$"
)


class AuthorizationParts(NamedTuple):
    access: str
    signed_headers: tuple[str, ...]
    signature: str


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    ak: str,
    sk: str,
    when: datetime | None = None,
) -> dict[str, str]:
    """Sign a request; return every header to send (the given ones, X-Sdk-Date, Host, Authorization).

    `url` must be the URL that is sent and `body` the exact bytes that are sent.
    """
    if not ak or not sk:
        raise ValueError("both an access key (AK) and a secret key (SK) are needed to sign a request")
    out = {name: str(value).strip() for name, value in headers.items()}
    content_type = _get(out, "Content-Type")
    if (
        content_type
        and not content_type.startswith(("application/json", "application/bson"))
        and _get(out, CONTENT_SHA256_HEADER) is None
    ):
        out[CONTENT_SHA256_HEADER] = UNSIGNED_PAYLOAD
    if when is not None:
        _drop(out, DATE_HEADER)
        out[DATE_HEADER] = format_date(when)
    elif _get(out, DATE_HEADER) is None:
        out[DATE_HEADER] = format_date(datetime.now(UTC))
    if _get(out, "Host") is None:
        out["Host"] = _host(url)
    signed = signed_header_names(out)
    signature = signature_for(method, url, out, body, sk, signed)
    out = {name: _to_wire(value) for name, value in out.items()}
    out["Authorization"] = authorization_value(ak, signed, signature)
    return out


def format_date(when: datetime) -> str:
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime(DATE_FORMAT)


def signed_header_names(headers: Mapping[str, str]) -> list[str]:
    """Every header name without an underscore, lower-cased and sorted (Authorization excluded)."""
    names = {name.lower() for name in headers if "_" not in name}
    names.discard("authorization")
    return sorted(names)


def authorization_value(ak: str, signed_headers: list[str] | tuple[str, ...], signature: str) -> str:
    return f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed_headers)}, Signature={signature}"


def parse_authorization(value: str | None) -> AuthorizationParts | None:
    """Split an SDK-HMAC-SHA256 Authorization header; None when it is not one."""
    match = _AUTHORIZATION_RE.match(value or "")
    if match is None:
        return None
    signed = tuple(match["signed"].split(";"))
    return AuthorizationParts(match["access"], signed, match["signature"].lower())


def canonical_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    signed_headers: list[str] | tuple[str, ...],
) -> str:
    """The canonical request text; `headers` hold text values (not wire strings)."""
    lowered = {name.lower(): str(value).strip() for name, value in headers.items()}
    parts = urlsplit(url)
    canonical_headers = "".join(f"{name}:{lowered.get(name, '')}\n" for name in signed_headers)
    return "\n".join(
        (
            method.upper(),
            canonical_uri(parts.path),
            canonical_query(parts.query),
            canonical_headers,
            ";".join(signed_headers),
            _payload_hash(body, lowered if CONTENT_SHA256_HEADER.lower() in signed_headers else {}),
        )
    )


def canonical_uri(path: str) -> str:
    encoded = "/".join(quote(segment, safe="~") for segment in unquote(path or "/").split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(query: str) -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(f"{quote(key, safe='~')}={quote(value, safe='~')}" for key, value in pairs)


def signature_for(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    sk: str,
    signed_headers: list[str] | tuple[str, ...],
) -> str:
    """Hex HMAC-SHA256 signature; `headers` hold text values and must include X-Sdk-Date."""
    date = _get(headers, DATE_HEADER) or ""
    canonical = canonical_request(method, url, headers, body, signed_headers)
    request_hash = hashlib.sha256(canonical.encode()).hexdigest()
    string_to_sign = f"{ALGORITHM}\n{date}\n{request_hash}"
    return hmac.new(sk.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


def expected_authorization(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    ak: str,
    sk: str,
) -> str:
    """The Authorization value a correct signer sends for this received request.

    Uses the SignedHeaders list of the request's own Authorization header when it has one.
    """
    text_headers = {name: _from_wire(str(value)) for name, value in headers.items()}
    parts = parse_authorization(_get(text_headers, "Authorization"))
    signed = list(parts.signed_headers) if parts else signed_header_names(text_headers)
    return authorization_value(ak, signed, signature_for(method, url, text_headers, body, sk, signed))


def signature_problem(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    ak: str,
    sk: str,
    now: datetime | None = None,
    max_skew: timedelta | None = DEFAULT_MAX_SKEW,
) -> str | None:
    """Why this received request's AK/SK signature is not acceptable, or None when it is.

    `url` is the full URL as received (path and query string as sent); `headers` as received.
    """
    text_headers = {name: _from_wire(str(value)) for name, value in headers.items()}
    parts = parse_authorization(_get(text_headers, "Authorization"))
    if parts is None:
        return f"the Authorization header is missing or is not an {ALGORITHM} signature"
    if not hmac.compare_digest(parts.access.encode(), ak.encode()):
        return "the access key (AK) is not known here"
    present = {name.lower() for name in text_headers}
    missing = [name for name in parts.signed_headers if name not in present]
    if missing:
        return f"signed header(s) {', '.join(missing)} are not in the request"
    if DATE_HEADER.lower() not in parts.signed_headers:
        return f"{DATE_HEADER} is not among the signed headers"
    try:
        signed_at = datetime.strptime(_get(text_headers, DATE_HEADER) or "", DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return f"{DATE_HEADER} is missing or not in the form YYYYMMDDTHHMMSSZ"
    if max_skew is not None and abs((now or datetime.now(UTC)) - signed_at) > max_skew:
        minutes = int(max_skew.total_seconds() // 60)
        return f"{DATE_HEADER} is more than {minutes} minutes away from the server clock"
    expected = signature_for(method, url, text_headers, body, sk, parts.signed_headers)
    if not hmac.compare_digest(expected, parts.signature):
        return "the signature does not match (wrong secret key, or the request changed after signing)"
    return None


def verify_signature(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    ak: str,
    sk: str,
    now: datetime | None = None,
    max_skew: timedelta | None = DEFAULT_MAX_SKEW,
) -> bool:
    return signature_problem(method, url, headers, body, ak, sk, now, max_skew) is None


def _payload_hash(body: bytes | str | None, lowered_headers: Mapping[str, str]) -> str:
    if not body:
        return _EMPTY_SHA256
    declared = lowered_headers.get(CONTENT_SHA256_HEADER.lower())
    if declared:
        return declared
    return hashlib.sha256(body.encode() if isinstance(body, str) else body).hexdigest()


def _get(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _drop(headers: dict[str, str], name: str) -> None:
    for key in [key for key in headers if key.lower() == name.lower()]:
        del headers[key]


def _host(url: str) -> str:
    netloc = urlsplit(url).netloc
    return netloc.rpartition("@")[2]


def _to_wire(value: str) -> str:
    return value.encode("utf-8").decode("iso-8859-1")


def _from_wire(value: str) -> str:
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value
