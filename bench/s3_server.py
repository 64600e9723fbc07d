"""moto's S3 server holding the benchmarks' large sources, filled in its own process (no request per object).

    python -m bench.s3_server PORT

Bucket "bench": FLAT, a folder of 100,000 objects; FOLDERS, 100 folders of 1,000 objects each; and MANIFEST,
a manifest naming every object in FOLDERS (one image classification sample a line). Prints "ready" when it
serves. `start(port)` runs it as a child process; `stop(process)` ends it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

BUCKET = "bench"
FLAT = "flat/"
FOLDERS = "folders/"
MANIFEST = "folders.manifest"
FOLDER_COUNT = 100
PER_FOLDER = 1_000
FLAT_COUNT = 100_000
IMAGE = b"\xff\xd8\xff\xe0tiny-jpeg\xff\xd9"
LABELS = ("cat", "dog", "bird")
KEYS = {"access_key": "bench-ak", "secret_key": "bench-sk"}


def folder_keys() -> list[str]:
    return [f"{FOLDERS}f{folder:03d}/{index:06d}.jpg" for folder in range(FOLDER_COUNT) for index in range(PER_FOLDER)]


def manifest_text() -> bytes:
    lines = (
        json.dumps({"source": f"s3://{BUCKET}/{key}", "annotation": [{"name": LABELS[number % len(LABELS)]}]},
                   separators=(",", ":"))
        for number, key in enumerate(folder_keys())
    )
    return ("\n".join(lines) + "\n").encode()


def serve(port: int) -> None:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(BUCKET, "us-east-1")
    for key in [f"{FLAT}{index:06d}.jpg" for index in range(FLAT_COUNT)] + folder_keys():
        backend.put_object(BUCKET, key, IMAGE)
    backend.put_object(BUCKET, MANIFEST, manifest_text())
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def start(port: int) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-m", "bench.s3_server", str(port)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise RuntimeError("the S3 server did not start")
    return process


if __name__ == "__main__":
    serve(int(sys.argv[1]))
