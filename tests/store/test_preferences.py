"""Each signed-in person's own choices (the interface's language), on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from store import Preferences, Store


def test_nothing_chosen_reads_as_none(store: Store):
    assert store.preferences("alice@example.com") == Preferences("alice@example.com", None)


def test_a_language_is_saved_replaced_and_kept_per_person(store: Store):
    store.save_language("alice@example.com", "zh_CN")
    store.save_language("bob@example.com", "en")
    assert store.preferences("alice@example.com").language == "zh_CN"
    store.save_language("alice@example.com", "en")
    assert store.preferences("alice@example.com").language == "en"
    assert store.preferences("bob@example.com").language == "en"
    assert store.preferences("carol@example.com").language is None


def test_another_replica_reads_the_choice(store: Store, store_url: str):
    store.save_language("sub:1234", "zh_CN")
    replica = Store(store_url)
    try:
        assert replica.preferences("sub:1234").language == "zh_CN"
        replica.save_language("sub:1234", "en")
    finally:
        replica.close()
    assert store.preferences("sub:1234").language == "en"
    assert "user_preferences" in inspect(store.engine).get_table_names()


@pytest.mark.parametrize(("owner", "language"), [("", "en"), ("alice@example.com", ""), ("a", "x" * 17)])
def test_nonsense_is_refused(store: Store, owner: str, language: str):
    with pytest.raises(ValueError):
        store.save_language(owner, language)
