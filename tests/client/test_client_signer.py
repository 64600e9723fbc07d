"""client.signer against the Huawei SDK's own Signer, on many generated requests."""

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote, urlencode

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client.signer import (
    canonical_uri,
    expected_authorization,
    parse_authorization,
    sign,
    signature_problem,
    verify_signature,
)

AK, SK = "QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
WHEN = datetime(2024, 3, 1, 12, 30, 5, tzinfo=UTC)

# Text with non-ASCII, reserved and percent characters; no control characters (not sendable in headers).
text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("/?#[]@!$&'()*+,;=%~ é中"),
    max_size=12,
)
segment = text.filter(lambda s: s not in ("", ".", ".."))
header_name = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,15}", fullmatch=True).filter(
    lambda n: n.lower() not in ("host", "x-sdk-date", "authorization", "content-type", "x-sdk-content-sha256")
)
header_value = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


@st.composite
def requests_(draw):
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "get"]))
    segments = draw(st.lists(segment, max_size=4))
    keep_reserved = draw(st.booleans())
    safe = "!$&'()*+,;=:@" if keep_reserved else ""
    path = "/" + "/".join(quote(s, safe=safe) for s in segments)
    if draw(st.booleans()):
        path += "/"
    query = draw(st.lists(st.tuples(text.filter(bool), text), max_size=4))
    headers = draw(st.dictionaries(header_name, header_value, max_size=4))
    lowered = {}
    for name, value in headers.items():
        lowered.setdefault(name.lower(), (name, value))
    headers = dict(lowered.values())
    content_type = draw(
        st.sampled_from(
            [
                None,
                "application/json",
                "application/json;charset=UTF-8",
                "application/octet-stream",
                "text/plain",
            ]
        )
    )
    if content_type:
        headers["Content-Type"] = content_type
    body = draw(st.one_of(st.just(b""), st.binary(max_size=64), text.map(lambda s: s.encode())))
    host = draw(st.sampled_from(["modelarts.cn-north-4.myhuaweicloud.com", "127.0.0.1:8080", "[::1]:9000"]))
    return method, host, path, query, headers, body


def sdk_sign(method, host, path, query, headers, body):
    request = SdkRequest(
        method=method,
        schema="https",
        host=host,
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers),
        body=body,
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params


def url_of(host, path, query):
    url = f"https://{host}{path}"
    if query:
        url += "?" + urlencode(query, quote_via=quote, safe="~")
    return url


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests_())
def test_sign_matches_the_sdk_signer(req):
    method, host, path, query, headers, body = req
    expected = sdk_sign(method, host, path, query, {**headers, "X-Sdk-Date": "20240301T123005Z"}, body)
    ours = sign(method, url_of(host, path, query), headers, body, AK, SK, when=WHEN)
    assert ours == expected


@settings(max_examples=200, deadline=None)
@given(requests_())
def test_a_signed_request_verifies_and_a_changed_one_does_not(req):
    method, host, path, query, headers, body = req
    url = url_of(host, path, query)
    signed = sign(method, url, headers, body, AK, SK, when=WHEN)
    assert verify_signature(method, url, signed, body, AK, SK, now=WHEN)
    assert expected_authorization(method, url, signed, body, AK, SK) == signed["Authorization"]
    assert not verify_signature(method, url, signed, body + b"x", AK, SK, now=WHEN) or _body_unsigned(signed)
    assert not verify_signature(method, url + ("&" if "?" in url else "?") + "extra=1", signed, body, AK, SK, now=WHEN)
    assert not verify_signature(method, url, signed, body, AK, SK + "x", now=WHEN)


def _body_unsigned(headers):
    return headers.get("X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD"


def test_known_vector_for_a_modelarts_call():
    url = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/0123abc/datasets?limit=10&offset=0"
    headers = sign("GET", url, {"X-Project-Id": "0123abc"}, b"", AK, SK, when=WHEN)
    sdk = sdk_sign(
        "GET",
        "modelarts.cn-north-4.myhuaweicloud.com",
        "/v2/0123abc/datasets",
        [("limit", 10), ("offset", 0)],
        {"X-Project-Id": "0123abc", "X-Sdk-Date": "20240301T123005Z"},
        b"",
    )
    assert headers == sdk
    parts = parse_authorization(headers["Authorization"])
    assert parts.access == AK
    assert parts.signed_headers == ("host", "x-project-id", "x-sdk-date")
    assert headers["Host"] == "modelarts.cn-north-4.myhuaweicloud.com"
    assert headers["X-Sdk-Date"] == "20240301T123005Z"


def test_when_may_be_in_any_timezone_and_an_existing_date_header_is_kept():
    url = "https://h/v2/p/datasets"
    plus_eight = WHEN.astimezone(timezone(timedelta(hours=8)))
    assert sign("GET", url, {}, None, AK, SK, when=plus_eight) == sign("GET", url, {}, b"", AK, SK, when=WHEN)
    kept = sign("GET", url, {"x-sdk-date": "20240301T123005Z"}, b"", AK, SK)
    assert kept["x-sdk-date"] == "20240301T123005Z"
    assert kept["Authorization"] == sign("GET", url, {}, b"", AK, SK, when=WHEN)["Authorization"]


def test_body_as_text_is_signed_as_its_utf8_bytes():
    url = "https://h/v2/p/datasets"
    assert sign("POST", url, {}, '{"a":"é"}', AK, SK, when=WHEN) == sign(
        "POST", url, {}, '{"a":"é"}'.encode(), AK, SK, when=WHEN
    )


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("", "/"),
        ("/", "/"),
        ("/v2/p", "/v2/p/"),
        ("/a%20b/c~d", "/a%20b/c~d/"),
        ("/%E4%B8%AD/", "/%E4%B8%AD/"),
        ("/a+b", "/a%2Bb/"),
        ("/a%2Fb", "/a/b/"),
    ],
)
def test_canonical_uri(path, canonical):
    assert canonical_uri(path) == canonical


def test_signature_problems_are_named():
    url = "https://h/v2/p/datasets?limit=10"
    good = sign("GET", url, {"X-Project-Id": "p"}, b"", AK, SK, when=WHEN)
    assert signature_problem("GET", url, good, b"", AK, SK, now=WHEN) is None
    assert "missing" in signature_problem("GET", url, {}, b"", AK, SK, now=WHEN)
    assert "access key" in signature_problem("GET", url, good, b"", "OTHERAK", SK, now=WHEN)
    assert "minutes" in signature_problem("GET", url, good, b"", AK, SK, now=WHEN + timedelta(minutes=16))
    assert signature_problem("GET", url, good, b"", AK, SK, now=WHEN + timedelta(minutes=16), max_skew=None) is None
    dropped = {k: v for k, v in good.items() if k != "X-Project-Id"}
    assert "x-project-id" in signature_problem("GET", url, dropped, b"", AK, SK, now=WHEN)
    changed = {**good, "X-Project-Id": "q"}
    assert "does not match" in signature_problem("GET", url, changed, b"", AK, SK, now=WHEN)
    assert "does not match" in signature_problem("POST", url, good, b"", AK, SK, now=WHEN)


def test_non_ascii_header_values_travel_as_utf8_and_verify_as_received():
    url = "https://h/v2/p/datasets"
    signed = sign("GET", url, {"X-Name": "数据集"}, b"", AK, SK, when=WHEN)
    assert signed["X-Name"].encode("iso-8859-1") == "数据集".encode()
    assert verify_signature("GET", url, signed, b"", AK, SK, now=WHEN)


def test_missing_keys_are_refused():
    with pytest.raises(ValueError, match="secret key"):
        sign("GET", "https://h/", {}, b"", AK, "", when=WHEN)
