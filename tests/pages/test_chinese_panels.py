"""The guided start, the OBS browser, Check source, the snippets' captions, the glossary's words and the task
tracker in Chinese (issue 17): each draws its own text from the catalog, and nothing raises. Code, paths and the
API's names stay as they are."""

from __future__ import annotations

import time
import uuid

from streamlit.testing.v1 import AppTest

from services.i18n import CHINESE, LANGUAGE

from .conftest import SandboxView, as_read, texts
from .portal import CAT_DOG, pick, run, submit, type_into


def chinese(at: AppTest) -> AppTest:
    at.session_state[LANGUAGE] = CHINESE
    return run(at)


def markdown(at: AppTest) -> str:
    return as_read("\n".join(m.value for m in at.markdown))


def test_the_guided_start_and_the_obs_browser_speak_chinese(app: AppTest) -> None:
    chinese(app)
    assert "**初次使用？**" in markdown(app)
    next(b for b in app.button if b.label == "用演示数据试一试").click()
    run(app)
    assert "第1步，共4步 · 选择演示数据集。" in markdown(app)
    next(b for b in app.button if b.label == "使用此数据集").click()
    run(app)
    shown = markdown(app)
    assert "第2步，共4步 · 选择文件夹。" in shown and "**使用此文件夹**" in shown
    assert any(e.label == "浏览OBS或从本机上传" for e in app.expander)
    assert "当前位置：`s3://" in shown  # the browser opened at the demo's bucket; the path is shown as it is
    assert app.button(key="_obs_use_folder").label == "使用此文件夹"
    assert app.selectbox(key="_obs_bucket").label == "桶"


def test_check_source_the_snippets_captions_and_the_plain_words_speak_chinese(
    app: AppTest, sandbox_view: SandboxView
) -> None:
    pick(app, sandbox_view, "demo-image-classification")
    type_into(app, "import_path", CAT_DOG)
    chinese(app)
    assert app.button(key="_preflight_run").label == "检查数据源"
    assert app.selectbox(key="_preflight_amount").format_func(1_000) == "1,000 个文件、行或查询"
    app.button(key="_preflight_run").click()
    run(app)
    assert {m.label for m in app.metric} >= {"文件", "找到的样本", "将导入"}
    shown = texts(app)
    assert "**标签**" in shown, shown
    assert "已读取的内容中未发现问题。" in shown or "**问题** · " in shown

    toggle = app.toggle(key="final_annotation")
    assert toggle.label == "最终标注（无需审核）"
    assert "API中：`final_annotation`" in (toggle.help or "")  # the API's name stays as the API spells it
    assert any(e.label == "本页用语" for e in app.expander)

    app.segmented_control(key="_preview_view").set_value("curl")
    run(app)
    assert "请在bash中运行。密钥从环境变量读取：运行前请先导出（export）这些变量。" in texts(app)
    code = app.code[0].value
    assert "curl --globoff" in code and CAT_DOG in code and not any("\u4e00" <= c <= "\u9fff" for c in code)


def test_the_task_tracker_and_the_imported_samples_speak_chinese(app: AppTest, sandbox_view: SandboxView) -> None:
    name = f"zh-{uuid.uuid4().hex[:12]}"
    body = {"dataset_name": name, "dataset_type": 0, "labels": [{"name": "cat"}, {"name": "dog"}]}
    sandbox_view.http.post(f"{sandbox_view.url}/v2/p/datasets", json=body, timeout=30).raise_for_status()
    next(b for b in app.button if b.label == "Refresh datasets").click()
    run(app)
    dataset_id = pick(app, sandbox_view, name)
    type_into(app, "import_path", CAT_DOG)
    task_id = submit(app)  # in English: the submit panel is not this test's
    deadline = time.monotonic() + 60
    while sandbox_view.tasks(dataset_id)[0]["status"] != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    chinese(app)
    app.switch_page("pages/tasks.py")
    run(app)
    shown = markdown(app)
    assert f"**任务** {task_id}" in shown and ":green-badge[已完成]" in shown
    assert ":material/check_circle: 排队中" in shown and ":material/check_circle: 已完成" in shown
    assert [bar.proto.text for bar in app.get("progress")] == ["7/7 个文件"]
    assert "找到 7 个样本 · 已导入 7 个 · 已标注 7 个 · 耗时 " in texts(app)
    assert any(e.label == "导入的样本" for e in app.expander)
