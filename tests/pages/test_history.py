"""History and audit through the app: every submission recorded, cloned into the form, resubmitted, and a
second look before an identical request goes to the same dataset again, whichever session sent the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sandbox.launcher import RunningSandbox
from tests.client.fault_server import free_port

from .conftest import SandboxView, preview
from .portal import CAT_DOG, compose_obs, created_task, new_app, page_text, pick, point_app_at, run, submit, type_into

HISTORY = "pages/history.py"
COMPOSE = "pages/compose.py"
DWS_PASSWORD = "Dws-S3cret-History"
DWS = {"ip": "192.168.0.10", "port": "8000", "database_name": "sales", "table_name": "orders", "user_name": "dbadmin"}


@pytest.fixture
def app(data_dir: Path) -> AppTest:
    return new_app()


def held_question(at: AppTest) -> bool:
    return any("This exact request was sent to this dataset" in w.value for w in at.warning)


def test_a_submission_is_recorded_with_who_where_what_and_its_task(app: AppTest, sandbox_view: SandboxView, store):
    dataset_id = compose_obs(app, sandbox_view)
    task_id = submit(app)
    [row] = store.submissions()
    assert (row.user, row.dataset_id, row.task_id, row.outcome) == ("local user", dataset_id, task_id, "sent")
    assert row.target == "Sandbox (local)" and row.body == {"import_path": CAT_DOG, "import_type": "dir"}
    app.switch_page(HISTORY)
    run(app)
    table = app.dataframe[0].value
    assert list(table["Task"]) == [task_id] and list(table["Who"]) == ["local user"]
    assert list(table["Dataset"]) == [dataset_id]
    assert f'"import_path":"{CAT_DOG}"' in app.json[0].value.replace(" ", "").replace("\n", "")


SIGN_IN = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-used-by-apptest-0123456789abcdef",
        "client_id": "portal",
        "client_secret": "portal-secret",
        "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
    },
    "access": {"submitter": ["@example.com"], "viewer": ["vic@partner.example"]},
}


def signed_in_app(email: str) -> AppTest:
    """AppTest stands in for st.login's cookie (st.login itself runs in tests/browser/test_sign_in.py)."""
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    for name, section in SIGN_IN.items():
        at.secrets[name] = section
    at.user = {"email": email, "is_logged_in": True}
    run(at)
    return at


def test_the_signed_in_users_email_is_recorded(data_dir: Path, sandbox_view: SandboxView, store):
    at = signed_in_app("alice@example.com")
    compose_obs(at, sandbox_view)
    submit(at)
    assert [row.user for row in store.submissions()] == ["alice@example.com"]
    [event] = store.events()
    assert (event.user, event.action) == ("alice@example.com", "submitted")


def test_open_in_the_form_clones_the_request_and_its_dataset(app: AppTest, sandbox_view: SandboxView):
    dataset_id = compose_obs(app, sandbox_view)
    app.toggle(key="import_annotations").set_value(False)
    run(app)
    sent = preview(app)
    submit(app)
    app.button(key="_start_over").click()
    run(app)
    assert preview(app) != sent
    app.switch_page(HISTORY)
    run(app)
    app.button(key="_history_open").click()
    run(app)  # the callback fills the form, the page switches to Compose
    assert app.button(key="_submit") is not None
    assert preview(app) == sent
    assert app.selectbox(key="dataset_id").value == dataset_id
    assert any("submission #1 from the history" in i.value.replace("\\", "") for i in app.info)
    app.switch_page(COMPOSE)  # AppTest's next run would go back to the page it was told (a browser follows)
    run(app)
    type_into(app, "import_path", "s3://test-obs/daoLu_images/")  # and it can be edited before sending
    assert preview(app)["import_path"] == "s3://test-obs/daoLu_images/"


def test_resubmit_asks_first_within_ten_minutes_then_sends(app: AppTest, sandbox_view: SandboxView, store):
    dataset_id = compose_obs(app, sandbox_view)
    first = submit(app)
    sandbox_view.wait_idle(dataset_id)
    app.switch_page(HISTORY)
    run(app)
    app.button(key="_history_resubmit").click()
    run(app)
    assert held_question(app)
    assert [t["task_id"] for t in sandbox_view.tasks(dataset_id)].count(first) == 1
    before = len(sandbox_view.tasks(dataset_id))
    app.button(key="_duplicate_send").click()
    run(app)
    second = created_task(app)
    assert second and second != first
    assert len(sandbox_view.tasks(dataset_id)) == before + 1
    assert [row.task_id for row in store.submissions()] == [second, first]


def sent_then_composed_again(sandbox_view: SandboxView) -> tuple[str, str, AppTest]:
    """One session sends the OBS request; another session composes the same one, unsent.
    (dataset id, the task made, the second session)"""
    alice = new_app()
    dataset_id = compose_obs(alice, sandbox_view)
    first = submit(alice)
    sandbox_view.wait_idle(dataset_id)
    bob = new_app()  # another browser session on the same portal
    compose_obs(bob, sandbox_view)
    return dataset_id, first, bob


def test_an_identical_request_from_another_session_waits_for_confirmation(data_dir: Path, sandbox_view: SandboxView):
    dataset_id, first, bob = sent_then_composed_again(sandbox_view)
    sent = len(sandbox_view.tasks(dataset_id))
    bob.button(key="_submit").click()
    run(bob)
    assert held_question(bob) and created_task(bob) is None
    assert first in page_text(bob) and "local user" in page_text(bob)
    bob.button(key="_duplicate_cancel").click()
    run(bob)
    assert not held_question(bob) and len(sandbox_view.tasks(dataset_id)) == sent

    bob.button(key="_submit").click()
    run(bob)
    assert held_question(bob)
    bob.button(key="_duplicate_send").click()
    run(bob)
    assert created_task(bob) not in (None, first)
    assert len(sandbox_view.tasks(dataset_id)) == sent + 1


def test_a_different_request_is_sent_without_a_question(data_dir: Path, sandbox_view: SandboxView):
    _dataset_id, _first, bob = sent_then_composed_again(sandbox_view)
    bob.toggle(key="import_annotations").set_value(False)
    run(bob)
    submit(bob)
    assert not held_question(bob)


def test_editing_the_form_drops_a_held_request(data_dir: Path, sandbox_view: SandboxView):
    _dataset_id, _first, bob = sent_then_composed_again(sandbox_view)
    bob.button(key="_submit").click()
    run(bob)
    assert held_question(bob)
    bob.toggle(key="import_annotations").set_value(False)
    run(bob)
    assert not held_question(bob)


def test_a_request_whose_password_was_removed_is_reopened_not_resubmitted(
    app: AppTest, sandbox_view: SandboxView, store
):
    pick(app, sandbox_view, "demo-table-iris")
    app.selectbox(key="import_origin").set_value("dws")
    run(app)
    for name, value in {**DWS, "user_password": DWS_PASSWORD}.items():
        type_into(app, f"data_source.source_info.{name}", value)
    submit(app)
    [row] = store.submissions()
    assert row.secrets_removed and "user_password" not in row.body["data_source"]["source_info"]
    app.switch_page(HISTORY)
    run(app)
    assert app.button(key="_history_resubmit").disabled
    assert "type the password again" in page_text(app)
    app.button(key="_history_open").click()
    run(app)
    assert app.selectbox(key="import_origin").value == "dws"
    assert app.text_input(key="data_source.source_info.user_name").value == "dbadmin"
    assert "Password is required" in page_text(app)
    assert any("type the password again" in i.value for i in app.info)


def test_an_unreachable_database_stops_the_send_and_says_why(
    sandbox: RunningSandbox, sandbox_view: SandboxView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    nobody_listens = free_port()
    point_app_at(monkeypatch, sandbox.url, tmp_path, f"postgresql://portal@127.0.0.1:{nobody_listens}/portal")
    at = new_app()  # the form works without its database
    dataset_id = compose_obs(at, sandbox_view)
    before = len(sandbox_view.tasks(dataset_id))
    at.button(key="_submit").click()
    run(at)
    assert "could not be reached to record it" in page_text(at) and created_task(at) is None
    assert len(sandbox_view.tasks(dataset_id)) == before  # nothing sent without its record
    for page in (HISTORY, "pages/templates.py", "pages/tasks.py"):
        at.switch_page(page)
        run(at)
        assert "unreachable" in page_text(at) or "could not be read" in page_text(at)


def test_a_viewer_sees_the_history_but_no_submit_anywhere(data_dir: Path, sandbox_view: SandboxView, store):
    at = signed_in_app("alice@example.com")
    compose_obs(at, sandbox_view)
    submit(at)

    viewer = signed_in_app("vic@partner.example")  # Tasks is a viewer's first page
    viewer.switch_page(HISTORY)
    run(viewer)
    assert list(viewer.dataframe[0].value["Who"]) == ["alice@example.com"]
    assert not [b for b in viewer.button if b.key in ("_history_resubmit", "_history_open", "_submit")]
    assert any("for the submitter role" in c.value for c in viewer.caption)
