"""Compose in Chinese: the form's fields carry the console's terms, and every source and the label editor draw
without an error in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sandbox.launcher import RunningSandbox
from services.i18n import CHINESE, LANGUAGE

from .conftest import APP, SandboxView, preview, texts
from .portal import pick, point_app_at, run, type_into

TABLE_SOURCES = {"dws": "数据库名称", "dli": "DLI 队列", "rds": "用户名", "mrs": "HDFS路径"}


@pytest.fixture()
def chinese(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    point_app_at(monkeypatch, sandbox.url, tmp_path)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[LANGUAGE] = CHINESE
    return run(at)


def _grid_headers(at: AppTest) -> list[str]:
    """The column titles of every grid on the page, as the browser gets them."""
    return [
        column.get("label") for grid in at.get("dataframe") for column in json.loads(grid.proto.columns).values()
    ]


def test_obs_fields_use_the_consoles_terms(chinese: AppTest, sandbox_view: SandboxView) -> None:
    at = chinese
    assert at.selectbox(key="import_origin").label == "数据来源"
    assert at.radio(key="import_type").label == "导入方式"
    assert at.text_input(key="import_path").label.startswith("导入路径")
    assert at.toggle(key="import_annotations").label == "导入标注信息"
    assert "`import_path`" in (at.text_input(key="import_path").help or "")  # the API's name stays as it is
    assert at.button(key="_submit").label == "提交导入任务"
    assert "发送前请选择数据集（1 · 数据集）。" in texts(at)
    pick(at, sandbox_view, "demo-image-classification")
    type_into(at, "import_path", "s3://test-obs/daoLu_images/cat-dog/")
    assert preview(at)["import_path"] == "s3://test-obs/daoLu_images/cat-dog/"  # the body keeps the API's words
    assert any(e.label.startswith("3 · 标签") for e in at.expander)


def test_the_label_editor_opens_in_chinese(chinese: AppTest, sandbox_view: SandboxView) -> None:
    at = chinese
    pick(at, sandbox_view, "demo-object-detection")
    at.session_state["_labels_open"] = True
    run(at)
    assert at.multiselect(key="included_labels").label == "包含的标签"
    labels = at.multiselect(key="included_labels").options[:2]
    at.multiselect(key="included_labels").set_value(labels)
    at.session_state["_labels_open"] = True
    run(at)
    assert any(e.label.startswith("3 · 标签 · 包含 2 个，排除 0 个") for e in at.expander)
    selected = at.selectbox(key="_selected_label").value
    add_box = at.text_input(key=f"_new_attribute_{selected}")
    assert add_box.label == f"为 {selected} 添加属性"
    add_box.input("size")
    run(at)
    headers = _grid_headers(at)
    for title in ("标签", "类型", "颜色", "快捷键", "默认形状", "重命名为", "属性", "种类", "选项", "默认值"):
        assert title in headers, headers
    assert at.selectbox(key="_selected_label").label == "所选标签"
    assert [c.label for c in at.color_picker] == ["颜色"]


@pytest.mark.parametrize("source", list(TABLE_SOURCES))
def test_each_table_source_draws_in_chinese(chinese: AppTest, sandbox_view: SandboxView, source: str) -> None:
    at = chinese
    pick(at, sandbox_view, "demo-table-iris")
    at.selectbox(key="import_origin").set_value(source)
    run(at)
    labels = [w.label for w in (*at.text_input, *at.selectbox, *at.radio)]
    assert TABLE_SOURCES[source] in labels, labels
    assert any(e.label.startswith("更多连接字段") for e in at.expander)
    assert {"源列", "数据集列"} <= set(_grid_headers(at))  # the Table columns section, open for a table dataset


def test_a_label_type_chosen_in_either_language_is_its_number() -> None:
    """The grid's type cells hold "1 · object detection" or "1 · 物体检测": the number leads either way, so an edit
    made before a switch of language still sets the type it showed."""
    from components.label_fields import _type_value

    assert _type_value("1 · object detection") == 1
    assert _type_value("102 · 文本三元组关系") == 102
    assert _type_value("not a type") is None
