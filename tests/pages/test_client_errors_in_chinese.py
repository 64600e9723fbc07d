"""A client error on a page reads in the reader's language: the sandbox is out of reach, so listing the datasets
fails, and the page says so in Chinese with the address it tried."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services import i18n
from tests.client.fault_server import free_port
from tests.pages.conftest import APP


def test_a_dataset_listing_that_fails_says_why_in_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    port = free_port()  # nothing listens there: a stopped sandbox
    monkeypatch.setenv("IMPORT_COMPOSER_SANDBOX_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("IMPORT_COMPOSER_DATA", str(tmp_path))
    for name in ("MODELARTS_REGION", "MODELARTS_ENDPOINT", "MODELARTS_TOKEN", "HUAWEICLOUD_SDK_AK"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[i18n.LANGUAGE] = i18n.CHINESE
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = "\n".join(str(e.value) for e in at.error).replace("\\", "")
    assert f"127.0.0.1:{port} 上没有服务接受连接（连接被拒绝）。" in errors, errors
    assert "请检查终端节点的地址和端口" in errors
    assert "Nothing accepts connections" not in errors
