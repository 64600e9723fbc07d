"""Endpoints from regions or base URLs, and clients built from environment-like settings."""

import pytest

from client import (
    ENV_VARS,
    MODELARTS_ENDPOINTS,
    AkSkAuth,
    ConfigurationError,
    IamUserAuth,
    ModelArtsClient,
    TokenAuth,
    client_from_env,
    client_from_mapping,
    endpoint_for_region,
    iam_endpoint_for,
    is_configured,
    normalize_endpoint,
)
from client.endpoints import region_from_endpoint
from tests.client.fault_server import json_reply

# --- endpoints -------------------------------------------------------------------------------------


def test_region_table_follows_the_sdk_including_the_cn_exception():
    assert endpoint_for_region("cn-north-4") == "https://modelarts.cn-north-4.myhuaweicloud.com"
    assert endpoint_for_region(" AP-SOUTHEAST-1 ") == "https://modelarts.ap-southeast-1.myhuaweicloud.cn"
    dot_cn = [region for region, url in MODELARTS_ENDPOINTS.items() if url.endswith(".cn")]
    assert dot_cn == ["ap-southeast-1"]
    for region, url in MODELARTS_ENDPOINTS.items():
        assert url.startswith(f"https://modelarts.{region}.myhuaweicloud.")


def test_unknown_region_lists_the_known_ones_and_points_to_a_custom_endpoint():
    with pytest.raises(ConfigurationError) as caught:
        endpoint_for_region("eu-de")
    text = str(caught.value)
    assert "Unknown ModelArts region 'eu-de'" in text
    assert "cn-north-4" in text and "MODELARTS_ENDPOINT" in text


def test_iam_endpoints_agree_with_the_sdk_table_where_both_know_the_region():
    from huaweicloudsdkcore.auth.endpoint import get_iam_endpoint_by_id

    checked = 0
    for region in MODELARTS_ENDPOINTS:
        sdk = get_iam_endpoint_by_id(region)
        if sdk:
            assert iam_endpoint_for(region) == sdk
            checked += 1
    assert checked >= 15


def test_iam_endpoint_of_a_custom_cloud_is_inferred_from_its_host():
    assert iam_endpoint_for(None, "https://modelarts.eu-de.otc.t-systems.com") == "https://iam.eu-de.otc.t-systems.com"
    assert iam_endpoint_for(None, "http://127.0.0.1:8000") is None
    assert region_from_endpoint("https://modelarts.eu-de.otc.t-systems.com") == "eu-de"
    assert region_from_endpoint("http://127.0.0.1:8000") is None


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("https://modelarts.cn-north-4.myhuaweicloud.com/", "https://modelarts.cn-north-4.myhuaweicloud.com"),
        ("  modelarts.eu-de.otc.t-systems.com  ", "https://modelarts.eu-de.otc.t-systems.com"),
        ("http://127.0.0.1:8123//", "http://127.0.0.1:8123"),
        ("HTTP://LOCALHOST:8123/prefix/", "http://localhost:8123/prefix"),
        ("http://[::1]:8123", "http://[::1]:8123"),
    ],
)
def test_endpoints_are_normalised(given, normal):
    assert normalize_endpoint(given) == normal


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("", "empty"),
        ("ftp://host", "not an http(s) URL"),
        ("https://", "no host name"),
        ("https://user:pw@host", "user name or password"),
        ("https://host/?x=1", "query string"),
        ("https://host:99999", "invalid port"),
        ("https://modelarts.cn-north-4.myhuaweicloud.com/v2/abc/datasets", "API path"),
    ],
)
def test_bad_endpoints_are_refused(given, words):
    with pytest.raises(ConfigurationError) as caught:
        normalize_endpoint(given)
    assert words in str(caught.value)
    assert "pw" not in str(caught.value)


# --- configuration from settings ----------------------------------------------------------------


def test_nothing_set_means_no_client():
    assert client_from_mapping({}) is None
    assert client_from_mapping({"MODELARTS_REGION": "  ", "UNRELATED": "x"}) is None
    assert client_from_env({}) is None
    assert not is_configured({"PATH": "/bin"})


def test_access_keys_and_a_region():
    client = client_from_env(
        {"HUAWEICLOUD_SDK_AK": "AK1234567890", "HUAWEICLOUD_SDK_SK": "sk-x", "MODELARTS_REGION": "cn-north-4"}
    )
    assert isinstance(client.auth, AkSkAuth)
    assert client.endpoint == "https://modelarts.cn-north-4.myhuaweicloud.com"
    assert client.iam_endpoint == "https://iam.cn-north-4.myhuaweicloud.com"
    assert client.region == "cn-north-4"
    assert "(looked up on first call)" in client.describe()


def test_keys_are_case_insensitive_for_secrets_mappings_and_values_are_trimmed():
    client = client_from_mapping(
        {
            "modelarts_endpoint": " http://127.0.0.1:9/ ",
            "modelarts_project_id": "p ",
            "modelarts_token": " tok ",
        }
    )
    assert isinstance(client.auth, TokenAuth)
    assert (client.endpoint, client.project_id) == ("http://127.0.0.1:9", "p")


def test_iam_user_settings(iam, server):
    iam.script(json_reply({"token": {"project": {"id": "p-1"}}}, 201, **{"X-Subject-Token": "tok-1"}))
    server.script(json_reply({"datasets": [], "total_number": 0}))
    client = client_from_mapping(
        {
            "MODELARTS_ENDPOINT": server.url,
            "MODELARTS_REGION": "cn-north-4",
            "MODELARTS_IAM_USER": "alice",
            "MODELARTS_IAM_PASSWORD": "pw-secret",
            "MODELARTS_IAM_DOMAIN": "acme",
            "MODELARTS_IAM_ENDPOINT": iam.url,
        }
    )
    assert isinstance(client.auth, IamUserAuth)
    assert client.list_datasets().total_number == 0
    assert iam.requests[0].json()["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert server.requests[0].header("X-Auth-Token") == "tok-1"


def test_security_token_is_passed_on():
    client = client_from_mapping(
        {
            "HUAWEICLOUD_SDK_AK": "AK1234567890",
            "HUAWEICLOUD_SDK_SK": "sk",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN": "sts",
            "MODELARTS_REGION": "cn-north-4",
        }
    )
    assert "security_token=***" in repr(client.auth)


def test_client_keyword_arguments_pass_through():
    client = client_from_mapping(
        {"MODELARTS_TOKEN": "t", "MODELARTS_PROJECT_ID": "p", "MODELARTS_REGION": "cn-east-3"},
        timeout=(2, 9),
        retries=0,
    )
    assert (client.transport.timeout.connect, client.transport.timeout.read, client.transport.retries) == (
        2,
        9,
        0,
    )


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"MODELARTS_REGION": "cn-north-4"}, "no credentials"),
        ({"HUAWEICLOUD_SDK_AK": "ak", "MODELARTS_REGION": "cn-north-4"}, "HUAWEICLOUD_SDK_SK is not set"),
        (
            {"MODELARTS_IAM_USER": "u", "MODELARTS_REGION": "cn-north-4"},
            "MODELARTS_IAM_PASSWORD, MODELARTS_IAM_DOMAIN are not set",
        ),
        (
            {
                "MODELARTS_TOKEN": "tok-SECRET",
                "HUAWEICLOUD_SDK_AK": "a",
                "HUAWEICLOUD_SDK_SK": "sk-SECRET",
                "MODELARTS_REGION": "x",
            },
            "more than one kind",
        ),
        (
            {"MODELARTS_TOKEN": "tok-SECRET", "MODELARTS_REGION": "cn-north-4"},
            "MODELARTS_PROJECT_ID is not set",
        ),
        (
            {"HUAWEICLOUD_SDK_AK": "a", "HUAWEICLOUD_SDK_SK": "sk-SECRET"},
            "Set MODELARTS_REGION or MODELARTS_ENDPOINT",
        ),
        (
            {"HUAWEICLOUD_SDK_AK": "a", "HUAWEICLOUD_SDK_SK": "sk-SECRET", "MODELARTS_REGION": "mars-1"},
            "Unknown",
        ),
    ],
)
def test_incomplete_or_contradictory_settings_say_what_to_set(settings, words):
    with pytest.raises(ConfigurationError) as caught:
        client_from_mapping(settings)
    assert words in str(caught.value)
    assert "SECRET" not in str(caught.value)


def test_env_vars_table_names_every_variable_of_the_issue():
    issue = {
        "MODELARTS_ENDPOINT",
        "MODELARTS_REGION",
        "MODELARTS_PROJECT_ID",
        "MODELARTS_TOKEN",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "MODELARTS_IAM_USER",
        "MODELARTS_IAM_PASSWORD",
        "MODELARTS_IAM_DOMAIN",
    }
    assert issue <= set(ENV_VARS)


def test_client_from_env_reads_os_environ(monkeypatch):
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    assert client_from_env() is None
    monkeypatch.setenv("MODELARTS_TOKEN", "t")
    monkeypatch.setenv("MODELARTS_PROJECT_ID", "p")
    monkeypatch.setenv("MODELARTS_ENDPOINT", "http://127.0.0.1:9")
    assert isinstance(client_from_env(), ModelArtsClient)
    assert is_configured()
