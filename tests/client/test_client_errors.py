"""Every error code of reference §3 becomes the right exception with a message a person can act on."""

import pytest

from client import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ModelArtsClient,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottledError,
    TokenAuth,
)
from client.errors import body_shape, error_from_response
from tests.client.fault_server import error_reply

# (HTTP status, code, expected class, words the message must contain)
SECTION_3 = [
    (400, "ModelArts.0101", BadRequestError, "refused a parameter"),
    (400, "ModelArts.0104", BadRequestError, "refused a parameter"),
    (401, "ModelArts.0201", AuthenticationError, "did not accept the credentials"),
    (401, "ModelArts.0202", AuthenticationError, "did not accept the credentials"),
    (401, "ModelArts.0203", AuthenticationError, "did not accept the credentials"),
    (401, "ModelArts.0204", AuthenticationError, "did not accept the credentials"),
    (401, "ModelArts.0205", AuthenticationError, "did not accept the credentials"),
    (403, "ModelArts.0108", PermissionDeniedError, "grant ModelArts permissions"),
    (403, "ModelArts.0112", PermissionDeniedError, "IAM policy"),
    (404, "ModelArts.4352", NotFoundError, "dataset does not exist"),
    (400, "ModelArts.4352", NotFoundError, "dataset does not exist"),
    (400, "ModelArts.2783", NotFoundError, "Check the dataset id"),
    (404, "ModelArts.4338", NotFoundError, "region and project id"),
    (400, "ModelArts.4311", BadRequestError, "bucket in import_path does not exist"),
    (400, "ModelArts.4312", BadRequestError, "OBS path in import_path does not exist"),
    (400, "ModelArts.4313", BadRequestError, "letters, digits, '-', '_' and '/'"),
    (400, "ModelArts.4314", BadRequestError, "Access Authorization"),
    (400, "ModelArts.4315", BadRequestError, "'//'"),
    (400, "ModelArts.4340", BadRequestError, "no file ModelArts can import"),
    (400, "ModelArts.4356", ConflictError, "already has an import task running"),
    (400, "ModelArts.4343", ConflictError, "being published"),
    (400, "ModelArts.4349", ConflictError, "switching version"),
    (400, "ModelArts.4355", ConflictError, "synchronizing"),
    (400, "ModelArts.4362", BadRequestError, "source credentials are wrong"),
    (400, "ModelArts.4396", BadRequestError, "user name and password"),
    (400, "ModelArts.4345", BadRequestError, "HDFS file"),
    (400, "ModelArts.4347", BadRequestError, "Listing the HDFS directory"),
    (400, "ModelArts.4346", BadRequestError, "No usable MRS cluster"),
    (400, "ModelArts.4400", BadRequestError, "CSV files"),
    (400, "ModelArts.4404", BadRequestError, "from DLI"),
    (400, "ModelArts.4503", BadRequestError, "Service Authorization"),
    (400, "ModelArts.4410", BadRequestError, "label named in the request does not exist"),
    (400, "ModelArts.4411", BadRequestError, "already exists"),
    (400, "ModelArts.4413", BadRequestError, "labelling rules"),
    (429, "APIGW.0308", ThrottledError, "limiting your request rate"),
    (500, "ModelArts.0010", ServerError, "Try again in a few minutes"),
]


@pytest.mark.parametrize(("status", "code", "kind", "words"), SECTION_3)
@pytest.mark.parametrize("message_key", ["error_msg", "error_message"])
def test_section_3_codes_over_http(server, status, code, kind, words, message_key):
    server.script(error_reply(status, code, "service text", key=message_key, **{"X-Request-Id": "rid-1"}))
    client = ModelArtsClient(server.url, "p", TokenAuth("tok"), retries=0, sleep=lambda _: None)
    with pytest.raises(kind) as caught:
        client.create_import_task("ds1", {"import_path": "s3://bucket-1/dir/"})
    error = caught.value
    assert type(error) is kind
    assert (error.http_status, error.error_code, error.error_msg, error.request_id) == (
        status,
        code,
        "service text",
        "rid-1",
    )
    text = str(error)
    assert words in text
    assert text.endswith(f'[HTTP {status}, {code}, "service text", X-Request-Id rid-1]')
    assert error.explanation and error.fix
    assert len(text) < 450
    assert len(server.requests) == 1


def test_unknown_code_shows_the_service_message_as_the_explanation():
    error = error_from_response(400, {}, b'{"error_code": "ModelArts.9999", "error_msg": "Field x is odd."}')
    assert type(error) is BadRequestError
    assert str(error).startswith("ModelArts refused the request: Field x is odd.. Correct") is False
    assert str(error).startswith("ModelArts refused the request: Field x is odd.")
    assert str(error).endswith("[HTTP 400, ModelArts.9999]")
    assert error.error_msg == "Field x is odd."


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, ThrottledError),
        (418, BadRequestError),
        (500, ServerError),
        (504, ServerError),
    ],
)
def test_status_alone_picks_the_class(status, kind):
    error = error_from_response(status, {}, b"")
    assert type(error) is kind
    assert isinstance(error, ApiError)
    assert "the answer was empty" in str(error)


def test_401_fix_depends_on_how_the_client_signs_in():
    body = b'{"error_code": "ModelArts.0203", "error_msg": "expired"}'
    assert "MODELARTS_TOKEN" in str(error_from_response(401, {}, body, auth_kind="token"))
    assert "clock" in str(error_from_response(401, {}, body, auth_kind="aksk"))
    assert "MODELARTS_IAM_DOMAIN" in str(error_from_response(401, {}, body, auth_kind="iam_user"))


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00garbage",
        b"[1, 2",
        b"null",
        b"[]",
        b'{"error_code": 5}',
        b'{"error": "flat"}',
        b"<",
        b"{{{",
    ],
)
def test_odd_error_bodies_never_crash(body):
    error = error_from_response(400, {"Content-Type": "application/json"}, body)
    assert isinstance(error, ApiError)
    assert str(error)


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b'{"a": 1}', "json"),
        (b'{"a": [1, 2', "truncated"),
        (b'{"a": "b\\"', "truncated"),
        (b'{"a": tru}', "not_json"),
        (b'{"a": 1}}', "not_json"),
        (b"<html>", "html"),
        (b"OK", "not_json"),
    ],
)
def test_body_shapes(body, shape):
    assert body_shape(body) == shape


def test_request_id_falls_back_to_iam_trace_id():
    error = error_from_response(401, {"X-IAM-Trace-Id": "t-9"}, b"", service="IAM")
    assert error.request_id == "t-9"
    assert str(error).startswith("IAM did not accept")
