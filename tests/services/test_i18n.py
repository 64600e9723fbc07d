"""services/i18n.py: the language a browser asks for, and text shown in the session's language."""

from datetime import datetime

import pytest

from models.messages import Message
from services import i18n


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", i18n.CHINESE),
        ("zh", i18n.CHINESE),
        ("zh-Hans-CN", i18n.CHINESE),
        ("en-US,en;q=0.9,zh-CN;q=0.8", i18n.ENGLISH),
        ("fr-FR, zh-TW;q=0.9, zh;q=0.5", i18n.CHINESE),  # Traditional is not ours; plain zh is Simplified
        ("de, en;q=0.1, zh;q=0.5", i18n.CHINESE),  # by quality, not by position
        ("zh;q=0, en", i18n.ENGLISH),  # q=0 means "not this one"
        ("fr", i18n.ENGLISH),
        ("", i18n.ENGLISH),
        (None, i18n.ENGLISH),
        ("zh;q=abc", i18n.ENGLISH),
        ("zh-CN, en-US,en;q=0.9", i18n.CHINESE),  # the browser's own language leads the header (i18n.language)
        ("fr-FR, en-US,en;q=0.9", i18n.ENGLISH),
    ],
)
def test_the_language_follows_accept_language(header, language) -> None:
    assert i18n.negotiate(header) == language


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setattr(i18n, "language", lambda: i18n.CHINESE)
    monkeypatch.setattr(i18n._run, "translations", None, raising=False)
    monkeypatch.setattr(i18n._run, "language", None, raising=False)


def test_english_is_the_text_itself() -> None:
    assert i18n.catalog(i18n.ENGLISH).gettext("anything at all") == "anything at all"


def test_a_message_renders_in_the_session_language_with_its_parameters(chinese, monkeypatch) -> None:
    translations = {"Port must be {range}.": "端口必须为 {range}。", "from {low} to {high}": "{low} 到 {high}"}
    monkeypatch.setattr(i18n, "gettext", lambda text: translations.get(text, text))
    message = Message("Port must be {range}.", {"range": Message("from {low} to {high}", {"low": 1, "high": 65535})})
    assert i18n.render(message) == "端口必须为 1 到 65535。"
    assert str(message) == "Port must be from 1 to 65535."
    assert i18n.render("already shown text") == "already shown text"


def test_dates_and_numbers_follow_the_language(chinese) -> None:
    assert i18n.number(12345.5) == "12,345.5"
    assert i18n.date_time(datetime(2026, 12, 7, 9, 5, 1)).startswith("2026年12月7日")


def test_english_dates(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "language", lambda: i18n.ENGLISH)
    monkeypatch.setattr(i18n._run, "translations", None, raising=False)
    monkeypatch.setattr(i18n._run, "language", None, raising=False)
    assert i18n.date_time(datetime(2026, 12, 7, 9, 5, 1)) == "Dec 7, 2026, 9:05:01\u202fAM"


@pytest.mark.parametrize(
    ("chosen", "saved", "cookie", "header", "language"),
    [
        (i18n.ENGLISH, i18n.CHINESE, i18n.CHINESE, "zh-CN", i18n.ENGLISH),  # the session's choice first
        (None, i18n.CHINESE, i18n.ENGLISH, "en", i18n.CHINESE),  # then the signed-in person's saved one
        (None, None, i18n.CHINESE, "en-US", i18n.CHINESE),  # then this browser's cookie
        (None, None, None, "zh-CN,zh;q=0.9", i18n.CHINESE),  # then Accept-Language
        (None, None, "klingon", "en", i18n.ENGLISH),  # a cookie that names no language of ours is passed over
        (None, None, None, None, i18n.ENGLISH),
    ],
)
def test_the_order_of_choosing(chosen, saved, cookie, header, language) -> None:
    assert i18n.pick(chosen, saved, cookie, header) == language
