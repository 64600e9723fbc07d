"""The three sign-in methods against local servers (a fake IAM included), and secrets kept out of texts."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from client import (
    AkSkAuth,
    AuthenticationError,
    ConfigurationError,
    IamUserAuth,
    ModelArtsClient,
    NotFoundError,
    PermissionDeniedError,
    TokenAuth,
    verify_signature,
)
from tests.client.fault_server import Reply, error_reply, json_reply

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
DATASETS = {"datasets": [{"dataset_id": "d1", "dataset_name": "cats"}], "total_number": 1}
AK, SK, STS = "HPUAEXAMPLEAK0001", "sk-Very-Secret-0001", "sts-Secret-Token-0001"
PASSWORD = "Pa55word!-secret"


def token_reply(value, expires_at=NOW + timedelta(hours=24), project_id="proj-from-token"):
    body = {
        "token": {
            "expires_at": expires_at.isoformat().replace("+00:00", "Z"),
            "project": {"id": project_id, "name": "cn-north-4"},
        }
    }
    return json_reply(body, 201, **{"X-Subject-Token": value})


def iam_user(iam, **kwargs):
    return IamUserAuth(
        "alice",
        PASSWORD,
        "acme",
        region="cn-north-4",
        iam_endpoint=iam.url,
        clock=kwargs.pop("clock", lambda: NOW),
        **kwargs,
    )


def client_for(server, auth, project_id="proj-1", **kwargs):
    return ModelArtsClient(server.url, project_id, auth, timeout=(1, 2), sleep=lambda _: None, **kwargs)


# --- IAM user --------------------------------------------------------------------------------------


def test_iam_user_gets_a_scoped_token_once_and_reuses_it(server, iam):
    iam.script(token_reply("tok-A"))
    server.script(json_reply(DATASETS))
    client = client_for(server, iam_user(iam))
    for _ in range(3):
        client.list_datasets()
    assert len(iam.requests) == 1
    [login] = iam.requests
    assert (login.method, login.path) == ("POST", "/v3/auth/tokens")
    assert login.json() == {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": "alice", "password": PASSWORD, "domain": {"name": "acme"}}},
            },
            "scope": {"project": {"id": "proj-1"}},
        }
    }
    assert [r.header("X-Auth-Token") for r in server.requests] == ["tok-A"] * 3


def test_iam_user_without_project_id_scopes_by_region_and_takes_the_project_from_the_token(server, iam):
    iam.script(token_reply("tok-A", project_id="p-77"))
    server.script(json_reply(DATASETS))
    client = client_for(server, iam_user(iam), project_id=None)
    client.list_datasets()
    assert iam.requests[0].json()["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert server.requests[0].path.startswith("/v2/p-77/datasets?")
    assert client.project_id == "p-77"


def test_iam_user_token_is_renewed_shortly_before_it_expires(server, iam):
    clock = [NOW]
    iam.script(token_reply("tok-A", expires_at=NOW + timedelta(minutes=30)), token_reply("tok-B"))
    server.script(json_reply(DATASETS))
    client = client_for(server, iam_user(iam, clock=lambda: clock[0]))
    client.list_datasets()
    clock[0] = NOW + timedelta(minutes=24)
    client.list_datasets()
    clock[0] = NOW + timedelta(minutes=26)  # within the 5-minute margin
    client.list_datasets()
    assert [r.header("X-Auth-Token") for r in server.requests] == ["tok-A", "tok-A", "tok-B"]
    assert len(iam.requests) == 2


def test_401_gets_a_new_token_once_and_repeats_the_post(server, iam):
    iam.script(token_reply("tok-A"), token_reply("tok-B"))
    server.script(error_reply(401, "ModelArts.0203", "token expired"), json_reply({"task_id": "t-1"}))
    client = client_for(server, iam_user(iam))
    assert client.create_import_task("ds1", {"import_path": "s3://bucket-1/dir/"}) == "t-1"
    assert [r.header("X-Auth-Token") for r in server.requests] == ["tok-A", "tok-B"]
    assert [r.method for r in server.requests] == ["POST", "POST"]
    assert server.requests[0].body == server.requests[1].body
    assert len(iam.requests) == 2


def test_a_second_401_is_reported_without_a_third_try(server, iam):
    iam.script(token_reply("tok-A"), token_reply("tok-B"))
    server.script(error_reply(401, "ModelArts.0204", "token invalid"))
    client = client_for(server, iam_user(iam))
    with pytest.raises(AuthenticationError) as caught:
        client.create_import_task("ds1", {"import_path": "s3://bucket-1/dir/"})
    assert len(server.requests) == 2
    assert len(iam.requests) == 2
    assert "MODELARTS_IAM_PASSWORD" in str(caught.value)


def test_iam_refusing_the_password_says_which_settings_to_check(server, iam):
    iam.script(
        json_reply(
            {
                "error": {
                    "code": 401,
                    "title": "Unauthorized",
                    "message": f"The username or password is wrong: {PASSWORD}",
                }
            },
            401,
            **{"X-IAM-Trace-Id": "iam-trace-1"},
        )
    )
    with pytest.raises(AuthenticationError) as caught:
        client_for(server, iam_user(iam)).list_datasets()
    text = str(caught.value)
    assert text.startswith("IAM did not accept the credentials")
    assert "MODELARTS_IAM_USER, MODELARTS_IAM_PASSWORD and MODELARTS_IAM_DOMAIN" in text
    assert "iam-trace-1" in text
    assert PASSWORD not in text and PASSWORD not in repr(caught.value)
    assert server.requests == []


def test_iam_answer_without_a_token_header(server, iam):
    iam.script(json_reply({"token": {}}, 201))
    with pytest.raises(Exception) as caught:
        client_for(server, iam_user(iam)).list_datasets()
    assert type(caught.value).__name__ == "InvalidResponseError"
    assert "X-Subject-Token" in str(caught.value)


def test_iam_endpoint_comes_from_the_region():
    auth = IamUserAuth("alice", PASSWORD, "acme")
    client = ModelArtsClient.for_region("ap-southeast-1", auth)
    assert client.endpoint == "https://modelarts.ap-southeast-1.myhuaweicloud.cn"
    assert client.iam_endpoint == "https://iam.ap-southeast-1.myhuaweicloud.com"


# --- access keys -----------------------------------------------------------------------------------


def sdk_authorization(seen, base_url):
    """What the Huawei SDK's Signer computes for the request exactly as the server received it."""
    parts = urlsplit(seen.path)
    signed = seen.header("Authorization").split("SignedHeaders=")[1].split(",")[0].split(";")
    headers = {name: seen.header(name) for name in signed}
    from urllib.parse import parse_qsl

    request = SdkRequest(
        method=seen.method,
        schema="http",
        host=urlsplit(base_url).netloc,
        resource_path=parts.path,
        query_params=parse_qsl(parts.query, keep_blank_values=True),
        header_params=headers,
        body=seen.body,
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params["Authorization"]


def test_aksk_requests_carry_project_and_a_signature_the_sdk_agrees_with(server):
    server.script(json_reply(DATASETS), json_reply({"task_id": "t-1"}))
    client = client_for(server, AkSkAuth(AK, SK))
    client.list_datasets(search_content="猫 cats", with_labels=True)
    client.create_import_task("ds1", {"import_path": "s3://bucket-1/图片/", "import_type": "dir"})
    for seen in server.requests:
        assert seen.header("X-Project-Id") == "proj-1"
        assert seen.header("Authorization").startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")
        assert seen.header("Authorization") == sdk_authorization(seen, server.url)
        assert verify_signature(seen.method, server.url + seen.path, seen.headers, seen.body, AK, SK)
        assert seen.header("X-Security-Token") is None
    assert "x-project-id" in server.requests[1].header("Authorization")
    assert "content-type" in server.requests[1].header("Authorization")


def test_aksk_with_a_security_token_signs_it(server):
    server.script(json_reply(DATASETS))
    client_for(server, AkSkAuth(AK, SK, STS)).list_datasets()
    seen = server.requests[0]
    assert seen.header("X-Security-Token") == STS
    assert "x-security-token" in seen.header("Authorization")
    assert seen.header("Authorization") == sdk_authorization(seen, server.url)


def test_aksk_retries_are_signed_afresh(server):
    server.script(error_reply(503, "ModelArts.0010", "busy"), json_reply(DATASETS))
    client_for(server, AkSkAuth(AK, SK)).list_datasets()
    assert len(server.requests) == 2
    for seen in server.requests:
        assert verify_signature(seen.method, server.url + seen.path, seen.headers, seen.body, AK, SK)


def test_aksk_401_is_not_retried_and_mentions_keys_and_clock(server):
    server.script(error_reply(401, "APIGW.0301", "Incorrect IAM authentication information"))
    with pytest.raises(AuthenticationError) as caught:
        client_for(server, AkSkAuth(AK, SK)).list_datasets()
    assert len(server.requests) == 1
    text = str(caught.value)
    assert "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK" in text and "clock" in text
    assert "APIGW.0301" in text


def test_aksk_project_id_is_asked_of_iam_by_region(server, iam):
    iam.script(json_reply({"projects": [{"id": "p-42", "name": "cn-north-4"}]}))
    server.script(json_reply(DATASETS))
    client = client_for(server, AkSkAuth(AK, SK), project_id=None, region="cn-north-4", iam_endpoint=iam.url)
    client.list_datasets()
    client.list_datasets()
    [lookup] = iam.requests
    assert lookup.path == "/v3/projects?name=cn-north-4"
    assert verify_signature("GET", iam.url + lookup.path, lookup.headers, lookup.body, AK, SK)
    assert lookup.header("X-Project-Id") is None
    assert [r.path.split("?")[0] for r in server.requests] == ["/v2/p-42/datasets"] * 2
    assert server.requests[0].header("X-Project-Id") == "p-42"


def test_aksk_project_lookup_failures_say_to_set_the_project_id(server, iam):
    client = client_for(server, AkSkAuth(AK, SK), project_id=None, region="cn-north-4", iam_endpoint=iam.url)
    iam.script(json_reply({"projects": []}))
    with pytest.raises(NotFoundError, match="MODELARTS_PROJECT_ID"):
        client.list_datasets()
    iam.script(json_reply({"projects": [{"id": "a"}, {"id": "b"}]}))
    with pytest.raises(ConfigurationError, match="several projects named cn-north-4: a, b"):
        client.list_datasets()
    iam.script(error_reply(403, "IAM.0002", "forbidden"))
    with pytest.raises(PermissionDeniedError):
        client.list_datasets()
    assert server.requests == []


def test_token_auth_without_project_id_cannot_start(server):
    client = client_for(server, TokenAuth("tok"), project_id=None)
    with pytest.raises(ConfigurationError, match="MODELARTS_PROJECT_ID"):
        client.list_datasets()
    assert server.requests == []


def test_auth_must_be_one_of_the_three():
    with pytest.raises(TypeError):
        ModelArtsClient("http://127.0.0.1:9", "p", "token-string")


@pytest.mark.parametrize(
    ("factory", "variable"),
    [
        (lambda: TokenAuth(" "), "MODELARTS_TOKEN"),
        (lambda: AkSkAuth("ak", ""), "HUAWEICLOUD_SDK_SK"),
        (lambda: IamUserAuth("u", "p", ""), "MODELARTS_IAM_DOMAIN"),
    ],
)
def test_empty_credentials_are_refused(factory, variable):
    with pytest.raises(ConfigurationError, match=variable):
        factory()


# --- secrets ---------------------------------------------------------------------------------------


def test_no_secret_in_repr_or_str_of_auth_objects_and_clients(server, iam):
    iam.script(token_reply("tok-issued-SECRET"))
    server.script(json_reply(DATASETS))
    user = iam_user(iam)
    client_for(server, user).list_datasets()  # so a token is held
    objects = [TokenAuth("tok-SECRET-value"), AkSkAuth(AK, SK, STS), user]
    objects += [client_for(server, auth) for auth in list(objects)]
    secrets = ["tok-SECRET-value", SK, STS, PASSWORD, "tok-issued-SECRET"]
    for thing in objects:
        for text in (repr(thing), str(thing)) + ((thing.describe(),) if isinstance(thing, ModelArtsClient) else ()):
            for secret in secrets:
                assert secret not in text, (type(thing).__name__, text)
    assert "HPUA…" in repr(objects[1]) and AK not in repr(objects[1])


def test_secrets_echoed_by_a_service_are_scrubbed_from_errors(server):
    source_password = "db-Pass-SECRET"
    server.script(error_reply(400, "ModelArts.4396", f"login failed for u/{source_password} with {SK}"))
    body = {
        "import_origin": "dws",
        "data_source": {
            "data_type": 1,
            "source_info": {
                "ip": "10.0.0.8",
                "port": "8000",
                "database_name": "db",
                "table_name": "t",
                "user_name": "u",
                "user_password": source_password,
            },
        },
    }
    with pytest.raises(Exception) as caught:
        client_for(server, AkSkAuth(AK, SK)).create_import_task("ds1", body)
    error = caught.value
    for text in (str(error), repr(error), error.error_msg, *map(str, error.args)):
        assert source_password not in text and SK not in text
    assert "u/***" in str(error)
    assert "source credentials are wrong" in str(error)


def test_html_error_pages_are_scrubbed_too(server):
    server.script(Reply(403, f"<html><title>Denied for {SK}</title></html>", {"Content-Type": "text/html"}))
    with pytest.raises(PermissionDeniedError) as caught:
        client_for(server, AkSkAuth(AK, SK)).list_datasets()
    assert SK not in str(caught.value)
    assert "Denied for ***" in str(caught.value)
    assert str(caught.value).count("Denied for") == 1
