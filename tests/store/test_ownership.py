"""Owned drafts and templates, the audit trail, and an older database brought up to date; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from store import NotYours, Store, TemplateNotFound, normalize_url

BODY = {"import_path": "s3://test-obs/daoLu_images/cat-dog/", "import_type": "dir"}
OTHER = {"import_path": "s3://planted/elsewhere/", "import_type": "dir"}


def test_someone_elses_draft_is_neither_overwritten_nor_deleted(store: Store):
    store.save_draft("d-ada-0123456789", BODY, "ds1", owner="ada@example.com")

    with pytest.raises(NotYours):
        store.save_draft("d-ada-0123456789", OTHER, "ds2", owner="bob@example.com")
    store.delete_draft("d-ada-0123456789", owner="bob@example.com")

    kept = store.draft("d-ada-0123456789")
    assert kept is not None and kept.body == BODY and kept.dataset_id == "ds1" and kept.owner == "ada@example.com"
    store.save_draft("d-ada-0123456789", OTHER, "ds2", owner="ada@example.com")  # its owner may
    assert store.draft("d-ada-0123456789").body == OTHER
    store.delete_draft("d-ada-0123456789", owner="ada@example.com")
    assert store.draft("d-ada-0123456789") is None


def test_only_a_templates_owner_or_an_admin_changes_it(store: Store):
    store.save_template("cats", BODY, by="ada@example.com")
    store.save_template("team", BODY, by="ada@example.com", shared=True)

    # bob sees only what is shared with the team; ada's own template is not his to see or change
    assert [t.name for t in store.templates(visible_to="bob@example.com")] == ["team"]
    assert store.template("cats", visible_to="bob@example.com") is None
    with pytest.raises(TemplateNotFound):
        store.delete_template("cats", by="bob@example.com")
    for change in (
        lambda: store.save_template("team", OTHER, replace=True, by="bob@example.com"),
        lambda: store.rename_template("team", "mine now", by="bob@example.com"),
        lambda: store.delete_template("team", by="bob@example.com"),
        lambda: store.share_template("team", False, by="bob@example.com"),
    ):
        with pytest.raises(NotYours, match="Only its owner or an admin"):
            change()
    team = store.template("team")
    assert team is not None and team.body == BODY and team.shared and team.owner == "ada@example.com"

    # an admin sees and changes everything
    assert [t.name for t in store.templates(visible_to="root@example.com", admin=True)] == ["cats", "team"]
    store.rename_template("cats", "cats (checked)", by="root@example.com", admin=True)
    store.delete_template("team", by="root@example.com", admin=True)
    assert [t.name for t in store.templates()] == ["cats (checked)"]

    imported = store.import_templates(
        '{"templates": [{"name": "bobs", "body": {"import_path": "s3://bobs-bucket/dir/"}}]}', by="bob"
    )
    assert imported.added == ["bobs"]
    assert [(t.owner, t.shared) for t in store.templates(visible_to="bob")] == [("bob", False)]

    trail = [(e.user, e.action, e.detail) for e in reversed(store.events())]
    assert trail == [
        ("ada@example.com", "template created", '"cats"'),
        ("ada@example.com", "template created", '"team"'),
        ("root@example.com", "template renamed", '"cats" to "cats (checked)"'),
        ("root@example.com", "template deleted", '"team"'),
        ("bob", "templates imported", '"bobs"'),
    ]


def test_an_older_database_gets_the_owner_columns_and_its_templates_stay_the_teams(store_url: str):
    engine = create_engine(normalize_url(store_url))
    with engine.begin() as connection:  # the tables as the version before owners made them
        connection.execute(text("CREATE TABLE form_drafts (draft_id VARCHAR(64) PRIMARY KEY, dataset_id VARCHAR(128),"
                                " body JSON NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)"))  # fmt: skip
        connection.execute(text("CREATE TABLE request_templates (id INTEGER PRIMARY KEY, name VARCHAR(200) UNIQUE,"
                                " body JSON NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                                " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)"))  # fmt: skip
        connection.execute(text("INSERT INTO request_templates VALUES (1, 'old', '{\"import_path\": \"s3://o/\"}',"
                                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))  # fmt: skip
    engine.dispose()

    store = Store(store_url)
    try:
        columns = {c["name"] for c in inspect(store.engine).get_columns("request_templates")}
        assert {"owner", "shared"} <= columns
        assert "owner" in {c["name"] for c in inspect(store.engine).get_columns("form_drafts")}
        [old] = store.templates(visible_to="bob@example.com")
        assert (old.name, old.owner, old.shared) == ("old", None, True)
        with pytest.raises(NotYours):  # nobody's: only an admin changes it
            store.rename_template("old", "bob's", by="bob@example.com")
        Store(store_url).close()  # a second replica starting on the same database finds the columns there
    finally:
        store.close()


def test_the_sqlite_file_is_for_this_user_only(tmp_path):
    from store import database_url

    store = Store(database_url(tmp_path))
    try:
        store.save_draft("d-0123456789", BODY, owner="local user")
        assert oct((tmp_path / "import-composer.db").stat().st_mode & 0o777) == "0o600"
    finally:
        store.close()
