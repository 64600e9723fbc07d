"""Every kind of client error says what went wrong and what to do in Chinese too: its `message` is catalog ids with
parameters (the service's own words among them, untranslated), `str(error)` stays English, and no secret reaches
the text in either language."""

from __future__ import annotations

import json
import re

import botocore.exceptions
import pytest

from client import (
    AkSkAuth,
    ConfigurationError,
    IamUserAuth,
    InvalidResponseError,
    ModelArtsClient,
    ModelArtsError,
    NotFoundError,
    TokenAuth,
    client_from_mapping,
    normalize_endpoint,
)
from client.auth import AuthScope
from client.errors import _CODE_ADVICE, error_code_advice, error_from_response
from client.obs import ObsError, SandboxBrowser, explain_s3_error
from client.transport import Transport
from models.messages import Message
from services import i18n
from tests.client.fault_server import CutOff, Reply, Stall, error_reply, free_port, json_reply

CHINESE = i18n.catalog(i18n.CHINESE)
HAN = re.compile(r"[\u4e00-\u9fff]")
TASK_BODY = {"import_type": "dir", "import_path": "s3://test-obs/cats/"}


def zh(message: Message) -> str:
    return message.render(CHINESE.gettext)


def ids(message: Message) -> list[str]:
    """Every catalog id in a message, its parameters' included."""
    found = [message.id]
    for value in message.params.values():
        if isinstance(value, Message):
            found += ids(value)
    return found


def assert_chinese(error: ModelArtsError | ObsError) -> str:
    """The error's message is wholly in the catalog and reads as Chinese; its English is str(error)."""
    message = error.message
    missing = [text for text in ids(message) if text not in CHINESE._catalog]  # type: ignore[attr-defined]
    assert not missing, missing
    shown = zh(message)
    assert HAN.search(shown), shown
    assert str(message) == str(error)  # the English, as logs have it
    return shown


def make_client(url: str, read: float = 0.3) -> ModelArtsClient:
    return ModelArtsClient(
        url, "proj", TokenAuth("tok-secret-123"), timeout=(1.0, read), retries=0, sleep=lambda s: None
    )


# --- the service answered with an error -----------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(_CODE_ADVICE))
def test_each_documented_error_code_reads_in_chinese_with_the_service_words(code):
    body = json.dumps({"error_code": code, "error_msg": "Service says <b>no</b> to *this*"}).encode()
    error = error_from_response(400, {"X-Request-Id": "req-77"}, body)
    shown = assert_chinese(error)
    assert "Service says <b>no</b> to *this*" in shown  # a parameter, as it came: escaped where it is shown
    assert code in shown and "req-77" in shown and "HTTP 400" in shown
    explanation, fix = error_code_advice(code)
    assert zh(explanation) in shown and zh(fix) in shown


BODIES = {
    "json": (b'{"error_code": "Other.0001", "error_msg": "quota exceeded"}', "application/json"),
    "html": (b"<html><head><title>Gateway says no</title></head></html>", "text/html"),
    "empty": (b"", "text/plain"),
    "not_json": (b"plain words", "text/plain"),
    "truncated": (b'{"error_code": "Mod', "application/json"),
}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 429, 500, 502])
@pytest.mark.parametrize("shape", sorted(BODIES))
def test_every_status_and_answer_shape_reads_in_chinese(status, shape):
    body, content_type = BODIES[shape]
    error = error_from_response(status, {"Content-Type": content_type}, body, auth_kind="aksk", service="IAM")
    shown = assert_chinese(error)
    assert f"HTTP {status}" in shown
    if shape == "html":
        assert "Gateway says no" in shown
    if shape == "json":
        assert "quota exceeded" in shown


# --- no usable answer, against real sockets -------------------------------------------------------------------


def test_nothing_listening_reads_in_chinese_with_the_address():
    port = free_port()
    with pytest.raises(ModelArtsError) as caught:
        make_client(f"http://127.0.0.1:{port}").list_datasets()
    shown = assert_chinese(caught.value)
    assert f"127.0.0.1:{port}" in shown and "连接被拒绝" in shown


@pytest.mark.parametrize(
    ("reply", "create", "in_text"),
    [
        (Stall(), True, "0.3"),  # a create that may have happened: look before sending again
        (Stall(), False, "0.3"),
        (CutOff(), False, "截断"),
        (CutOff(b'{"task_id": "t'), True, "任务列表"),
        (Reply(200, "<html><title>Login</title></html>", {"Content-Type": "text/html"}), False, "Login"),
        (json_reply(b'{"datasets": [{"dataset_id": "d1"'), False, "JSON"),
        (Reply(200, "OK", {"Content-Type": "text/plain"}), False, "JSON"),
        (Reply(200, b""), True, "任务列表"),
        (json_reply({"id": "t-1"}), True, "task_id"),
        (json_reply({"datasets": "not a list"}), False, "DatasetList"),
        (Reply(302, b"", {"Location": "https://elsewhere.example/v2"}), True, "https://elsewhere.example/v2"),
        (Reply(302, b""), False, "HTTP 302"),
        (error_reply(409, "ModelArts.4356", "an import is running"), True, "an import is running"),
    ],
)
def test_unusable_answers_read_in_chinese(server, reply, create, in_text):
    server.script(reply)
    client = make_client(server.url)
    with pytest.raises(ModelArtsError) as caught:
        client.create_import_task("ds1", TASK_BODY) if create else client.list_datasets()
    assert in_text in assert_chinese(caught.value)


def test_tls_and_dns_failures_read_in_chinese(server):
    with pytest.raises(ModelArtsError) as tls:
        make_client(f"https://127.0.0.1:{server.port}").list_datasets()
    assert "TLS" in assert_chinese(tls.value)
    with pytest.raises(ModelArtsError) as dns:
        make_client("https://modelarts.nowhere.invalid").list_datasets()
    assert "modelarts.nowhere.invalid" in assert_chinese(dns.value) and "DNS" in zh(dns.value.message)


# --- settings and sign-in ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {"MODELARTS_REGION": "cn-north-4"},
        {"MODELARTS_TOKEN": "t", "HUAWEICLOUD_SDK_AK": "ak", "HUAWEICLOUD_SDK_SK": "sk", "MODELARTS_REGION": "x-y"},
        {"MODELARTS_IAM_USER": "u", "MODELARTS_REGION": "cn-north-4"},
        {"MODELARTS_IAM_USER": "u", "MODELARTS_IAM_PASSWORD": "p", "MODELARTS_REGION": "cn-north-4"},
        {"MODELARTS_TOKEN": "t", "MODELARTS_REGION": "cn-north-4"},
        {"MODELARTS_TOKEN": "t", "MODELARTS_PROJECT_ID": "p", "MODELARTS_REGION": "mars-1"},
        {"MODELARTS_TOKEN": "t", "MODELARTS_PROJECT_ID": "p"},
    ],
)
def test_settings_that_cannot_make_a_client_read_in_chinese(settings):
    with pytest.raises(ConfigurationError) as caught:
        client_from_mapping(settings)
    assert_chinese(caught.value)


@pytest.mark.parametrize(
    "endpoint",
    ["", "ftp://modelarts.example.com", "https://", "https://user:pw@example.com", "https://example.com/?a=1",
     "https://example.com:99999", "https://example.com/v2/proj"],
)  # fmt: skip
def test_endpoints_that_cannot_be_used_read_in_chinese(endpoint):
    with pytest.raises(ConfigurationError) as caught:
        normalize_endpoint(endpoint)
    assert_chinese(caught.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda: TokenAuth(" "),
        lambda: AkSkAuth("", "sk"),
        lambda: AkSkAuth("ak", ""),
        lambda: IamUserAuth("", "p", "d"),
        lambda: IamUserAuth("u", "", "d"),
        lambda: IamUserAuth("u", "p", ""),
    ],
)
def test_an_empty_credential_reads_in_chinese(make):
    with pytest.raises(ConfigurationError) as caught:
        make()
    assert "MODELARTS" in assert_chinese(caught.value) or "HUAWEICLOUD" in zh(caught.value.message)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ({"projects": []}, NotFoundError),
        ({"nothing": 1}, InvalidResponseError),
        ({"projects": [{"id": "p1"}, {"id": "p2"}]}, ConfigurationError),
    ],
)
def test_what_iam_says_of_the_project_reads_in_chinese(iam, answer, kind):
    iam.script(json_reply(answer))
    scope = AuthScope(region="cn-north-4", iam_endpoint=iam.url)
    with pytest.raises(kind) as caught:
        AkSkAuth("ak-id", "sk-secret-456").find_project_id(Transport(retries=0), scope)
    assert_chinese(caught.value)


def test_iam_without_a_token_reads_in_chinese(iam):
    iam.script(json_reply({"token": {}}, status=201))
    auth = IamUserAuth("u", "pw", "d", project_id="p", iam_endpoint=iam.url)
    with pytest.raises(InvalidResponseError) as caught:
        auth.token(Transport(retries=0), AuthScope())
    assert "X-Subject-Token" in assert_chinese(caught.value)


# --- OBS --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["AccessDenied", "InvalidAccessKeyId", "NoSuchBucket", "PermanentRedirect", "SlowDown"]
)
@pytest.mark.parametrize("bucket", ["cats", None])
def test_each_obs_refusal_reads_in_chinese(code, bucket):
    refusal = botocore.exceptions.ClientError({"Error": {"Code": code, "Message": "no"}}, "ListObjectsV2")
    error = ObsError(explain_s3_error(refusal, Message("OBS at {endpoint}", {"endpoint": "https://obs.x"}), bucket))
    shown = assert_chinese(error)
    assert "https://obs.x" in shown


def test_an_obs_endpoint_out_of_reach_reads_in_chinese():
    unreachable = botocore.exceptions.EndpointConnectionError(endpoint_url="https://obs.x")
    assert "EndpointConnectionError" in assert_chinese(ObsError(explain_s3_error(unreachable, "OBS", None)))


def test_a_sandbox_without_a_server_reads_in_chinese(server):
    with pytest.raises(ObsError) as refused:
        SandboxBrowser(f"http://127.0.0.1:{free_port()}", timeout=1).buckets()
    assert "127.0.0.1" in assert_chinese(refused.value)
    server.script(Reply(500, json.dumps({"error_msg": "disk *full*"}), {"Content-Type": "application/json"}))
    with pytest.raises(ObsError) as failed:
        SandboxBrowser(server.url, timeout=1).folder("b", "")
    assert "disk *full*" in assert_chinese(failed.value)


# --- secrets ----------------------------------------------------------------------------------------------------

SECRET = "pw-secret-999"


def test_secrets_quoted_by_a_service_reach_no_message_in_any_language(iam):
    answers = [
        error_reply(401, "APIGW.0301", f"wrong password {SECRET} for user u"),
        Reply(401, f"<html><title>Denied {SECRET}</title></html>", {"Content-Type": "text/html"}),
        Reply(
            400, json.dumps({"error": {"code": 400, "message": f"bad {SECRET}"}}), {"Content-Type": "application/json"}
        ),
    ]
    for answer in answers:
        iam.script(answer)
        auth = IamUserAuth("u", SECRET, "d", project_id="p", iam_endpoint=iam.url)
        with pytest.raises(ModelArtsError) as caught:
            auth.token(Transport(retries=0), AuthScope())
        error = caught.value
        assert SECRET not in zh(error.message) and SECRET not in str(error) and SECRET not in repr(error)
        assert "***" in zh(error.message)


def test_a_source_password_echoed_by_the_service_reaches_no_message(server):
    body = dict(
        TASK_BODY,
        import_path=None,
        data_source={
            "data_type": 1,
            "source_info": {
                "cluster_id": "c",
                "database_name": "db",
                "table_name": "t",
                "user_name": "u",
                "user_password": SECRET,
            },
        },
    )
    body.pop("import_path")
    server.script(error_reply(400, "ModelArts.4362", f"login failed with {SECRET}"))
    with pytest.raises(ModelArtsError) as caught:
        make_client(server.url).create_import_task("ds1", body)
    shown = assert_chinese(caught.value)
    assert SECRET not in shown and SECRET not in str(caught.value) and "login failed with ***" in shown


def test_no_client_error_is_made_of_bare_english():
    """Each error the client raises says what it says with a Message (a catalog id), never a bare string."""
    import ast
    from pathlib import Path

    import client.errors as errors

    kinds = {name for name in errors.__all__ if name.endswith("Error")} | {"ObsError"}
    bare = []
    for path in Path(errors.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in kinds:
                for argument in node.args[:2]:
                    if isinstance(argument, ast.Constant | ast.JoinedStr | ast.BinOp):
                        bare.append(f"{path.name}:{node.lineno}")
    assert not bare, bare
