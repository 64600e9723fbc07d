"""A reader of Chinese sees the models' problems in Chinese: next to the field, in the check summary and beside
the preview, each a whole sentence naming the field by the console's term."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from services import i18n

from .conftest import SandboxView, texts
from .portal import CAT_DOG, open_panel, pick, run, type_into


def test_form_problems_show_in_chinese(app: AppTest, sandbox_view: SandboxView) -> None:
    app.session_state[i18n.LANGUAGE] = i18n.CHINESE
    run(app)
    pick(app, sandbox_view, "demo-image-classification")
    type_into(app, "import_path", "my-bucket/images/")
    shown = texts(app)
    said = "导入路径必须以 s3://、obs:// 或 / 开头，例如 s3://my-bucket/images/（当前为 'my-bucket/images/'）。"
    assert said in shown
    assert "Import path must start" not in shown
    red = [m.value for m in app.markdown if m.value.startswith(":red[") and "导入路径" in m.value]
    assert len(red) >= 2, shown  # under the field, and again in the check summary

    type_into(app, "import_path", CAT_DOG)
    open_panel(app, "_labels_open")
    app.multiselect(key="included_labels").set_value(["cat"])
    app.multiselect(key="excluded_labels").set_value(["cat"])
    run(app)
    open_panel(app, "_labels_open")
    shown = texts(app)
    assert "排除的标签 › 1：标签名称 'cat' 既被包含又被排除：其样本很可能被跳过。请从两个列表之一中删除它。" in shown
    beside = [c.value for c in app.caption if "既被包含又被排除" in c.value]
    assert beside, shown  # the warning beside the preview, too
    assert "both included and excluded" not in shown
