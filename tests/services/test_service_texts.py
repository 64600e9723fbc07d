"""The services' words in the reader's language: what a failed submission, a failed listing, an unreachable
database, a refused endpoint or a refused upload says, in Chinese, with its particulars."""

from __future__ import annotations

import io

import pytest

from client import AuthenticationError, ModelArtsClient, TokenAuth
from models.messages import Message
from services import access, database, i18n, table_sources, uploads
from services.submit import submit_once
from services.target import Connection, target_label, target_name
from tests.client.fault_server import free_port


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "language", lambda: i18n.CHINESE)
    monkeypatch.setattr(i18n._run, "translations", None, raising=False)


def unreachable_client() -> ModelArtsClient:
    return ModelArtsClient(f"http://127.0.0.1:{free_port()}", "p", TokenAuth("t"), retries=0, sleep=lambda s: None)


def test_a_failed_submission_keeps_the_client_error_as_a_message(chinese) -> None:
    client = unreachable_client()
    body = {"import_type": "dir", "import_path": "s3://test-obs/cats/"}
    record = submit_once({}, "sandbox", "ds1", body, client.create_import_task)
    assert record.state == "failed" and isinstance(record.message, Message)
    assert "Nothing accepts connections" in str(record.message)  # English for logs and the history
    assert "连接被拒绝" in i18n.render(record.message)


def test_an_unexpected_fault_in_a_submission_says_so_in_chinese(chinese) -> None:
    def create(dataset_id: str, body: dict) -> str:
        raise RuntimeError("boom")

    record = submit_once({}, "sandbox", "ds1", {"import_path": "s3://b/d/"}, create)
    assert i18n.render(record.message) == "请求无法发送（RuntimeError）。表单未改动，请重试。"


def test_a_source_list_that_cannot_be_read_says_why_in_chinese(chinese) -> None:
    choices, why = table_sources.listed({}, unreachable_client(), "dws")
    assert choices == [] and why is not None
    assert why.startswith("无法列出您的GaussDB(DWS) 集群：") and "连接被拒绝" in why


def test_the_database_out_of_reach_in_chinese(chinese) -> None:
    assert database.unreachable("The history").startswith("无法读取历史记录：门户数据库无法连接。")
    assert database.unreachable("The template", "saved").startswith("无法保存模板：")


def test_a_refused_endpoint_in_chinese(chinese) -> None:
    refused = AuthenticationError("IAM did not accept the credentials.", http_status=401)
    said = access.probe_failure(refused, "https://modelarts.example.com")
    assert said.startswith("https://modelarts.example.com 拒绝了凭证（HTTP 401）。")
    config = access.AccessSettings(sign_in=True)
    assert access.endpoint_problem("", access.Identity("a", "a", access.ADMIN), config) == "请输入终端节点URL。"


class Dropped(io.BytesIO):
    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name, self.size = name, len(data)


def test_files_that_cannot_be_uploaded_say_why_in_chinese(chinese) -> None:
    planned, problems = uploads.plan([Dropped("photos.zip", b"not a zip"), Dropped("../", b"x")])
    assert planned == []
    assert problems == ["photos.zip 不是可读取的zip文件。", "'../' 不是可用的文件名。"]


def test_the_target_is_named_in_chinese_but_recorded_in_english(chinese) -> None:
    sandbox = Connection("sandbox")
    assert target_label(sandbox) == "Sandbox (local)"  # in the history and in fingerprints
    assert target_name(sandbox) == "沙箱（本地）"
    cloud = Connection("modelarts", {"MODELARTS_REGION": "cn-north-4", "MODELARTS_PROJECT_ID": "0a1b"})
    assert target_name(cloud) == "ModelArts cn-north-4 · 项目 0a1b"
