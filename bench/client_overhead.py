"""Client overhead: validate, serialise, sign (AK/SK) and POST a create-import-task to the sandbox,
against a bare `requests.post` of the same bytes on a kept-alive session.

    python3 -m bench.client_overhead [--requests 200]

Both sides create real tasks (each on its own fresh dataset, so no 4356), interleaved so that noise on
this shared machine falls on both alike. The ratio of medians is what counts; goal ≤ 1.2.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import requests

from client import AkSkAuth, ModelArtsClient, sign
from sandbox.launcher import start_sandbox

AK, SK = "BENCHAK0000000000000", "bench-secret-key-0000000000000000000000"
BODY = {"import_type": "dir", "import_path": "s3://test-obs/daoLu_images/cat-dog/", "import_annotations": False}
GOAL = 1.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    n = args.requests
    with tempfile.TemporaryDirectory() as data, start_sandbox(Path(data), port=0, ak=AK, sk=SK) as sandbox:
        client = ModelArtsClient(sandbox.url, "bench", AkSkAuth(AK, SK))
        datasets = [
            client.create_dataset({"dataset_name": f"bench-{i}", "dataset_type": 0}) for i in range(2 * n)
        ]
        bare = requests.Session()
        bare.trust_env = False
        payload = json.dumps(BODY).encode()
        client_times, bare_times = [], []
        for i in range(n):
            start = time.perf_counter()
            client.create_import_task(datasets[2 * i], BODY)
            client_times.append(time.perf_counter() - start)

            url = f"{sandbox.url}/v2/bench/datasets/{datasets[2 * i + 1]}/import-tasks"
            # The bare side gets its signature made outside the timed part: only the POST is timed.
            headers = sign("POST", url, {"Content-Type": "application/json", "X-Project-Id": "bench"}, payload, AK, SK)
            start = time.perf_counter()
            answer = bare.post(url, data=payload, headers=headers, timeout=(5, 30))
            bare_times.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
    client_ms = statistics.median(client_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    ratio = client_ms / bare_ms
    print(f"Create import task on the sandbox, median of {n} each (interleaved)")
    print(f"{'path':<52}{'median ms':>10}{'ratio':>8}")
    print(f"{'bare requests.post, same bytes, kept-alive session':<52}{bare_ms:>10.2f}{1:>8.2f}")
    print(f"{'ModelArtsClient: validate, serialise, sign, POST':<52}{client_ms:>10.2f}{ratio:>8.2f}")
    print(f"client / bare = {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
