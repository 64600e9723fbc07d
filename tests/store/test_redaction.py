"""Secrets are found by their key's name at any depth, so a secret field added later is removed too."""

from __future__ import annotations

import pytest

from store import is_secret_key, redact_body, scrub, secret_values


@pytest.mark.parametrize(
    "key",
    ["user_password", "password", "passwd", "MODELARTS_IAM_PASSWORD", "HUAWEICLOUD_SDK_SK", "sk", "token",
     "X-Auth-Token", "security_token", "secret", "client_secret", "access_key", "private_key", "credentials",
     "Authorization"],
)  # fmt: skip
def test_secret_keys(key: str):
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    ["user_name", "import_path", "task_id", "ask", "desk", "label_format", "@modelarts:shortcut", "name", "key"],
)
def test_ordinary_keys(key: str):
    assert not is_secret_key(key)


def test_secrets_are_removed_at_any_depth_and_the_rest_is_kept():
    body = {
        "import_path": "s3://b/p/",
        "data_source": {"source_info": {"user_name": "u", "user_password": "pw-123456"}},
        "included_labels": [{"name": "cat", "attributes": [{"token": "t-987654", "value": "v"}]}],
    }
    clean, removed = redact_body(body)
    assert removed is True
    assert clean == {
        "import_path": "s3://b/p/",
        "data_source": {"source_info": {"user_name": "u"}},
        "included_labels": [{"name": "cat", "attributes": [{"value": "v"}]}],
    }
    assert body["data_source"]["source_info"]["user_password"] == "pw-123456"  # the input is left alone
    assert sorted(secret_values(body)) == ["pw-123456", "t-987654"]


def test_an_empty_password_is_not_reported_as_removed():
    assert redact_body({"data_source": {"source_info": {"user_password": ""}}}) == (
        {"data_source": {"source_info": {}}},
        False,
    )


def test_scrub_replaces_each_secret_longest_first_and_ignores_very_short_ones():
    assert scrub("a pw-123456 b pw-123 c", ["pw-123", "pw-123456", "ab"]) == "a *** b *** c"
    assert scrub(None, ["x"]) is None
