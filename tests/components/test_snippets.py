"""The curl and Python snippets (issue 14, point 8), run for real: the curl script in bash and the Python in
python, against a sandbox that verifies AK/SK signatures, with hostile values (quotes, `$( )`, backticks,
newlines, non-ASCII, a password with `"`); what arrives is compared byte for byte (GET /_sandbox/received)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from client import AkSkAuth, ModelArtsClient, TokenAuth
from client.signer import sign
from components.snippets import NO_DATASET, NO_PROJECT, as_curl, as_python, body_text, request_url
from sandbox.launcher import RunningSandbox, start_sandbox
from services.target import SANDBOX_TOKEN

AK, SK = "SNIPPETAK0123456789", "snippet-secret-key-0123456789"
PROJECT = "snippet-project"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox that takes any token."""
    with start_sandbox(tmp_path_factory.mktemp("snippets"), port=0, faults=True, import_delay=0) as s:
        yield s


@pytest.fixture(scope="module")
def signing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox that takes only requests signed with AK/SK, and checks the signature."""
    with start_sandbox(tmp_path_factory.mktemp("signing"), port=0, ak=AK, sk=SK, faults=True, import_delay=0) as s:
        yield s


def client_of(running: RunningSandbox) -> ModelArtsClient:
    auth = AkSkAuth(AK, SK) if running.url == _signing_url.get("url") else TokenAuth("test-token")
    return ModelArtsClient(running.url, PROJECT, auth)


_signing_url: dict[str, str] = {}


def dataset_ids(running: RunningSandbox) -> dict[str, str]:
    return {d.dataset_name or "": d.dataset_id for d in client_of(running).list_datasets(limit=100).datasets}


@pytest.fixture(scope="module")
def datasets(sandbox: RunningSandbox) -> dict[str, str]:
    return dataset_ids(sandbox)


@pytest.fixture(scope="module")
def signed_datasets(signing: RunningSandbox) -> dict[str, str]:
    _signing_url["url"] = signing.url
    return dataset_ids(signing)


def wait_idle(running: RunningSandbox) -> None:
    """The sandbox runs one import per dataset at a time, as the service does: wait until none runs."""
    client = client_of(running)
    for dataset_id in dataset_ids(running).values():
        deadline = time.monotonic() + 60
        while any(t.status in ("QUEUING", "RUNNING") for t in client.list_import_tasks(dataset_id, 100).import_tasks):
            assert time.monotonic() < deadline, "an import did not finish"
            time.sleep(0.05)


@pytest.fixture(autouse=True)
def imports_finished(sandbox: RunningSandbox, signing: RunningSandbox, signed_datasets: dict[str, str]) -> None:
    wait_idle(sandbox)
    wait_idle(signing)


def hostile(tmp: Path) -> str:
    """A text that runs commands if a snippet lets the shell or Python read it as code."""
    return (
        f"x'; touch {tmp}/pwned-quote; echo ' $(touch {tmp}/pwned-dollar) `touch {tmp}/pwned-tick` "
        f'"double" \\ back {{a,b}} [1-2] ${{HOME}} \n second line ünï 😀 %s'
    )


def dws_body(tmp: Path) -> dict:
    return {
        "data_source": {
            "data_type": 1,
            "source_info": {
                "cluster_id": "c-1", "ip": "192.168.0.10", "port": "8000", "database_name": f"db'{hostile(tmp)}",
                "table_name": hostile(tmp), "user_name": 'dba"min',
                "user_password": f"pa\"ss'\\w\n$(touch {tmp}/pwned-password)\t\x01é",
            },
        }
    }  # fmt: skip


def obs_body(tmp: Path) -> dict:
    return {
        "import_path": "s3://test-obs/daoLu_images/cat-dog/",
        "import_type": "dir",
        "included_labels": [{"name": hostile(tmp)}, {"name": "猫"}],
    }


def shell_env(**extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"), **extra}


def run_snippet(kind: str, snippet: str, tmp: Path, env: dict[str, str]) -> dict:
    if kind == "curl":
        done = subprocess.run(["bash", "-c", snippet], env=env, capture_output=True, text=True, timeout=60)
    else:
        script = tmp / "snippet.py"
        script.write_text(snippet, encoding="utf-8")
        done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.stdout, done.stderr)
    return {"stdout": done.stdout.strip()}


def last_received(sandbox: RunningSandbox) -> dict:
    url = f"{sandbox.url}/_sandbox/received"
    # A sandbox with access keys takes only signed requests, its own endpoints included.
    headers = sign("GET", url, {}, b"", AK, SK) if sandbox.url == _signing_url.get("url") else {}
    answer = requests.get(url, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["requests"][-1]


def secret_env(auth: str) -> dict[str, str]:
    if auth == "aksk":
        return {"HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK}
    if auth == "sandbox":
        return {}
    return {"MODELARTS_TOKEN": "a-token"}


@pytest.mark.parametrize("auth", ["token", "aksk", "sandbox"])
@pytest.mark.parametrize("kind", ["curl", "python"])
@pytest.mark.parametrize("which", ["dws", "obs"])
def test_the_snippet_sends_exactly_the_body_and_runs_no_value_as_code(
    sandbox: RunningSandbox,
    signing: RunningSandbox,
    datasets: dict[str, str],
    signed_datasets: dict[str, str],
    tmp_path: Path,
    auth: str,
    kind: str,
    which: str,
) -> None:
    if auth == "aksk":
        sandbox, datasets = signing, signed_datasets
    if which == "dws":
        body, dataset = dws_body(tmp_path), "demo-table-iris"
    else:
        body, dataset = obs_body(tmp_path), "demo-image-classification"
    url = request_url(sandbox.url, PROJECT, datasets[dataset])
    project = PROJECT if auth == "aksk" else None
    snippet = (as_curl if kind == "curl" else as_python)(url, body, auth, project)
    password = body.get("data_source", {}).get("source_info", {}).get("user_password")
    assert password is None or password not in snippet  # secrets come from the environment
    env = shell_env(**secret_env(auth), **({"DWS_PASSWORD": password} if password else {}))
    out = run_snippet(kind, snippet, tmp_path, env)
    received = last_received(sandbox)
    arrived = base64.b64decode(received["body_base64"])
    if kind == "curl":
        assert arrived == body_text(body).encode()  # the JSON view's text, the password spliced in as a string
    else:
        assert arrived == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()  # the app's bytes
    assert json.loads(arrived) == body
    task_id = json.loads(out["stdout"])["task_id"] if kind == "curl" else out["stdout"]
    assert task_id.startswith(datasets[dataset])
    assert list(tmp_path.glob("pwned*")) == []
    headers = {name.lower(): value for name, value in received["headers"].items()}
    if auth == "aksk":
        assert headers["authorization"].startswith(f"SDK-HMAC-SHA256 Access={AK},") and "x-auth-token" not in headers
    else:
        assert headers["x-auth-token"] == (SANDBOX_TOKEN if auth == "sandbox" else "a-token")
        assert "authorization" not in headers


@pytest.mark.parametrize("kind", ["curl", "python"])
def test_a_temporary_access_key_signs_its_security_token_too(
    signing: RunningSandbox, signed_datasets: dict[str, str], tmp_path: Path, kind: str
) -> None:
    sandbox, datasets = signing, signed_datasets
    url = request_url(sandbox.url, PROJECT, datasets["demo-image-classification"])
    snippet = (as_curl if kind == "curl" else as_python)(url, obs_body(tmp_path), "aksk", PROJECT)
    env = shell_env(**secret_env("aksk"), HUAWEICLOUD_SDK_SECURITY_TOKEN="sts-token-ü"[:-2])
    run_snippet(kind, snippet, tmp_path, env)
    headers = {name.lower(): value for name, value in last_received(sandbox)["headers"].items()}
    assert "x-security-token" in headers["authorization"] and headers["x-security-token"] == "sts-token"


@pytest.mark.parametrize("kind", ["curl", "python"])
def test_a_wrong_secret_key_is_refused_by_the_signature_check(
    signing: RunningSandbox, signed_datasets: dict[str, str], tmp_path: Path, kind: str
) -> None:
    sandbox, datasets = signing, signed_datasets
    """The signature is really checked: the same snippet with another SK gets the service's 401."""
    url = request_url(sandbox.url, PROJECT, datasets["demo-image-classification"])
    snippet = (as_curl if kind == "curl" else as_python)(url, obs_body(tmp_path), "aksk", PROJECT)
    env = shell_env(HUAWEICLOUD_SDK_AK=AK, HUAWEICLOUD_SDK_SK="not-the-key")
    if kind == "curl":
        done = subprocess.run(["bash", "-c", snippet], env=env, capture_output=True, text=True, timeout=60)
        assert "APIGW.0301" in done.stdout or "signature" in done.stdout.lower(), done.stdout
    else:
        script = tmp_path / "snippet.py"
        script.write_text(snippet, encoding="utf-8")
        done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode != 0 and "401" in done.stderr


def test_a_missing_secret_stops_the_curl_script_with_its_name(sandbox: RunningSandbox, tmp_path: Path) -> None:
    snippet = as_curl(request_url(sandbox.url, PROJECT, "d"), dws_body(tmp_path), "token")
    done = subprocess.run(["bash", "-c", snippet], env=shell_env(MODELARTS_TOKEN="t"), capture_output=True, text=True)
    assert done.returncode != 0 and "DWS_PASSWORD" in done.stderr


def test_with_no_dataset_chosen_the_url_holds_nothing_curl_would_glob() -> None:
    url = request_url("https://modelarts.cn-north-4.myhuaweicloud.com", NO_PROJECT, NO_DATASET)
    assert not set("{}[]") & set(url)
    snippet = as_curl(url, {"import_path": "s3://b/{x}/"})
    assert "--globoff" in snippet


def test_the_compose_page_gives_a_connection_with_access_keys_a_signed_snippet_that_runs(
    signing: RunningSandbox, signed_datasets: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pages.portal import new_app, point_app_at, run, type_into

    sandbox = signing

    point_app_at(monkeypatch, sandbox.url, tmp_path / "data")
    for name, value in {"MODELARTS_ENDPOINT": sandbox.url, "MODELARTS_PROJECT_ID": PROJECT,
                        "HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    app = new_app()
    app.selectbox(key="dataset_id").set_value(signed_datasets["demo-image-classification"])
    run(app)
    type_into(app, "import_path", "s3://test-obs/daoLu_images/cat-dog/")
    for kind, language in (("curl", "bash"), ("python", "python")):
        app.segmented_control(key="_preview_view").set_value(kind)
        run(app)
        snippet = next(c.value for c in app.code if c.language == language)
        assert "X-Auth-Token" not in snippet and "SDK-HMAC-SHA256" in snippet
        run_snippet(kind, snippet, tmp_path, shell_env(**secret_env("aksk")))
        received = last_received(sandbox)
        assert received["headers"]["authorization"].startswith("SDK-HMAC-SHA256")
        wait_idle(sandbox)


@pytest.mark.parametrize("kind", ["curl", "python"])
def test_an_iam_user_gets_a_snippet_that_asks_iam_for_its_token(
    sandbox: RunningSandbox, datasets: dict[str, str], tmp_path: Path, kind: str
) -> None:
    """IAM is a stand-in (the sandbox has none) that hands out a token; the password arrives as one string."""
    from tests.client.fault_server import FaultServer, json_reply

    iam = FaultServer().script(json_reply({"token": {}}, 201, **{"X-Subject-Token": "iam-issued-token"}))
    try:
        url = request_url(sandbox.url, PROJECT, datasets["demo-image-classification"])
        snippet = (as_curl if kind == "curl" else as_python)(url, obs_body(tmp_path), "iam_user", PROJECT, iam.url)
        password = f"pa\"ss' $(touch {tmp_path}/pwned-iam) ü\n"
        env = shell_env(MODELARTS_IAM_USER="alice", MODELARTS_IAM_PASSWORD=password, MODELARTS_IAM_DOMAIN="acme")
        run_snippet(kind, snippet, tmp_path, env)
        [asked] = iam.requests
        user = asked.json()["auth"]["identity"]["password"]["user"]
        assert (user["name"], user["password"], user["domain"]["name"]) == ("alice", password, "acme")
        assert asked.json()["auth"]["scope"]["project"]["id"] == PROJECT
        headers = {name.lower(): value for name, value in last_received(sandbox)["headers"].items()}
        assert headers["x-auth-token"] == "iam-issued-token"
        assert list(tmp_path.glob("pwned*")) == []
    finally:
        iam.close()
