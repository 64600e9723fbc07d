"""The store on SQLite and on PostgreSQL: history, duplicates, drafts, templates, and no secret in any table."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import MetaData, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError

from store import (
    LOCAL_USER,
    BadTemplateFile,
    Store,
    StoreError,
    StoreUnavailable,
    TemplateNameTaken,
    TemplateNotFound,
    database_url,
    normalize_url,
)
from store.schema import DraftRow
from store.store import now

DWS_PASSWORD = "Dws-Pa55word-xyz"
DWS_BODY = {
    "import_origin": "dws",
    "data_source": {
        "data_type": 1,
        "source_info": {
            "ip": "192.168.0.10", "port": "8000", "database_name": "sales", "table_name": "orders",
            "user_name": "dbadmin", "user_password": DWS_PASSWORD,
        },
    },
}  # fmt: skip
OBS_BODY = {"import_path": "s3://test-obs/daoLu_images/cat-dog/", "import_type": "dir"}
WHERE = {"endpoint": "https://modelarts.example", "project_id": "p1"}


def record(store: Store, body: dict, dataset_id: str = "ds1", outcome: str = "sent", **extra) -> int:
    submission_id = store.start_submission(
        user=extra.pop("user", "alice@example.com"), target="ModelArts cn-north-4", dataset_id=dataset_id,
        body=body, **{**WHERE, **extra},
    )  # fmt: skip
    store.finish_submission(submission_id, outcome=outcome, task_id="task-1" if outcome == "sent" else None)
    return submission_id


def dump(store: Store) -> str:
    """Every row of every table, as text."""
    tables = MetaData()
    tables.reflect(store.engine)
    rows = []
    with store.engine.connect() as connection:
        for table in tables.sorted_tables:
            rows += [[table.name, *map(str, row)] for row in connection.execute(select(table))]
    return json.dumps(rows)


# history and audit


def test_a_submission_is_recorded_with_who_where_what_and_outcome(store: Store):
    submission_id = store.start_submission(
        user="alice@example.com", target="ModelArts cn-north-4 · project p1", dataset_id="ds1", body=OBS_BODY, **WHERE
    )
    started = store.submission(submission_id)
    assert started.outcome == "sending" and started.task_id is None and started.finished_at is None
    store.finish_submission(submission_id, outcome="sent", task_id="tk-42")
    shown = store.submission(submission_id)
    assert (shown.user, shown.target, shown.endpoint, shown.project_id, shown.dataset_id) == (
        "alice@example.com", "ModelArts cn-north-4 · project p1", WHERE["endpoint"], "p1", "ds1",
    )  # fmt: skip
    assert (shown.outcome, shown.task_id, shown.body, shown.secrets_removed) == ("sent", "tk-42", OBS_BODY, False)
    assert shown.created_at.tzinfo is not None and shown.finished_at >= shown.created_at


def test_no_user_means_local_user(store: Store):
    assert store.submission(record(store, OBS_BODY, user="")).user == LOCAL_USER


def test_history_is_newest_first_and_filters_by_target_and_dataset(store: Store):
    first = record(store, OBS_BODY, "ds1")
    second = record(store, {**OBS_BODY, "import_annotations": False}, "ds2")
    other = record(store, OBS_BODY, "ds1", endpoint="sandbox")
    assert [s.id for s in store.submissions()] == [other, second, first]
    assert [s.id for s in store.submissions(**WHERE)] == [second, first]
    assert [s.id for s in store.submissions(dataset_id="ds1", **WHERE)] == [first]
    assert store.count_submissions(**WHERE) == 2 and store.count_submissions() == 3
    assert [s.id for s in store.submissions(limit=1, offset=1)] == [second]


def test_the_password_is_removed_from_the_body_and_scrubbed_from_the_message(store: Store):
    submission_id = store.start_submission(user="u", target="t", dataset_id="ds1", body=DWS_BODY, **WHERE)
    store.finish_submission(
        submission_id,
        outcome="failed",
        message=f"login failed for dbadmin/{DWS_PASSWORD} at 192.168.0.10",
        secrets=[DWS_PASSWORD],
    )
    shown = store.submission(submission_id)
    assert "user_password" not in shown.body["data_source"]["source_info"]
    assert shown.body["data_source"]["source_info"]["user_name"] == "dbadmin"
    assert shown.secrets_removed is True
    assert shown.message == "login failed for dbadmin/*** at 192.168.0.10"
    assert DWS_PASSWORD not in dump(store)


def test_an_unknown_outcome_is_refused(store: Store):
    submission_id = store.start_submission(user="u", target="t", dataset_id="ds1", body=OBS_BODY, **WHERE)
    with pytest.raises(ValueError):
        store.finish_submission(submission_id, outcome="maybe")


# duplicates within ten minutes


def test_the_same_body_to_the_same_dataset_within_ten_minutes_is_a_duplicate(store: Store):
    sent = record(store, OBS_BODY)
    reordered = dict(reversed(list(OBS_BODY.items())))
    found = store.recent_duplicate(dataset_id="ds1", body=reordered, **WHERE)
    assert found is not None and found.id == sent and found.task_id == "task-1"
    assert store.recent_duplicate(dataset_id="ds2", body=OBS_BODY, **WHERE) is None
    assert store.recent_duplicate(dataset_id="ds1", body={**OBS_BODY, "import_type": "manifest"}, **WHERE) is None
    assert store.recent_duplicate(dataset_id="ds1", body=OBS_BODY, endpoint="sandbox", project_id="p1") is None


def test_a_request_still_being_sent_counts_and_a_failed_one_does_not(store: Store):
    store.start_submission(user="u", target="t", dataset_id="ds1", body=OBS_BODY, **WHERE)
    assert store.recent_duplicate(dataset_id="ds1", body=OBS_BODY, **WHERE).outcome == "sending"
    record(store, DWS_BODY, outcome="failed")
    assert store.recent_duplicate(dataset_id="ds1", body=DWS_BODY, **WHERE) is None


def test_older_than_ten_minutes_is_not_a_duplicate(store: Store):
    record(store, OBS_BODY, at=now() - timedelta(minutes=11))
    assert store.recent_duplicate(dataset_id="ds1", body=OBS_BODY, **WHERE) is None
    record(store, OBS_BODY, at=now() - timedelta(minutes=9))
    assert store.recent_duplicate(dataset_id="ds1", body=OBS_BODY, **WHERE) is not None


def test_bodies_that_differ_only_in_the_password_are_the_same_request(store: Store):
    record(store, DWS_BODY)
    other = json.loads(json.dumps(DWS_BODY))
    other["data_source"]["source_info"]["user_password"] = "another-one"
    assert store.recent_duplicate(dataset_id="ds1", body=other, **WHERE) is not None


# two processes (replicas) on one database


def test_a_second_store_on_the_same_database_sees_the_first_ones_history(store: Store, store_url: str):
    record(store, OBS_BODY)
    replica = Store(store_url)
    try:
        assert [s.body for s in replica.submissions()] == [OBS_BODY]
        assert replica.recent_duplicate(dataset_id="ds1", body=OBS_BODY, **WHERE) is not None
        record(replica, DWS_BODY, "ds2")
        assert store.count_submissions() == 2
    finally:
        replica.close()


def test_tables_are_created_when_missing_and_kept_when_present(store: Store, store_url: str):
    record(store, OBS_BODY)
    names = set(inspect(store.engine).get_table_names())
    assert {"import_submissions", "form_drafts", "request_templates"} <= names
    reopened = Store(store_url)
    try:
        assert reopened.count_submissions() == 1
    finally:
        reopened.close()


# drafts


def test_a_draft_is_saved_replaced_read_back_and_deleted(store: Store):
    assert store.draft("d-1") is None
    store.save_draft("d-1", OBS_BODY, "ds1")
    store.save_draft("d-1", {**OBS_BODY, "import_annotations": False}, "ds2")
    store.save_draft("d-2", DWS_BODY)
    saved = store.draft("d-1")
    assert (saved.body, saved.dataset_id) == ({**OBS_BODY, "import_annotations": False}, "ds2")
    store.delete_draft("d-1")
    assert store.draft("d-1") is None and store.draft("d-2") is not None


def test_a_draft_never_holds_a_secret(store: Store):
    store.save_draft("d-1", DWS_BODY, "ds1")
    assert "user_password" not in store.draft("d-1").body["data_source"]["source_info"]
    assert DWS_PASSWORD not in dump(store)


def test_old_drafts_are_forgotten(store: Store):
    store.save_draft("old", OBS_BODY)
    with store.engine.begin() as connection:
        old = update(DraftRow).where(DraftRow.draft_id == "old").values(updated_at=now() - timedelta(days=100))
        connection.execute(old)
    store.save_draft("new", OBS_BODY)
    assert store.forget_old_drafts(timedelta(days=90)) == 1
    assert store.draft("old") is None and store.draft("new") is not None


# templates


def test_templates_are_saved_listed_renamed_and_deleted(store: Store):
    store.save_template("  cats   and dogs ", OBS_BODY)
    store.save_template("orders from DWS", DWS_BODY)
    assert [t.name for t in store.templates()] == ["cats and dogs", "orders from DWS"]
    assert "user_password" not in store.template("orders from DWS").body["data_source"]["source_info"]
    with pytest.raises(TemplateNameTaken):
        store.save_template("cats and dogs", DWS_BODY)
    store.save_template("cats and dogs", {**OBS_BODY, "import_annotations": False}, replace=True)
    assert store.template("cats and dogs").body["import_annotations"] is False
    with pytest.raises(TemplateNameTaken):
        store.rename_template("cats and dogs", "orders from DWS")
    store.rename_template("cats and dogs", "pets")
    assert store.template("cats and dogs") is None and store.template("pets") is not None
    store.delete_template("pets")
    with pytest.raises(TemplateNotFound):
        store.delete_template("pets")
    with pytest.raises(TemplateNotFound):
        store.rename_template("pets", "x")
    with pytest.raises(StoreError):
        store.save_template("   ", OBS_BODY)
    assert [t.name for t in store.templates()] == ["orders from DWS"]
    assert DWS_PASSWORD not in dump(store)


def test_templates_export_and_import_as_json(store: Store, store_url: str):
    store.save_template("pets", OBS_BODY)
    store.save_template("orders", DWS_BODY)
    exported = store.export_templates()
    assert DWS_PASSWORD not in exported
    assert [t["name"] for t in json.loads(exported)["templates"]] == ["orders", "pets"]
    result = store.import_templates(exported.encode())
    assert result.added == ["orders (2)", "pets (2)"]
    assert result.renamed == {"orders": "orders (2)", "pets": "pets (2)"}
    assert store.template("pets (2)").body == OBS_BODY
    assert json.loads(store.export_templates(["pets"]))["templates"] == [{"name": "pets", "body": OBS_BODY}]


def test_an_imported_template_is_checked_and_loses_its_secrets(store: Store):
    result = store.import_templates(json.dumps({"name": "legacy", "body": {**DWS_BODY, "import_type": 0}}))
    assert result.added == ["legacy"]
    body = store.template("legacy").body
    assert body["import_type"] == "dir"  # the legacy form, normalised
    assert "user_password" not in body["data_source"]["source_info"]
    assert DWS_PASSWORD not in dump(store)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),
        (b'[{"name": "x", "body": {"import_type": ' + b"1" * 5000 + b"}}]", "too many digits"),
        (b'[{"name": "x", "body": {"import_path": "s3://b/\\ud800/"}}]', "not valid Unicode"),
        (json.dumps([{"name": "x", "body": {"included_labels": [{"name": "l"}] * 10_001}}]).encode(), "10,001 labels"),
        (b"[]", "no templates"),
        (json.dumps([{"name": "x"}]).encode(), 'needs a "name" and a "body"'),
        (json.dumps([{"name": "", "body": OBS_BODY}]).encode(), "needs a name"),
        (json.dumps([{"name": "x", "body": {"import_path": 5, "nonsense": 1}}]).encode(), "not a valid import"),
        (json.dumps({"format": "other", "templates": []}).encode(), "not a version 1"),
    ],
)
def test_a_bad_templates_file_says_what_is_wrong_and_adds_nothing(store: Store, data: bytes, says: str):
    with pytest.raises(BadTemplateFile, match=says):
        store.import_templates(data)
    assert store.templates() == []


# configuration


def test_database_url_defaults_to_a_sqlite_file_in_the_data_folder(tmp_path):
    assert database_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/import-composer.db"
    assert database_url(tmp_path, " ") == f"sqlite:///{tmp_path.resolve()}/import-composer.db"
    assert database_url(tmp_path, "postgresql://u@h/db") == "postgresql://u@h/db"


@pytest.mark.parametrize("url", ["postgres://u:pw@db:5432/portal", "postgresql://u:pw@db:5432/portal"])
def test_postgres_urls_use_psycopg_3(url: str):
    assert normalize_url(url).drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg2://u@h/db").drivername == "postgresql+psycopg2"


def test_the_shown_url_hides_the_password(tmp_path):
    opened = Store(database_url(tmp_path))
    try:
        assert opened.url.startswith("sqlite:///") and opened.backend == "sqlite"
    finally:
        opened.close()
    assert "pw" not in normalize_url("postgresql://u:pw@db/portal").render_as_string(hide_password=True)


# the store's own error


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_database_raises_the_stores_own_error_without_the_password():
    with pytest.raises(StoreUnavailable) as raised:
        Store(f"postgresql://portal:Secret-pw-1@127.0.0.1:{_closed_port()}/portal")
    assert not isinstance(raised.value, SQLAlchemyError) and "Secret-pw-1" not in str(raised.value)
    with pytest.raises(StoreUnavailable) as raised:
        Store("not a url :// Secret-pw-2")
    assert "Secret-pw-2" not in str(raised.value)


def test_a_database_that_fails_after_opening_raises_the_stores_own_error(tmp_path):
    opened = Store(database_url(tmp_path))
    try:
        with opened.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE request_templates")
        for operation in (opened.templates, lambda: opened.save_template("t", OBS_BODY), opened.export_templates):
            with pytest.raises(StoreUnavailable):
                operation()
    finally:
        opened.close()
