"""Store errors say what is wrong in the reader's language (issue #17): a Message the page renders; str() is
English."""

import pytest

from services.i18n import CHINESE, catalog
from store import BadTemplateFile, StoreError
from store.template_files import check_name, parse_templates


def _chinese(error: StoreError) -> str:
    return error.message.render(catalog(CHINESE).gettext)


def test_a_bad_templates_file_says_so_in_english_and_chinese() -> None:
    with pytest.raises(BadTemplateFile) as caught:
        parse_templates(b'{"templates": [{"name": "x"}]}')
    assert str(caught.value) == 'Template 1 needs a "name" and a "body".'
    assert _chinese(caught.value) == '模板 1 需要 "name" 和 "body"。'


def test_a_nested_problem_is_translated_whole() -> None:
    with pytest.raises(BadTemplateFile) as caught:
        parse_templates(b'{"templates": [{"name": "ok", "body": []}]}')
    assert str(caught.value) == 'The body of template "ok" must be a JSON object.'
    assert _chinese(caught.value) == "模板“ok”的请求体必须是 JSON 对象。"


def test_a_name_error_keeps_its_number() -> None:
    with pytest.raises(StoreError) as caught:
        check_name("x" * 201)
    assert str(caught.value) == "A template name can have at most 200 characters."
    assert "200" in _chinese(caught.value) and "模板名称" in _chinese(caught.value)
