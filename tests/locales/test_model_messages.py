"""The models' and the preflight's messages in Chinese: every rule, with its parameters, reads as a whole Chinese
sentence: no {field} left unfilled, no English field name or phrase left over (only API names, product names and
the values the body holds)."""

from __future__ import annotations

import json
import re

import pytest

from models import RULES
from models.enums import DatasetType, ImportOrigin
from models.messages import Message
from models.request import ImportTaskRequest, Label, LabelFormat, LabelProperty, SourceInfo
from models.rule_table import ARE_IGNORED, ATTRIBUTE_NAME_CHARACTERS
from preflight.compare import Shortfall
from services import i18n
from tests.models.test_verdicts import CASES, verdict

ZH = i18n.catalog(i18n.CHINESE).gettext
# Words that stay as they are in Chinese: API values and names, product names, units, examples.
KEPT = {
    "COCO", "DLI", "DWS", "FFFFF", "GaussDB", "HDFS", "JSON", "MRS", "ModelArts.", "OBS", "RDS", "RGB", "RRGGBB",
    "Tab", "VOC", "blue", "bndbox", "circle", "dashed", "false", "green", "images", "import_folder", "line",
    "manifest", "my-bucket", "name", "obs:", "point", "polygon", "polyline", "red", "result.txt", "select", "text",
    "true",
}  # fmt: skip
TITLES = {
    str(field.title)
    for model in (ImportTaskRequest, SourceInfo, Label, LabelProperty, LabelFormat)
    for field in model.model_fields.values()
    if field.title
}
UNFILLED = re.compile(r"\{[a-z_]+(?:![rs])?\}")


def english_left(text: str, values: str = "") -> list[str]:
    """The English words of `text` other than KEPT ones and those in `values` (what the user typed)."""
    return [word for word in re.findall(r"[A-Za-z][A-Za-z_@:.\-]{2,}", text) if word not in KEPT and word not in values]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_problem_of_every_rule_reads_in_chinese(case) -> None:
    errors, warnings = verdict(case.body, case.dataset_type)
    values = json.dumps(case.body, ensure_ascii=False)
    for problem in (*errors, *warnings):
        english, chinese = str(problem.text), problem.text.render(ZH)
        assert chinese != english
        assert not UNFILLED.search(chinese), chinese
        assert english_left(chinese + " " + problem.where.render(ZH), values) == [], chinese
        assert not any(re.search(rf"\b{re.escape(title)}\b", chinese) for title in TITLES), chinese


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_every_rule_has_a_chinese_sentence_with_its_fields(rule) -> None:
    chinese = ZH(rule.message)
    assert chinese != rule.message and re.search(r"[\u4e00-\u9fff]", chinese)
    assert set(re.findall(r"\{(\w+)", chinese)) == set(re.findall(r"\{(\w+)", rule.message))


def test_the_field_name_is_part_of_the_chinese_sentence() -> None:
    port = Message(RULES[[r.id for r in RULES].index("port_number")].message,
                   {"field": Message("Port"), "value": "99999"})  # fmt: skip
    assert port.render(ZH) == "端口必须是 1 到 65535 之间的整数，例如 8000（当前为 '99999'）。"
    assert str(port) == "Port must be a whole number from 1 to 65535, e.g. 8000 (got '99999')."
    plural = Message(ARE_IGNORED, {"field": Message("Column mapping"), "reason": "x"})
    assert plural.render(ZH) == "列映射会被忽略：x"
    characters = Message(ATTRIBUTE_NAME_CHARACTERS, {"field": Message("Attribute name"), "chars": "< >"})
    assert characters.render(ZH).startswith("属性名称包含 < >")


def test_option_names_are_translated_where_they_are_listed() -> None:
    assert ImportOrigin.describe().render(ZH).startswith("obs（OBS桶）、dws（GaussDB(DWS)）")
    assert ZH(DatasetType.OBJECT_DETECTION.label) == "物体检测"


def test_a_shortfall_reads_in_chinese() -> None:
    said = Shortfall(100, 90, 50, 40, estimated=True, unsized=3).message.render(ZH)
    assert said.startswith("数量不足：导入了 90 个样本，而预检预计约 100 个；已标注 40 个，而预计约 50 个。")
    assert "3 张图片" in said and not english_left(said)


def test_a_preflight_report_reads_in_chinese() -> None:
    from tests.preflight.test_check import check_demo, demo

    report = check_demo(demo("the V002 manifest, everything"), max_files=10)
    read = report.how_much_read().render(ZH)
    assert read.startswith("列出 1 个文件，") and "。已检查" in read  # sentences follow each other without a space
    said = [read, *(n.render(ZH) for n in report.filter_notes), *(row.note.render(ZH) for row in report.labels)]
    said += [text.render(ZH) for fix in report.fixes for text in (fix.title, fix.why)]
    names = " ".join(row.name for row in report.labels) + " included_labels excluded_labels KB"
    assert [english_left(text, names) for text in said] == [[] for _ in said], said


def test_a_problem_the_source_readers_find_reads_in_chinese() -> None:
    from sources.layouts.files import image_problem

    problem = image_problem("obs/b/cat.gif", 10)
    assert problem is not None
    said = "obs://b/cat.gif 是 .gif 文件；服务只导入 JPG、JPEG、PNG 和 BMP 图片。请转换格式或不导入该文件。"
    assert problem.message.render(ZH) == said
    assert str(problem.message).startswith("obs://b/cat.gif is a .gif file;")
