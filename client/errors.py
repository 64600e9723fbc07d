"""One exception family for everything a ModelArts call can run into, each saying what to do.

`exc.message` is what a person reads (a `models.messages.Message`, rendered in the reader's language by
services.i18n.render): what went wrong, then what to check or change, then the technical details (HTTP status,
error code, service message, request id) in brackets. The service's own text is a parameter, never translated.
`str(exc)` is the same in English, for logs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models import SANDBOX_UNREACHABLE
from models.messages import N_, Message

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ConnectTimeoutError",
    "ConnectionLostError",
    "DnsResolutionError",
    "InvalidResponseError",
    "ModelArtsError",
    "NotFoundError",
    "PermissionDeniedError",
    "ReadTimeoutError",
    "RefusedConnectionError",
    "ServerError",
    "ThrottledError",
    "TlsHandshakeError",
    "TransportError",
    "body_description",
    "describe_body",
    "error_code_advice",
    "error_from_response",
    "explain_error_code",
    "redact",
]

REDACTED = "***"
Text = Message | str  # a plain str is a message id without fields (kept for callers outside the app)


class ModelArtsError(Exception):
    """Base of every error the client raises. Carries what a support request needs."""

    def __init__(
        self,
        explanation: Text,
        fix: Text = "",
        *,
        http_status: int | None = None,
        error_code: str | None = None,
        error_msg: str | None = None,
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        self.explanation_message = _as_message(explanation)
        self.fix_message = _as_message(fix) if fix else None
        self.explanation = str(self.explanation_message)  # English, as logs and support requests want it
        self.fix = str(self.fix_message) if self.fix_message else ""
        self.http_status = http_status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.method = method
        self.url = url
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = " ".join(part for part in (self.explanation, self.fix) if part)
        details = self.details()
        return f"{text} [{details}]" if details else text

    @property
    def message(self) -> Message:
        """What a person reads, in any language: what went wrong, what to do, and the technical details (the
        service's own words among them, untranslated)."""
        explanation, fix = self.explanation_message, self.fix_message
        text = Message("{explanation} {fix}", {"explanation": explanation, "fix": fix}) if fix else explanation
        details = self.details()
        return Message("{text} [{details}]", {"text": text, "details": details}) if details else text

    def details(self) -> str:
        parts = []
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.error_code:
            parts.append(self.error_code)
        if self.error_msg and _shorten(self.error_msg, 300).rstrip(".。 ") not in self.explanation:
            parts.append(f'"{_shorten(self.error_msg, 300)}"')
        if self.request_id:
            parts.append(f"X-Request-Id {self.request_id}")
        return ", ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__str__()!r})"


class ConfigurationError(ModelArtsError, ValueError):
    """The client cannot be built from the settings given."""


# --- the service answered with an error ---------------------------------------------------------


class ApiError(ModelArtsError):
    """The service (or a gateway in front of it) answered with an error status."""


class BadRequestError(ApiError):
    """400: the request was refused as it stands."""


class AuthenticationError(ApiError):
    """401 (or IAM refusing the sign-in): the credentials were not accepted."""


class PermissionDeniedError(ApiError):
    """403: authenticated, but not allowed."""


class NotFoundError(ApiError):
    """The dataset, task or address does not exist."""


class ConflictError(ApiError):
    """The dataset is busy (an import already running, publishing, switching version, syncing)."""


class ThrottledError(ApiError):
    """429: too many requests."""


class ServerError(ApiError):
    """5xx: the service or a gateway failed."""


# --- no usable answer ---------------------------------------------------------------------------


class TransportError(ModelArtsError):
    """No HTTP answer arrived. `nothing_sent` is True when the request surely never left;
    `transient` is False for faults a repeat will not cure (name resolution, TLS)."""

    nothing_sent = False
    transient = True


class RefusedConnectionError(TransportError):
    nothing_sent = True


class DnsResolutionError(TransportError):
    nothing_sent = True
    transient = False


class TlsHandshakeError(TransportError):
    nothing_sent = True
    transient = False


class ConnectTimeoutError(TransportError):
    nothing_sent = True


class ReadTimeoutError(TransportError):
    """The request was sent, no answer came in time: a create may or may not have happened."""


class ConnectionLostError(TransportError):
    """The connection broke while sending or reading."""


class InvalidResponseError(ModelArtsError):
    """An answer arrived but is not what the API sends: HTML, cut-off or non-JSON, wrong shape.

    `reason` is one of "html", "truncated", "not_json", "empty", "unexpected_shape", "redirect".
    """

    def __init__(self, explanation: Text, fix: Text = "", *, reason: str, **kwargs: Any) -> None:
        self.reason = reason
        super().__init__(explanation, fix, **kwargs)


# --- what each documented error code means ------------------------------------------------------


@dataclass(frozen=True)
class _Advice:
    kind: type[ApiError]
    explanation: Message
    fix: Message


_DATASET_GONE = _Advice(
    NotFoundError,
    Message("The dataset does not exist in this project."),
    Message("Check the dataset id, and that the region and project id are the ones the dataset was created in."),
)
_DATASET_BUSY_FIX = Message("Wait until it is done (the dataset status shows it), then send the import again.")

_CODE_ADVICE: dict[str, _Advice] = {
    SANDBOX_UNREACHABLE: _Advice(
        BadRequestError,
        Message(
            "The local sandbox cannot read this source: it reads only OBS paths (its local folder) and MRS HDFS paths."
        ),
        Message(
            "Nothing in the request is wrong. Send this import to ModelArts on Huawei Cloud (the Connection page)."
        ),
    ),
    "ModelArts.0101": _Advice(
        BadRequestError,
        Message("ModelArts refused a parameter of the request."),
        Message("Correct the field named in the service message and send again."),
    ),
    "ModelArts.0104": _Advice(
        BadRequestError,
        Message("ModelArts refused a parameter of the request."),
        Message("Correct the field named in the service message and send again."),
    ),
    "ModelArts.0108": _Advice(
        PermissionDeniedError,
        Message("Your user is not authorized for this ModelArts operation."),
        Message(
            "Ask the account administrator to grant ModelArts permissions (e.g. ModelArts CommonOperations) "
            "and OBS read access to your user group, and to authorize ModelArts "
            "(Settings > Access Authorization)."
        ),
    ),
    "ModelArts.0112": _Advice(
        PermissionDeniedError,
        Message("An IAM policy of your account forbids this operation."),
        Message("Ask the account administrator which policy denies it, and to allow ModelArts dataset operations."),
    ),
    "ModelArts.4352": _DATASET_GONE,
    "ModelArts.2783": _DATASET_GONE,
    "ModelArts.4338": _DATASET_GONE,
    "ModelArts.4311": _Advice(
        BadRequestError,
        Message("The OBS bucket in import_path does not exist."),
        Message("Check the bucket name (the part after s3:// or obs://) and that it is in this region."),
    ),
    "ModelArts.4312": _Advice(
        BadRequestError,
        Message("The OBS path in import_path does not exist."),
        Message(
            "Check import_path (s3://bucket/dir/), and that the bucket is in the same region as ModelArts. "
            "Directory paths end with '/'."
        ),
    ),
    "ModelArts.4313": _Advice(
        BadRequestError,
        Message("The OBS path contains characters ModelArts does not accept."),
        Message("Use only letters, digits, '-', '_' and '/' in the path (rename the folders or objects)."),
    ),
    "ModelArts.4314": _Advice(
        BadRequestError,
        Message("ModelArts could not read the OBS path (permission or path)."),
        Message(
            "Check that the path exists, and that ModelArts is authorized to access OBS "
            "(ModelArts console > Settings > Access Authorization) and may read that bucket."
        ),
    ),
    "ModelArts.4315": _Advice(
        BadRequestError,
        Message("The OBS path is invalid: it contains '//'."),
        Message("Remove the doubled slash from import_path."),
    ),
    "ModelArts.4340": _Advice(
        BadRequestError,
        Message("The import path contains no file ModelArts can import."),
        Message(
            "Check that the path holds files in the layout this dataset type expects "
            "(or, for a manifest import, that import_path is the manifest file itself)."
        ),
    ),
    "ModelArts.4356": _Advice(
        ConflictError,
        Message("The dataset already has an import task running."),
        Message("Wait until that task finishes (follow it in the task list), then send this one again."),
    ),
    "ModelArts.4343": _Advice(
        ConflictError, Message("The dataset is being published, so it cannot import now."), _DATASET_BUSY_FIX
    ),
    "ModelArts.4349": _Advice(
        ConflictError, Message("The dataset is switching version, so it cannot import now."), _DATASET_BUSY_FIX
    ),
    "ModelArts.4355": _Advice(
        ConflictError, Message("The dataset is synchronizing, so it cannot import now."), _DATASET_BUSY_FIX
    ),
    "ModelArts.4362": _Advice(
        BadRequestError,
        Message("The import parameters or the source credentials are wrong."),
        Message("Check the data source fields (address, port, database, table, user name and password)."),
    ),
    "ModelArts.4396": _Advice(
        BadRequestError,
        Message("The import parameters or the source credentials are wrong."),
        Message("Check the data source fields (address, port, database, table, user name and password)."),
    ),
    "ModelArts.4345": _Advice(
        BadRequestError,
        Message("The HDFS file given as input was not found on the MRS cluster."),
        Message("Check source_info.input and the cluster it refers to."),
    ),
    "ModelArts.4347": _Advice(
        BadRequestError,
        Message("Listing the HDFS directory on the MRS cluster failed."),
        Message("Check source_info.input, the cluster id or name, and that the cluster is running."),
    ),
    "ModelArts.4346": _Advice(
        BadRequestError,
        Message("No usable MRS cluster was found."),
        Message("Check cluster_id / cluster_name, that the cluster is running, and that it is an analysis cluster."),
    ),
    "ModelArts.4400": _Advice(
        BadRequestError,
        Message("ModelArts could not read the table schema from the CSV files in OBS."),
        Message("Check that the path holds CSV files whose column count matches the dataset schema."),
    ),
    "ModelArts.4404": _Advice(
        BadRequestError,
        Message("ModelArts could not read the table schema from DLI."),
        Message("Check the DLI queue, database and table names, and your access to them."),
    ),
    "ModelArts.4503": _Advice(
        BadRequestError,
        Message("ModelArts could not create the DLI agency it needs (DWS imports run through DLI)."),
        Message("Authorize DLI once in the DLI console (Global Configuration > Service Authorization), then retry."),
    ),
    "ModelArts.4410": _Advice(
        BadRequestError,
        Message("A label named in the request does not exist in the dataset."),
        Message("Check the label names against the dataset's labels."),
    ),
    "ModelArts.4411": _Advice(
        BadRequestError,
        Message("A label of that name already exists in the dataset."),
        Message("Use the existing label, or a different name."),
    ),
    "ModelArts.4413": _Advice(
        BadRequestError,
        Message("A label does not fit the dataset's labelling rules."),
        Message("Check the label's type and properties against the dataset type."),
    ),
    "APIGW.0101": _Advice(
        NotFoundError,
        Message("The API gateway does not know this API at this address."),
        Message(
            "Check the endpoint (MODELARTS_ENDPOINT / MODELARTS_REGION): it must be the ModelArts endpoint of "
            "your region."
        ),
    ),
    "APIGW.0308": _Advice(
        ThrottledError,
        Message("The API gateway is limiting your request rate."),
        Message("Wait a moment and try again."),
    ),
}

_AUTH_FIX = {
    "token": N_(
        "Get a new token (tokens last 24 hours) and set MODELARTS_TOKEN; it must be scoped to this region's project."
    ),
    "iam_user": N_("Check MODELARTS_IAM_USER, MODELARTS_IAM_PASSWORD and MODELARTS_IAM_DOMAIN (the account name)."),
    "aksk": N_(
        "Check that HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK belong together and are enabled, that a "
        "temporary key has its HUAWEICLOUD_SDK_SECURITY_TOKEN, and that this machine's clock is right "
        "(within 15 minutes)."
    ),
}


_AUTH_FIX_OTHER = N_("Check the credentials configured for ModelArts.")


def _status_advice(status: int, auth_kind: str | None, service: str, seen: Message | None = None) -> _Advice:
    """The advice for an HTTP status; `seen`: what came instead of an error message, when no JSON came."""
    params = {"service": service, "seen": seen}

    def said(plain: str, with_seen: str) -> Message:
        return Message(plain if seen is None else with_seen, params)

    if status == 401:
        return _Advice(
            AuthenticationError,
            said(
                N_("{service} did not accept the credentials (missing, expired or invalid)."),
                N_(
                    "{service} did not accept the credentials (missing, expired or invalid); the answer was "
                    "{seen}, not a {service} error message."
                ),
            ),
            Message(_AUTH_FIX.get(auth_kind or "", _AUTH_FIX_OTHER)),
        )
    if status == 403:
        return _Advice(
            PermissionDeniedError,
            said(
                N_("{service} refused the operation: your user is not allowed to do it."),
                N_(
                    "{service} refused the operation: your user is not allowed to do it; the answer was {seen}, "
                    "not a {service} error message."
                ),
            ),
            Message("Ask the account administrator for ModelArts permissions on this project (and OBS read access)."),
        )
    if status == 404:
        return _Advice(
            NotFoundError,
            said(
                N_("Nothing exists at this address."),
                N_("Nothing exists at this address; the answer was {seen}, not a {service} error message."),
            ),
            Message("Check the dataset or task id, and that the endpoint is the ModelArts endpoint of your region."),
        )
    if status == 409:
        return _Advice(
            ConflictError,
            said(
                N_("The request conflicts with the dataset's current state."),
                N_(
                    "The request conflicts with the dataset's current state; the answer was {seen}, not a "
                    "{service} error message."
                ),
            ),
            Message("Check the dataset's status and running tasks, then try again."),
        )
    if status == 429:
        return _Advice(
            ThrottledError,
            said(
                N_("Too many requests were sent in a short time."),
                N_(
                    "Too many requests were sent in a short time; the answer was {seen}, not a {service} error message."
                ),
            ),
            Message("Wait a moment and try again."),
        )
    if status >= 500:
        return _Advice(
            ServerError,
            said(
                N_("{service} failed to handle the request (a temporary fault on its side)."),
                N_(
                    "{service} failed to handle the request (a temporary fault on its side); the answer was "
                    "{seen}, not a {service} error message."
                ),
            ),
            Message("Try again in a few minutes; if it persists, report the request id to support."),
        )
    return _Advice(
        BadRequestError,
        said(
            N_("{service} refused the request."),
            N_("{service} refused the request; the answer was {seen}, not a {service} error message."),
        ),
        Message("Correct what the service message names and send again."),
    )


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str | None = None,
    url: str | None = None,
    auth_kind: str | None = None,
    service: str = "ModelArts",
    secrets: Iterable[str] = (),
) -> ApiError:
    """The ApiError for an error answer; never fails, whatever the body holds. Every text of the answer that
    the error carries has `secrets` scrubbed out."""
    secrets = [secret for secret in secrets if secret]
    request_id = _request_id(headers)
    payload, shape = _parse_json(body)
    error_code, error_msg = _error_fields(payload) if shape == "json" else (None, None)
    if error_msg is not None:
        error_msg = redact(error_msg, secrets)
    advice = _CODE_ADVICE.get(error_code or "") or _status_advice(status, auth_kind, service)
    if error_code in _CODE_ADVICE and status == 401:
        advice = _status_advice(status, auth_kind, service)
    explanation, fix = advice.explanation, advice.fix
    kwargs = {
        "http_status": status,
        "error_code": error_code,
        "request_id": request_id,
        "method": method,
        "url": url,
    }
    if error_code is None and shape != "json":
        seen = body_description(body, headers.get("Content-Type"), secrets)
        explanation = _status_advice(status, auth_kind, service, seen).explanation
        if shape == "html" and status in (404, 405):
            fix = Message(
                "The address does not look like the ModelArts API: check MODELARTS_ENDPOINT "
                "(the base URL, e.g. https://modelarts.cn-north-4.myhuaweicloud.com)."
            )
        elif shape == "html" and status < 500:
            fix = Message(
                "A proxy or gateway may stand in the way: check the endpoint and any proxy settings. {fix}",
                {"fix": fix},
            )
        return advice.kind(explanation, fix, **kwargs)
    if error_code not in _CODE_ADVICE and error_msg and advice.kind is BadRequestError:
        explanation = Message(
            "{service} refused the request: {error_msg}.",
            {"service": service, "error_msg": _shorten(error_msg, 300).rstrip(".。 ")},
        )
    return advice.kind(explanation, fix, error_msg=error_msg, **kwargs)


def error_code_advice(error_code: str | None) -> tuple[Message, Message] | None:
    """(what went wrong, what to do) for a documented ModelArts error code, as the client's errors say it;
    None for a code without advice. For a failed import task's `error_code`."""
    advice = _CODE_ADVICE.get((error_code or "").strip())
    return (advice.explanation, advice.fix) if advice else None


def explain_error_code(error_code: str | None) -> tuple[str, str] | None:
    """`error_code_advice` in English."""
    advice = error_code_advice(error_code)
    return (str(advice[0]), str(advice[1])) if advice else None


_BODY_SHAPES = {
    "empty": N_("empty"),
    "truncated": N_("JSON cut off before its end"),
    "not_json": N_("text that is not JSON"),
    "json": N_("JSON"),
}


def body_description(body: bytes, content_type: str | None = None, secrets: Iterable[str] = ()) -> Message:
    """A few words on what a non-JSON body is, for messages; `secrets` are scrubbed from what it quotes."""
    _unused, shape = _parse_json(body)
    if shape == "html" or "html" in (content_type or "").lower():
        title = _html_title(body)
        if title:
            return Message('an HTML page ("{title}")', {"title": _shorten(redact(title, secrets), 80)})
        return Message("an HTML page")
    return Message(_BODY_SHAPES[shape])


def describe_body(body: bytes, content_type: str | None = None) -> str:
    """`body_description` in English."""
    return str(body_description(body, content_type))


def body_shape(body: bytes) -> str:
    """ "json", "empty", "html", "truncated" or "not_json"."""
    return _parse_json(body)[1]


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _parse_json(body: bytes) -> tuple[Any, str]:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return None, "empty"
    if text.startswith("<"):
        return None, "html"
    try:
        return json.loads(text), "json"
    except json.JSONDecodeError:
        return None, "truncated" if _unclosed(text) else "not_json"


def _unclosed(text: str) -> bool:
    """True when JSON text stops inside a string, object or array (it was cut off)."""
    if text[0] not in "{[":
        return False
    stack: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append("}" if char == "{" else "]")
        elif char in "}]" and (not stack or stack.pop() != char):
            return False
    return in_string or bool(stack)


def _error_fields(payload: Any) -> tuple[str | None, str | None]:
    if not isinstance(payload, dict):
        return None, None
    code = payload.get("error_code")
    message = payload.get("error_msg") or payload.get("error_message")
    nested = payload.get("error")
    if isinstance(nested, dict):  # IAM (Keystone) form: {"error": {"code": 401, "message": ...}}
        message = message or nested.get("message")
    return (str(code) if code is not None else None), (str(message) if message is not None else None)


def _request_id(headers: Mapping[str, str]) -> str | None:
    for name in ("X-Request-Id", "X-IAM-Trace-Id", "X-Trace-Id"):
        value = headers.get(name)
        if value:
            return value
    return None


def _html_title(body: bytes) -> str | None:
    match = re.search(rb"<title[^>]*>(.*?)</title>", body[:20000], re.IGNORECASE | re.DOTALL)
    if match is None:
        return None
    return " ".join(match[1].decode("utf-8", errors="replace").split()) or None


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_message(text: Text) -> Message:
    return text if isinstance(text, Message) else Message(text)
