"""Transport faults, retry rules and unusable answers, against real sockets on 127.0.0.1."""

import pytest

from client import (
    AuthenticationError,
    ConflictError,
    DnsResolutionError,
    InvalidResponseError,
    ModelArtsClient,
    ReadTimeoutError,
    RefusedConnectionError,
    ServerError,
    TlsHandshakeError,
    TokenAuth,
)
from tests.client.fault_server import CutOff, FaultServer, Reply, Stall, error_reply, free_port, json_reply

TASK_BODY = {"import_type": "dir", "import_path": "s3://test-obs/daoLu_images/cat-dog/"}
DATASETS = {"datasets": [{"dataset_id": "d1", "dataset_name": "cats", "dataset_type": 0}], "total_number": 1}
HTML_502 = Reply(
    502,
    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    {"Content-Type": "text/html"},
)


def make_client(url, sleeps=None, retries=2, read=0.5):
    sleeps = [] if sleeps is None else sleeps
    return ModelArtsClient(
        url,
        "proj",
        TokenAuth("tok-secret-123"),
        timeout=(1.0, read),
        retries=retries,
        backoff=0.5,
        sleep=sleeps.append,
    )


# --- connection refused ----------------------------------------------------------------------------


def test_get_to_a_closed_port_is_retried_then_says_nothing_listens():
    port = free_port()
    sleeps = []
    with pytest.raises(RefusedConnectionError) as caught:
        make_client(f"http://127.0.0.1:{port}", sleeps).list_datasets()
    assert sleeps == [0.5, 1.0]
    text = str(caught.value)
    assert f"127.0.0.1:{port}" in text
    assert "connection refused" in text
    assert "sandbox" in text and "port" in text


def test_create_post_is_retried_when_refused_and_sent_exactly_once():
    port = free_port()
    started = []

    def start_server_while_backing_off(delay):
        started.append(FaultServer(port).script(json_reply({"task_id": "t-1"})))

    client = make_client(f"http://127.0.0.1:{port}", retries=2)
    client.transport.sleep = start_server_while_backing_off
    try:
        assert client.create_import_task("ds1", TASK_BODY) == "t-1"
        assert len(started) == 1
        assert [r.method for r in started[0].requests] == ["POST"]
    finally:
        for fault_server in started:
            fault_server.close()


# --- stalls ----------------------------------------------------------------------------------------


def test_stalled_post_is_not_repeated_and_says_the_task_may_exist(server):
    server.script(Stall())
    with pytest.raises(ReadTimeoutError) as caught:
        make_client(server.url, read=0.3).create_import_task("ds1", TASK_BODY)
    assert len(server.requests) == 1
    text = str(caught.value)
    assert "no answer within 0.3 s" in text
    assert "task list before sending again" in text


def test_stalled_get_is_retried_then_reported(server):
    server.script(Stall())
    sleeps = []
    with pytest.raises(ReadTimeoutError) as caught:
        make_client(server.url, sleeps, read=0.3).get_dataset("ds1")
    assert len(server.requests) == 3
    assert "task list" not in str(caught.value)
    assert "raise the read timeout" in str(caught.value)


def test_stalled_get_recovers_when_the_next_attempt_answers(server):
    server.script(Stall(), json_reply(DATASETS))
    assert make_client(server.url, read=0.3).list_datasets().total_number == 1
    assert len(server.requests) == 2


# --- 5xx -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_is_retried_on_gateway_errors_and_succeeds(server, status):
    server.script(error_reply(status, "ModelArts.0010", "busy"), json_reply(DATASETS))
    sleeps = []
    datasets = make_client(server.url, sleeps).list_datasets()
    assert datasets.datasets[0].dataset_name == "cats"
    assert len(server.requests) == 2
    assert sleeps == [0.5]


def test_get_gives_up_after_the_retries_with_a_server_error(server):
    server.script(error_reply(503, "ModelArts.0010", "service busy", **{"X-Request-Id": "req-503"}))
    with pytest.raises(ServerError) as caught:
        make_client(server.url).list_datasets()
    assert len(server.requests) == 3
    assert caught.value.http_status == 503
    assert caught.value.request_id == "req-503"
    assert "Try again in a few minutes" in str(caught.value)
    assert "req-503" in str(caught.value)


def test_retry_after_is_honoured_up_to_the_cap(server):
    server.script(Reply(503, b"", {"Retry-After": "3"}), json_reply(DATASETS))
    sleeps = []
    make_client(server.url, sleeps).list_datasets()
    assert sleeps == [3.0]


def test_get_is_not_retried_on_500(server):
    server.script(error_reply(500, "ModelArts.0010", "internal"))
    with pytest.raises(ServerError):
        make_client(server.url).get_dataset("ds1")
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [500, 503])
def test_create_post_is_never_repeated_after_a_server_error(server, status):
    server.script(error_reply(status, "ModelArts.0010", "internal"))
    with pytest.raises(ServerError):
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert len(server.requests) == 1


def test_create_post_is_not_repeated_on_a_conflict(server):
    server.script(error_reply(400, "ModelArts.4356", "The dataset has a running import task."))
    with pytest.raises(ConflictError) as caught:
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert len(server.requests) == 1
    assert str(caught.value).startswith("The dataset already has an import task running. Wait until")


# --- unusable answers ------------------------------------------------------------------------------


def test_html_gateway_page_on_502_is_reported_as_an_html_page(server):
    server.script(HTML_502)
    with pytest.raises(ServerError) as caught:
        make_client(server.url).list_datasets()
    text = str(caught.value)
    assert 'an HTML page ("502 Bad Gateway")' in text
    assert "not a ModelArts error message" in text
    assert len(server.requests) == 3


def test_html_page_with_200_is_an_invalid_response(server):
    server.script(Reply(200, "<!DOCTYPE html><html><title>Login</title></html>", {"Content-Type": "text/html"}))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).list_datasets()
    assert caught.value.reason == "html"
    assert 'HTML page ("Login")' in str(caught.value)
    assert "proxy" in str(caught.value)


def test_html_404_says_the_endpoint_is_not_the_api(server):
    server.script(Reply(404, "<html><title>Not Found</title></html>", {"Content-Type": "text/html"}))
    with pytest.raises(Exception) as caught:
        make_client(server.url).get_dataset("ds1")
    assert type(caught.value).__name__ == "NotFoundError"
    assert "does not look like the ModelArts API" in str(caught.value)


def test_truncated_json_is_reported_as_cut_off(server):
    server.script(json_reply(b'{"datasets": [{"dataset_id": "d1", "dataset_na'))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).list_datasets()
    assert caught.value.reason == "truncated"
    assert "JSON cut off before its end" in str(caught.value)


def test_connection_closed_mid_body_is_retried_for_get_then_reported(server):
    server.script(CutOff())
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).list_datasets()
    assert caught.value.reason == "truncated"
    assert "cut off" in str(caught.value)
    assert len(server.requests) == 3


def test_connection_closed_mid_body_after_a_post_is_not_repeated(server):
    server.script(CutOff(b'{"task_id": "t'))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert len(server.requests) == 1
    assert "task list before sending again" in str(caught.value)


def test_text_that_is_not_json(server):
    server.script(Reply(200, "OK", {"Content-Type": "text/plain"}))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).get_dataset("ds1")
    assert caught.value.reason == "not_json"
    assert "text that is not JSON" in str(caught.value)


def test_empty_answer_to_a_create(server):
    server.script(Reply(200, b""))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert caught.value.reason == "empty"
    assert len(server.requests) == 1


def test_json_of_the_wrong_shape(server):
    server.script(json_reply({"id": "t-1"}))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert caught.value.reason == "unexpected_shape"
    assert "ImportTaskResponse" in str(caught.value)


def test_redirects_are_not_followed(server):
    server.script(Reply(302, b"", {"Location": "https://elsewhere.example/v2"}))
    with pytest.raises(InvalidResponseError) as caught:
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert caught.value.reason == "redirect"
    assert "https://elsewhere.example/v2" in str(caught.value)
    assert len(server.requests) == 1


# --- name resolution and TLS -----------------------------------------------------------------------


def test_unknown_host_name_is_a_dns_error_and_is_not_retried():
    sleeps = []
    with pytest.raises(DnsResolutionError) as caught:
        make_client("https://modelarts.nowhere.invalid", sleeps).list_datasets()
    assert sleeps == []
    text = str(caught.value)
    assert "modelarts.nowhere.invalid could not be found (DNS)" in text
    assert "MODELARTS_ENDPOINT" in text


def test_https_to_a_plain_http_port_is_a_tls_error(server):
    sleeps = []
    with pytest.raises(TlsHandshakeError) as caught:
        make_client(f"https://127.0.0.1:{server.port}", sleeps).list_datasets()
    assert sleeps == []
    text = str(caught.value)
    assert f"TLS) connection to 127.0.0.1:{server.port} failed" in text
    assert "http://" in text


# --- token auth and 401 ----------------------------------------------------------------------------


def test_expired_token_is_not_retried_and_says_to_get_a_new_one(server):
    server.script(error_reply(401, "ModelArts.0203", "The token has expired.", **{"X-Request-Id": "r401"}))
    with pytest.raises(AuthenticationError) as caught:
        make_client(server.url).create_import_task("ds1", TASK_BODY)
    assert len(server.requests) == 1
    error = caught.value
    assert (error.http_status, error.error_code, error.request_id) == (401, "ModelArts.0203", "r401")
    assert "Get a new token" in str(error)
    assert "MODELARTS_TOKEN" in str(error)
    assert server.requests[0].header("X-Auth-Token") == "tok-secret-123"


# --- proxies ---------------------------------------------------------------------------------------


def test_a_proxy_from_the_environment_is_not_used_for_loopback(server, monkeypatch):
    dead_proxy = f"http://127.0.0.1:{free_port()}"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server.script(json_reply(DATASETS))
    assert make_client(server.url).list_datasets().total_number == 1
    assert make_client(f"http://localhost:{server.port}").list_datasets().total_number == 1
    assert len(server.requests) == 2


def test_a_proxy_from_the_environment_carries_every_request_to_a_remote_host(server, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, server.url)
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server.script(json_reply(DATASETS), json_reply(DATASETS))
    client = make_client("http://modelarts.example.test")
    assert client.list_datasets().total_number == 1
    assert client.list_datasets().total_number == 1  # the second one goes through the proxy read the first time
    assert [recorded.path.split("?")[0] for recorded in server.requests] == [
        "http://modelarts.example.test/v2/proj/datasets"
    ] * 2
