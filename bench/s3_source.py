"""Check source and the OBS browser over a network: moto's S3 server behind a proxy adding 20 ms a request.

    python3 -m bench.s3_source [--delay-ms 20] [--repeat 3]

The source (bench/s3_server.py): a manifest naming 100,000 objects in 100 folders, and a folder of 100,000
objects. Timed, through the proxy (bench/latency_proxy.py), which counts requests and bytes:
- Check source of the manifest (`check_source`, as the app runs it): every line read, every object checked
  against the listings of the 100 folders, which it lists LIST_THREADS at a time while it reads;
- Check source of the folder (a folder import): its first 10,000 files listed and counted, 1,000 read;
- the OBS browser's first page of the folder (`S3Browser.folder`), against one ListObjectsV2 of a page of as
  many entries (MaxKeys) through the same proxy.
The stated floor of a check: the list requests it needs × the delay / the parallelism it uses. moto's server
is far from a real OBS in one respect: each listing scans the whole bucket (~0.3 s of its CPU at 100,000
objects), so a second floor is measured: the same listings straight to moto, as the check makes them.
Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bench import s3_server
from bench.browser import free_port
from bench.latency_proxy import LatencyProxy
from client.obs import PAGE_SIZE, S3Browser, s3_client
from models import Dataset, ImportTaskRequest
from preflight import check_source, reading
from preflight.check import DEFAULT_LIST_LIMIT
from preflight.reading import LIST_THREADS
from preflight.s3 import S3Storage

GOAL_CHECK = 1.5
GOAL_BROWSER = 1.5
DATASET = Dataset.model_validate({"dataset_id": "bench", "dataset_type": 0,
                                  "labels": [{"name": name} for name in s3_server.LABELS]})


def storage(url: str) -> S3Storage:
    return S3Storage.connect(url, s3_server.KEYS["access_key"], s3_server.KEYS["secret_key"], region="us-east-1")


def timed(proxy: LatencyProxy, run: Callable[[], object]) -> tuple[float, dict[str, int], object]:
    proxy.reset()
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    return elapsed, proxy.stats(), result


def list_folders(url: str, prefixes: list[str], threads: int, most: int | None = None) -> None:
    """Each prefix listed (pages of 1,000; up to `most` objects), `threads` at a time: what the checks' listings
    cost moto."""
    client = s3_client(url, s3_server.KEYS["access_key"], s3_server.KEYS["secret_key"], region="us-east-1")

    def one(prefix: str) -> int:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=s3_server.BUCKET, Prefix=prefix,
                                                                  PaginationConfig={"PageSize": 1000, "MaxItems": most})
        return sum(len(page.get("Contents") or []) for page in pages)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, prefixes))


def one_at_a_time(run: Callable[[], object]) -> object:
    """`run` with the check's listings made one after another (what list_ahead is worth)."""
    reading.LIST_THREADS = 1
    try:
        return run()
    finally:
        reading.LIST_THREADS = LIST_THREADS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    delay = args.delay_ms / 1000
    print("filling moto's S3 server…", flush=True)
    server_port = free_port()
    server = s3_server.start(server_port)
    proxy = LatencyProxy(server_port, args.delay_ms)
    direct = f"http://127.0.0.1:{server_port}"
    folders = [f"{s3_server.FOLDERS}f{number:03d}/" for number in range(s3_server.FOLDER_COUNT)]
    manifest = ImportTaskRequest.model_validate(
        {"import_type": "manifest", "import_path": f"s3://{s3_server.BUCKET}/{s3_server.MANIFEST}"})
    folder = ImportTaskRequest.model_validate({"import_type": "dir", "import_path": f"s3://{s3_server.BUCKET}/flat/"})
    browser = S3Browser(s3_client(proxy.url, s3_server.KEYS["access_key"], s3_server.KEYS["secret_key"],
                                  region="us-east-1"), proxy.url)
    raw = s3_client(proxy.url, s3_server.KEYS["access_key"], s3_server.KEYS["secret_key"], region="us-east-1")
    runs: dict[str, Callable[[], object]] = {
        "check source, manifest": lambda: check_source(manifest, DATASET, storage(proxy.url)),
        "  its listings, straight to moto": lambda: list_folders(direct, folders, LIST_THREADS),
        "  one folder listing at a time": lambda: one_at_a_time(lambda: check_source(manifest, DATASET,
                                                                                   storage(proxy.url))),
        "check source, folder": lambda: check_source(folder, DATASET, storage(proxy.url)),
        "  its listing, straight to moto": lambda: list_folders(direct, [s3_server.FLAT], 1, DEFAULT_LIST_LIMIT),
        "OBS browser, first page": lambda: browser.folder(s3_server.BUCKET, s3_server.FLAT),
        "  one ListObjectsV2 (same MaxKeys)": lambda: raw.list_objects_v2(
            Bucket=s3_server.BUCKET, Prefix=s3_server.FLAT, Delimiter="/", MaxKeys=PAGE_SIZE),
    }
    figures: dict[str, list[tuple[float, dict[str, int]]]] = {name: [] for name in runs}
    reports: dict[str, object] = {}
    try:
        for _ in range(args.repeat):
            for name, run in runs.items():
                seconds, counts, reports[name] = timed(proxy, run)
                figures[name].append((seconds, counts))
    finally:
        proxy.stop()
        server.kill()
        server.wait(10)
    print(f"Over a proxy adding {args.delay_ms:.0f} ms a request; medians of {args.repeat}")
    print(f"{'what':<38}{'wall s':>8}{'requests':>10}{'KB sent':>9}{'KB received':>13}")
    medians = {}
    for name, measured in figures.items():
        medians[name] = statistics.median(seconds for seconds, _ in measured)
        counts = measured[-1][1]
        print(f"{name:<38}{medians[name]:>8.2f}{counts['requests']:>10,}{counts['sent'] / 1024:>9,.0f}"
              f"{counts['received'] / 1024:>13,.0f}")
    for name, lists, parallel, moto in (
        ("check source, manifest", len(folders), LIST_THREADS, "  its listings, straight to moto"),
        ("check source, folder", DEFAULT_LIST_LIMIT // 1000, 1, "  its listing, straight to moto"),
    ):
        stated = lists * delay / parallel
        moto_floor = medians[moto] + stated
        report = reports[name]
        print(f"{name}: {report.how_much_read()}")  # type: ignore[attr-defined]
        print(f"  floor {lists} list requests × {args.delay_ms:.0f} ms / {parallel} = {stated:.2f} s: "
              f"{medians[name] / stated:.1f}× (goal ≤ {GOAL_CHECK}); with moto's own time for them "
              f"({medians[moto]:.2f} s) added: {medians[name] / moto_floor:.2f}×")
    ratio = medians["OBS browser, first page"] / medians["  one ListObjectsV2 (same MaxKeys)"]
    print(f"OBS browser's first page / one ListObjectsV2 = {ratio:.2f} (goal ≤ {GOAL_BROWSER}): "
          f"{'met' if ratio <= GOAL_BROWSER else 'MISSED'}")


if __name__ == "__main__":
    main()
