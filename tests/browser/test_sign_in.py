"""The team portal in Chromium: sign-in through st.login against a real OpenID Connect provider on loopback
(oidc-provider-mock), roles, owned drafts and templates, the endpoint allow-list, and two replicas on PostgreSQL.

Two Streamlit servers for the whole module (replicas A and B: one PostgreSQL database, one cookie secret); each
person signs in in a browser context of their own. The tests build on each other in file order, as the people
of one team would.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sandbox.launcher import RunningSandbox
from tests.store.postgres import running_cluster

from .conftest import (
    AppServer,
    Sandbox,
    _free_port,
    _launch_app,
    choose,
    click,
    idle,
    rerun,
    shown,
    type_text,
    wait_for_cookie,
    widget,
)


def as_shown(email: str, before: str = "") -> re.Pattern[str]:
    """An address as the page shows it: components.text.md_escape puts an invisible word joiner after its `@`
    so that Markdown does not make it a link."""
    local, domain = email.split("@")
    return re.compile(re.escape(before + local + "@") + "\u2060?" + re.escape(domain))

pytestmark = pytest.mark.browser

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

ADA, SAM, SUE, VIC, NOBODY = (
    "ada@example.com", "sam@example.com", "sue@example.com", "vic@partner.example", "nobody@elsewhere.example",
)  # fmt: skip
CLAIMS = {
    ADA: {"email": ADA, "email_verified": True, "name": "Ada"},
    SAM: {"email": SAM, "email_verified": True, "name": "Sam"},
    SUE: {"email": SUE, "email_verified": True, "name": "Sue"},
    VIC: {"email": VIC, "email_verified": True, "groups": ["readers"]},
    NOBODY: {"email": NOBODY, "email_verified": True},
}
OPTION = "demo-image-classification · image classification · 2 labels"
CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
INTERNAL_TITLE = "INTERNAL-ONLY payroll console 7f3a"
PATHS = ["/history", "/compose", "/connection", "/tasks", "/", "/templates", "/history?draft=AAAAAAAAAAAAAAAA"]
SAVE_LIMIT_MS = 20_000  # drafts are saved at most every few seconds; this only bounds the wait


@dataclass
class Portal:
    a: AppServer
    b: AppServer
    internal_url: str  # a page inside the network, named in the endpoint allow-list


class InternalPage(BaseHTTPRequestHandler):
    """A page only the server can reach: what a forged probe would try to read."""

    def do_GET(self) -> None:
        body = f"<html><head><title>{INTERNAL_TITLE}</title></head><body>salaries</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def internal_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), InternalPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def secrets_toml(port: int, provider_port: int, cookie_secret: str, endpoints: list[str]) -> str:
    listed = ", ".join(f'"{e}"' for e in endpoints)
    return f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "import-composer"
client_secret = "import-composer-secret"
server_metadata_url = "http://localhost:{provider_port}/.well-known/openid-configuration"

[access]
admin = ["{ADA}"]
submitter = ["@example.com"]
viewer = ["group:readers"]
endpoints = [{listed}]
"""


@pytest.fixture(scope="module")
def portal(
    sandbox_server: RunningSandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Portal]:
    users = [oidc_provider_mock.User(sub=email, claims=claims) for email, claims in CLAIMS.items()]
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the provider on loopback speaks http
    cookie_secret = secrets.token_urlsafe(32)
    started: list[AppServer] = []
    try:
        with (
            oidc_provider_mock.run_server_in_thread(user_claims=users) as provider,
            running_cluster() as postgres,
            internal_site() as internal_url,
        ):
            database = postgres.create_database()
            for _ in range(2):
                workdir = tmp_path_factory.mktemp("portal")
                port = _free_port()
                secrets_file = workdir / "secrets.toml"
                endpoints = [internal_url, sandbox_server.url]
                secrets_file.write_text(secrets_toml(port, provider.server_port, cookie_secret, endpoints))
                arguments = ("--secrets.files", str(secrets_file))
                environment = {"DATABASE_URL": database, "AUTHLIB_INSECURE_TRANSPORT": "1"}
                started.append(
                    _launch_app(sandbox_server.url, workdir, port=port, extra_args=arguments, extra_env=environment)
                )
            yield Portal(started[0], started[1], internal_url)
    finally:
        for server in started:
            server.stop()
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


@pytest.fixture
def people(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    """people(app, email): a new browser (context) signed in as `email` through the provider's own page."""
    contexts = []

    def sign_in(app: AppServer, email: str) -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.goto(app.url + "/history")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name=email, exact=True).click()  # the provider's page: a predefined user
        expect(page).to_have_url(re.compile(re.escape(app.url)))
        expect(page.get_by_text(as_shown(email)).first).to_be_visible()
        idle(page)
        return page

    yield sign_in
    for context in contexts:
        context.close()


def heading(page: Page, title: str) -> None:
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    idle(page)


def go(page: Page, app: AppServer, path: str, title: str) -> None:
    page.goto(app.url + path)
    heading(page, title)


def compose(page: Page, path: str) -> None:
    choose(page, "dataset_id", OPTION)
    type_text(page, "import_path", path)
    idle(page)


def submit(page: Page, sandbox: Sandbox) -> str:
    sandbox.wait_until_idle(sandbox.dataset_id("demo-image-classification"))
    click(page, widget(page, "_submit").get_by_role("button"))
    created = shown(page, re.compile(r"Import task created"))
    expect(created).to_be_visible()
    return re.search(r"Import task created:\s*(\S+)", created.first.inner_text()).group(1)


def test_anonymous_visitors_get_the_sign_in_page_on_every_deep_link(portal: Portal, page: Page) -> None:
    for path in PATHS:  # the first, a deep link, is the fresh server's first request
        page.goto(portal.a.url + path)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        idle(page)
        expect(page.get_by_text("Target:")).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_have_text("Import Composer")
        expect(page.get_by_text("Page not found"), path).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    for key in ("dataset_id", "_submit", "conn_kind", "_history_pick", "_templates_pick"):
        expect(widget(page, key)).to_have_count(0)
    # The sign-in page is read before anyone is known: its language switch is this browser's (a cookie).
    click(page, widget(page, "_language_switch").get_by_role("radio", name="中文"))
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    wait_for_cookie(page, "import_composer_language", "zh_CN")
    page.reload()
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert "Traceback" not in portal.a.log()


def test_someone_without_a_role_is_told_so(portal: Portal, people: Any) -> None:
    page = people(portal.a, NOBODY)
    expect(shown(page, "this portal has no role for you")).to_be_visible()
    page.goto(portal.a.url + "/compose")
    expect(shown(page, "this portal has no role for you")).to_be_visible()
    expect(widget(page, "dataset_id")).to_have_count(0)


def test_a_viewer_cannot_submit_and_a_submitter_can(portal: Portal, people: Any, sandbox: Sandbox) -> None:
    vic = people(portal.a, VIC)
    expect(vic.get_by_role("link", name="History").first).to_be_visible()  # the navigation: Tasks and History
    expect(vic.get_by_role("link", name="Compose")).to_have_count(0)
    for path, title in (("/", "Tasks"), ("/compose", "Compose"), ("/templates", "Templates")):
        go(vic, portal.a, path, title)
        expect(widget(vic, "_submit")).to_have_count(0)
        expect(widget(vic, "dataset_id")).to_have_count(0)
    expect(shown(vic, "is for the submitter role")).to_be_visible()

    sam = people(portal.a, SAM)
    heading(sam, "Compose")
    compose(sam, CAT_DOG)
    task_id = submit(sam, sandbox)
    assert any(t["task_id"] == task_id for t in sandbox.import_tasks(sandbox.dataset_id("demo-image-classification")))

    go(vic, portal.a, "/history", "History")  # the viewer sees who sent it, and cannot send it again
    expect(widget(vic, "_history_pick").get_by_role("combobox")).to_have_value(re.compile(re.escape(SAM)))
    expect(shown(vic, as_shown(SAM, "by "))).to_be_visible()
    expect(widget(vic, "_history_resubmit")).to_have_count(0)


def test_admin_only_settings_stay_admin_only_and_the_forgery_attempt_is_refused(
    portal: Portal, people: Any, sandbox_server: RunningSandbox
) -> None:
    sam = people(portal.a, SAM)
    go(sam, portal.a, "/connection", "Connection")
    expect(shown(sam, "Connection is for the admin role")).to_be_visible()
    expect(widget(sam, "conn_kind")).to_have_count(0)
    expect(sam.get_by_role("link", name="Connection")).to_have_count(0)

    ada = people(portal.a, ADA)
    go(ada, portal.a, "/connection", "Connection")
    click(ada, widget(ada, "conn_kind").get_by_text("Huawei Cloud ModelArts"))
    click(ada, widget(ada, "conn_where").get_by_text("A custom endpoint"))
    # Only the allow-list's endpoints are offered: nobody types a URL for the server to fetch.
    expect(widget(ada, "conn_endpoint").get_by_role("combobox")).to_be_visible()
    expect(widget(ada, "conn_endpoint").locator("input[type='text']:not([role='combobox'])")).to_have_count(0)
    choose(ada, "conn_endpoint", portal.internal_url)
    type_text(ada, "conn_project", "p")
    field = widget(ada, "conn_MODELARTS_TOKEN").locator("input")
    with rerun(ada):
        field.fill("any-token")
        field.press("Enter")
    click(ada, ada.get_by_role("button", name="Test connection"))
    failure = shown(ada, "did not answer as the ModelArts API does")
    expect(failure).to_be_visible()
    expect(ada.get_by_text(INTERNAL_TITLE)).to_have_count(0)  # the internal page's text is not read back
    expect(ada.get_by_text("salaries")).to_have_count(0)

    choose(ada, "conn_endpoint", sandbox_server.url)
    click(ada, ada.get_by_role("button", name="Use this connection"))
    expect(ada.get_by_text(re.compile(r"Target: ModelArts"))).to_be_visible()

    go(ada, portal.a, "/history", "History")
    click(ada, ada.get_by_text("Audit trail"))
    audit = ada.get_by_test_id("stTable")
    expect(audit.locator("tr").filter(has_text=ADA).filter(has_text="changed connection")).to_have_count(1)
    expect(audit.locator("tr").filter(has_text=SAM).filter(has_text="submitted")).to_have_count(1)


def test_another_users_draft_link_is_refused_and_template_ownership_holds(portal: Portal, people: Any) -> None:
    sam = people(portal.a, SAM)
    heading(sam, "Compose")
    compose(sam, CAT_DOG + "cat/")
    expect(shown(sam, "Saving the draft")).to_have_count(0, timeout=SAVE_LIMIT_MS)
    expect(shown(sam, "Draft saved")).to_be_visible()
    sams_draft = re.search(r"draft=([A-Za-z0-9_-]+)", sam.url).group(1)

    sue = people(portal.a, SUE)
    sue.goto(f"{portal.a.url}/?draft={sams_draft}")
    expect(shown(sue, "someone else's draft")).to_be_visible()
    expect(widget(sue, "import_path").locator("input")).to_have_value("")
    assert f"draft={sams_draft}" not in sue.url
    type_text(sue, "import_path", "s3://sues-bucket/elsewhere/")
    expect(shown(sue, "Draft saved")).to_be_visible(timeout=SAVE_LIMIT_MS)

    sam.goto(f"{portal.a.url}/?draft={sams_draft}")  # sam's own link: his draft, untouched
    expect(widget(sam, "import_path").locator("input")).to_have_value(CAT_DOG + "cat/")
    expect(shown(sam, "was restored")).to_be_visible()

    # sam shares a template with the team; sue may load it but not change it; an admin may
    click(sam, widget(sam, "_templates_open").get_by_role("button"))
    type_text(sam, "_template_name", "sams cats")
    click(sam, widget(sam, "_template_shared").get_by_text("Share with the team"))
    click(sam, widget(sam, "_template_save").get_by_role("button"))
    expect(shown(sam, 'Saved as template "sams cats"')).to_be_visible()

    go(sue, portal.a, "/templates", "Templates")
    expect(widget(sue, "_templates_pick").get_by_role("combobox")).to_have_value("sams cats")
    expect(shown(sue, as_shown(SAM, "owner: "))).to_be_visible()
    for key in ("_templates_rename", "_templates_delete"):
        expect(widget(sue, key).get_by_role("button")).to_be_disabled()
    expect(widget(sue, "_templates_load").get_by_role("button")).to_be_enabled()

    ada = people(portal.a, ADA)
    go(ada, portal.a, "/templates", "Templates")
    type_text(ada, "_templates_new_name", "sams cats (checked)")
    click(ada, widget(ada, "_templates_rename").get_by_role("button"))
    expect(shown(ada, 'Renamed to "sams cats (checked)"')).to_be_visible()


def test_two_replicas_on_postgresql_show_the_same_users_history_with_the_right_names(
    portal: Portal, people: Any, sandbox: Sandbox
) -> None:
    sue = people(portal.b, SUE)  # replica B
    heading(sue, "Compose")
    compose(sue, CAT_DOG + "dog/")
    sues_task = submit(sue, sandbox)

    for app in (portal.a, portal.b):
        vic = people(app, VIC)
        go(vic, app, "/history", "History")
        picker = widget(vic, "_history_pick").get_by_role("combobox")
        expect(picker).to_have_value(re.compile(re.escape(SUE)))  # the newest: sue's, from replica B
        expect(shown(vic, sues_task).first).to_be_visible()
        picker.click()
        options = vic.get_by_role("option")
        expect(options.filter(has_text=SUE)).to_have_count(1)
        expect(options.filter(has_text=SAM)).to_have_count(1)  # sent from replica A
        vic.keyboard.press("Escape")
    for app in (portal.a, portal.b):
        assert "Traceback" not in app.log()
