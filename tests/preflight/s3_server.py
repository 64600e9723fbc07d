"""A real S3 server on loopback (moto in server mode, a child process) holding the demo data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from sandbox.demo import DEMO_DIR

START_LIMIT_S = 60.0  # a safety net against hanging, never an assertion about speed
KEYS = {"access_key": "preflight-test-ak", "secret_key": "preflight-test-sk"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto(extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    http = requests.Session()
    http.trust_env = False
    deadline = time.monotonic() + START_LIMIT_S
    while True:
        try:
            http.get(url + "/", timeout=2)
            return process, url
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto's S3 server did not start") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def fill_with_demo(url: str) -> None:
    """Bucket test-obs with the files of sandbox/demo/obs as objects, plus a folder marker object."""
    import boto3

    s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id=KEYS["access_key"],
                      aws_secret_access_key=KEYS["secret_key"])
    obs = DEMO_DIR / "obs"
    for bucket in sorted(p.name for p in obs.iterdir() if p.is_dir()):
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="daoLu_images/")  # a folder marker, as the OBS console makes
        for path in sorted((obs / bucket).rglob("*")):
            if path.is_file():
                s3.put_object(Bucket=bucket, Key=path.relative_to(obs / bucket).as_posix(), Body=path.read_bytes())


@contextmanager
def demo_s3() -> Iterator[str]:
    """The URL of an S3 server holding the demo data, for the duration of the block."""
    process, url = start_moto()
    try:
        fill_with_demo(url)
        yield url
    finally:
        stop(process)
