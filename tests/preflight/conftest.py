"""Real servers on loopback for the preflight: moto's S3 server holding the demo data, and a sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.launcher import RunningSandbox, start_sandbox
from tests.preflight.s3_server import demo_s3, start_moto, stop


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """An S3 server on loopback holding sandbox/demo/obs: bucket test-obs with the demo files as objects."""
    with demo_s3() as url:
        yield url


@pytest.fixture(scope="module")
def locked_s3_endpoint() -> Iterator[str]:
    """An S3 server that checks access keys (moto's IAM on): any key the tests have is unknown to it."""
    process, url = start_moto({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def preflight_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with start_sandbox(tmp_path_factory.mktemp("preflight-sandbox"), port=0) as running:
        yield running
