"""Choosing the language (issue 17): English without a choice, the switch changes the page at once, and the
choice is remembered for a signed-in person (the store) or for the browser (a cookie). The order between
them is tested on `i18n.pick` in tests/services/test_i18n.py; Accept-Language and the cookie in a real
browser in tests/browser/test_languages.py (AppTest cannot send headers or cookies)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services import i18n
from services.session_state.language_switch import SWITCH
from store import Store

from .conftest import APP
from .portal import new_app, run

SIGN_IN = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-used-by-apptest-0123456789abcdef",
        "client_id": "portal",
        "client_secret": "portal-secret",
        "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
    },
    "access": {"admin": ["@example.com"]},
}
PAGES = {
    "pages/compose.py": "创建导入",
    "pages/connection.py": "连接",
    "pages/tasks.py": "任务",
    "pages/history.py": "历史记录",
    "pages/templates.py": "模板",
}


def signed_in(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, section in SIGN_IN.items():
        at.secrets[name] = section
    at.user = {"email": email, "is_logged_in": True}
    return run(at)


def switch(at: AppTest, language: str) -> None:
    at.segmented_control(key=SWITCH).set_value(language)
    run(at)


def badge(at: AppTest) -> str:
    return next(m.value for m in at.markdown if ":material/science:" in m.value)


def test_english_without_a_choice_and_the_switch_names_each_language_in_itself(data_dir: Path) -> None:
    at = new_app()
    control = at.segmented_control(key=SWITCH)
    assert control.value == i18n.ENGLISH
    assert list(control.options) == ["English", "中文"]
    assert [t.value for t in at.title] == ["Compose"]
    assert "Target: Sandbox (local)" in badge(at)


def test_the_switch_changes_the_page_at_once_and_back(data_dir: Path) -> None:
    at = new_app()
    switch(at, i18n.CHINESE)
    assert [t.value for t in at.title] == ["创建导入"]
    assert "目标：沙箱（本地）" in badge(at)  # the target too, as services.target.target_name says it
    assert [s.value for s in at.subheader][:1] == ["1 · 数据集"]
    control = at.segmented_control(key=SWITCH)
    assert list(control.options) == ["English", "中文"]  # never translated
    switch(at, i18n.ENGLISH)
    assert [t.value for t in at.title] == ["Compose"]


def test_a_browsers_choice_is_written_to_its_cookie_once(data_dir: Path) -> None:
    at = new_app()
    assert not any(i18n.COOKIE in block.value for block in at.html)
    switch(at, i18n.CHINESE)
    written = [block.value for block in at.html if i18n.COOKIE in block.value]
    cookie = f"{i18n.COOKIE}=zh_CN; max-age=31536000; path=/; SameSite=Lax"
    assert written == [f"<script>document.cookie = '{cookie}';</script>"]
    run(at)
    assert not any(i18n.COOKIE in block.value for block in at.html)


@pytest.mark.parametrize("script", PAGES)
def test_every_page_shows_in_chinese(data_dir: Path, script: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[i18n.LANGUAGE] = i18n.CHINESE
    at.switch_page(script)
    run(at)
    assert [t.value for t in at.title] == [PAGES[script]]


def test_a_signed_in_persons_choice_is_saved_and_follows_them(data_dir: Path, store: Store) -> None:
    alice = signed_in("alice@example.com")
    assert [t.value for t in alice.title] == ["Compose"]
    switch(alice, i18n.CHINESE)
    assert [t.value for t in alice.title] == ["创建导入"]
    assert store.preferences("alice@example.com").language == i18n.CHINESE
    assert not any(i18n.COOKIE in block.value for block in alice.html)  # kept for her, not for this browser

    later = signed_in("alice@example.com")  # another session, another browser
    assert [t.value for t in later.title] == ["创建导入"]
    assert later.segmented_control(key=SWITCH).value == i18n.CHINESE
    assert [t.value for t in signed_in("bob@example.com").title] == ["Compose"]  # bob chose nothing


def test_a_choice_in_the_session_wins_over_the_saved_one_and_replaces_it(data_dir: Path, store: Store) -> None:
    store.save_language("alice@example.com", i18n.CHINESE)
    at = signed_in("alice@example.com")
    assert [t.value for t in at.title] == ["创建导入"]
    switch(at, i18n.ENGLISH)
    assert [t.value for t in at.title] == ["Compose"]
    assert store.preferences("alice@example.com").language == i18n.ENGLISH
