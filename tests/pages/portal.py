"""Helpers for the portal tests (tasks, history, drafts, templates): an app on its own data folder and database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import APP, SandboxView, as_read, preview_text, texts

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
CLOUD_VARIABLES = (
    "MODELARTS_REGION", "MODELARTS_ENDPOINT", "MODELARTS_PROJECT_ID", "MODELARTS_TOKEN", "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK", "MODELARTS_IAM_USER", "MODELARTS_IAM_PASSWORD", "MODELARTS_IAM_DOMAIN",
    "MODELARTS_IAM_ENDPOINT", "DATABASE_URL",
)  # fmt: skip


def point_app_at(monkeypatch: pytest.MonkeyPatch, sandbox_url: str, data_dir: Path, database_url: str = "") -> None:
    monkeypatch.setenv("IMPORT_COMPOSER_SANDBOX_URL", sandbox_url)
    monkeypatch.setenv("IMPORT_COMPOSER_DATA", str(data_dir))
    for name in CLOUD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    if database_url:
        monkeypatch.setenv("DATABASE_URL", database_url)


def new_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_panel(at: AppTest, key: str) -> None:
    """Open a popover or expander that is drawn only while open (its key holds whether it is)."""
    at.session_state[key] = True
    run(at)


def pick(at: AppTest, view: SandboxView, name: str) -> str:
    dataset_id = view.dataset_id(name)
    view.wait_idle(dataset_id)
    at.selectbox(key="dataset_id").set_value(dataset_id)
    run(at)
    return dataset_id


def type_into(at: AppTest, key: str, value: str) -> None:
    at.text_input(key=key).input(value)
    run(at)


def created_task(at: AppTest) -> str | None:
    created = [s.value for s in at.success if "Import task created" in s.value]
    if not created:
        return None
    return re.search(r"\*\*(.+)\*\*", created[-1]).group(1).replace("\\", "")


def submit(at: AppTest) -> str:
    at.button(key="_submit").click()
    run(at)
    task_id = created_task(at)
    assert task_id, texts(at)
    return task_id


def compose_obs(at: AppTest, view: SandboxView, dataset: str = "demo-image-classification", path: str = CAT_DOG) -> str:
    dataset_id = pick(at, view, dataset)
    type_into(at, "import_path", path)
    return dataset_id


def page_text(at: AppTest) -> str:
    """Everything written on the page, Markdown escapes undone."""
    parts = [texts(at)] + [i.value for i in at.info] + [c.value for c in at.code] + [preview_text(at) or ""]
    return as_read("\n".join(str(p) for p in parts))
