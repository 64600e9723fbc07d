"""Roles from the identity, the single-user default, the endpoint allow-list, and what a failed probe says."""

from __future__ import annotations

import pytest

from client.errors import AuthenticationError, InvalidResponseError, RefusedConnectionError, error_from_response
from services import access

SECRETS = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x", "cookie_secret": "y"},
    "access": {
        "admin": ["Alice@Example.com"],
        "submitter": ["@example.com", "group:importers"],
        "viewer": "group:readers",  # one entry may be written without the list
        "groups_claim": "roles",
        "endpoints": ["https://modelarts.example.com/"],
    },
}
CONFIG = access.parse_settings(SECRETS, "0.0.0.0")


def signed_in(**claims: object) -> access.Identity:
    return access.identity_of({"is_logged_in": True, **claims}, CONFIG)


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"email": "alice@example.com"}, access.ADMIN),  # e-mail addresses compare without case
        ({"email": "bob@example.com"}, access.SUBMITTER),  # the domain
        ({"email": "bob@sub.example.com"}, None),  # a subdomain is another domain
        ({"email": "carol@partner.example", "roles": ["importers"]}, access.SUBMITTER),  # the groups claim named
        ({"email": "dan@partner.example", "roles": "readers"}, access.VIEWER),
        ({"email": "dan@partner.example", "groups": ["importers"]}, None),  # not the configured claim
        ({"email": "alice@example.com", "email_verified": False}, None),  # an unverified address proves nothing
        ({"email": "erin@partner.example", "roles": ["readers", "importers"]}, access.SUBMITTER),  # the highest
        ({"sub": "no-email"}, None),
    ],
)
def test_roles_come_from_the_email_its_domain_or_a_group(claims: dict, role: str | None) -> None:
    assert signed_in(**claims).role == role


def test_what_each_role_may_do() -> None:
    viewer, submitter, admin = (access.Identity("x", "x", role) for role in access.ROLES)
    assert [viewer.may(a) for a in (access.VIEW, access.SUBMIT, access.ADMINISTER)] == [True, False, False]
    assert [submitter.may(a) for a in (access.VIEW, access.SUBMIT, access.ADMINISTER)] == [True, True, False]
    assert admin.is_admin and not access.Identity("x", "x", None).may(access.VIEW)


def test_signed_out_is_nobody_and_without_sign_in_the_local_user_may_do_everything() -> None:
    assert access.identity_of({"is_logged_in": False, "email": "alice@example.com"}, CONFIG).role is None
    single = access.parse_settings({}, "")
    local = access.identity_of({"is_logged_in": True, "email": "mallory@example.com"}, single)
    assert (local.user, local.owner, local.role, local.signed_in) == ("local user", "local user", access.ADMIN, False)
    owner = signed_in(email="Bob@Example.com").owner
    assert owner == "bob@example.com"  # drafts and templates are found by the address in lower case


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.1.2.3", True),
     ("", False), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("portal.example.com", False)],
)  # fmt: skip
def test_which_addresses_only_this_computer_reaches(address: str, loopback: bool) -> None:
    assert access.is_loopback(address) is loopback


def test_custom_endpoints_come_from_the_allow_list_or_a_signed_in_admin() -> None:
    admin, submitter = signed_in(email="alice@example.com"), signed_in(email="bob@example.com")
    assert access.endpoint_problem("https://modelarts.example.com", submitter, CONFIG) is None
    assert "from the list" in access.endpoint_problem("http://169.254.169.254/latest", admin, CONFIG)
    open_list = access.parse_settings({**SECRETS, "access": {"admin": ["alice@example.com"]}}, "0.0.0.0")
    assert access.endpoint_problem("https://anything.example", admin, open_list) is None
    assert "only an admin" in access.endpoint_problem("https://anything.example", submitter, open_list)
    # no sign-in: the local user types one only while nobody else reaches the app
    local = access.Identity("local user", "local user", access.ADMIN)
    assert access.may_type_endpoint(local, access.parse_settings({}, "127.0.0.1"))
    assert not access.may_type_endpoint(local, access.parse_settings({}, "0.0.0.0"))


def test_a_failed_probe_never_reads_the_remote_page_back() -> None:
    page = b"<html><head><title>INTERNAL payroll 7f3a</title></head><body>salaries</body></html>"
    html = error_from_response(404, {"Content-Type": "text/html"}, page, method="GET", url="http://10.0.0.5/v2/p")
    assert "INTERNAL payroll" in str(html)  # the client's own message would say it
    said = access.probe_failure(html, "http://10.0.0.5")
    assert "INTERNAL" not in said and "salaries" not in said and "HTTP 404" in said
    refused = error_from_response(
        401, {}, b'{"error_code": "APIGW.0301", "error_msg": "secret realm 42"}', method="GET", url="http://x"
    )
    assert isinstance(refused, AuthenticationError)
    assert "secret realm" not in access.probe_failure(refused, "http://x")
    odd = InvalidResponseError('ModelArts answered HTTP 200 but the body was an HTML page ("INTERNAL").',
                               reason="html", http_status=200)  # fmt: skip
    assert "INTERNAL" not in access.probe_failure(odd, "http://x")
    nothing = RefusedConnectionError("Nothing accepts connections at 10.0.0.5:80 (connection refused).")
    assert access.probe_failure(nothing, "http://10.0.0.5") == str(nothing)  # said here, not by the endpoint
