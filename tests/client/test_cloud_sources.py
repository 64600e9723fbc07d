"""The table-source listings (DWS, MRS, DLI, RDS) and ListSamples through the client, against the sandbox."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from client import ModelArtsClient, PermissionDeniedError, TokenAuth
from client.cloud_sources import CloudSources, service_endpoint
from sandbox.launcher import RunningSandbox, start_sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with start_sandbox(tmp_path_factory.mktemp("cloud-sources"), port=0, import_delay=0, extra_args=["--faults"]) as s:
        yield s


@pytest.fixture
def client(sandbox: RunningSandbox) -> ModelArtsClient:
    return ModelArtsClient(sandbox.url, "project-1", TokenAuth("cloud-sources-token"), retries=0)


def test_each_service_at_the_regions_endpoint() -> None:
    assert service_endpoint("https://modelarts.cn-north-4.myhuaweicloud.com", "dws") == (
        "https://dws.cn-north-4.myhuaweicloud.com"
    )
    assert service_endpoint("http://127.0.0.1:8765", "rds") == "http://127.0.0.1:8765"


def test_lists_of_the_demo_clusters(client: ModelArtsClient) -> None:
    sources = CloudSources(client)
    assert [c.name for c in sources.dws_clusters()] == ["demo-dws", "reports-dws"]
    assert sources.dws_clusters()[0].private_ip == ["192.168.0.10"]
    mrs = sources.mrs_clusters()
    assert [c.cluster_name for c in mrs] == ["demo-cluster", "secure-cluster"]  # the streaming one is left out
    assert [q.queue_name for q in sources.dli_queues()] == ["default", "demo_queue"]
    assert [d.database_name for d in sources.dli_databases()] == ["demo", "shop"]
    assert [t.table_name for t in sources.dli_tables("demo")] == ["iris", "sales"]
    rds = sources.rds_instances()
    assert [(i.name, i.port, i.datastore.type if i.datastore else None) for i in rds] == [
        ("demo-mysql", 3306, "MySQL"), ("demo-postgres", 5432, "PostgreSQL")
    ]


def test_no_permission_says_so(client: ModelArtsClient, sandbox: RunningSandbox) -> None:
    body = '{"error_code": "DWS.0015", "error_msg": "Policy doesn\'t allow dws:cluster:list to be performed."}'
    client.transport.session.post(
        f"{sandbox.url}/_sandbox/faults", json={"count": 1, "status": 403, "body": body, "path": "/clusters"}
    )
    with pytest.raises(PermissionDeniedError) as caught:
        CloudSources(client).dws_clusters()
    assert "not allowed" in str(caught.value) and "dws:cluster:list" in str(caught.value)


def test_list_samples_after_an_import(client: ModelArtsClient) -> None:
    dataset = next(d for d in client.list_datasets(limit=100).datasets if d.dataset_name == "demo-object-detection")
    task_id = client.create_import_task(
        dataset.dataset_id, {"import_type": "dir", "import_path": "s3://test-obs/detection/voc/"}
    )
    deadline = time.monotonic() + 60
    while client.get_import_task(dataset.dataset_id, task_id).status != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    listing = client.list_samples(dataset.dataset_id, limit=100)
    assert listing.sample_count == 4
    by_source = {s.source: s for s in listing.samples}
    street = by_source["obs://test-obs/detection/voc/street_01.jpg"]
    assert sorted((label.name, label.box) for label in street.labels) == [
        ("cat", (2.0, 3.0, 14.0, 15.0)), ("dog", (16.0, 4.0, 30.0, 22.0))
    ]
    assert street.sample_type == 0
    image = client.sample_preview(street.preview or "")
    assert image is not None and image[:2] == b"\xff\xd8"  # the JPEG itself
    assert len(client.list_samples(dataset.dataset_id, limit=3, offset=2).samples) == 2
