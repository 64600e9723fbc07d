"""The catalog matches the code: every marked text translated in every language, with the same {fields}, and no
translation that nothing uses (locales/catalog.py)."""

import pytest

from locales import catalog

TEMPLATE = catalog.extract()


@pytest.mark.parametrize("path", catalog.catalogs(), ids=lambda path: path.parent.parent.name)
def test_every_text_is_translated_and_every_translation_used(path) -> None:
    assert catalog.problems(path, TEMPLATE) == []


def test_there_is_a_chinese_catalog() -> None:
    assert [path.parent.parent.name for path in catalog.catalogs()] == ["zh_CN"]


def test_a_missing_translation_an_unused_one_and_differing_fields_are_each_found(tmp_path) -> None:
    path = tmp_path / "zh_CN" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Port must be {range}."\nmsgstr "端口必须为 {rang}。"\n\n'
        'msgid "No longer said anywhere"\nmsgstr "不再使用"\n',
        encoding="utf-8",
    )
    template = catalog.Catalog()
    template.add("Port must be {range}.")
    template.add("Submit")
    assert sorted(catalog.problems(path, template)) == [
        "fields differ: 'Port must be {range}.' -> '端口必须为 {rang}。'",
        "not translated: 'Submit'",
        "used nowhere: 'No longer said anywhere'",
    ]
