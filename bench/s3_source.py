"""Check source and the OBS browser over a network: moto's S3 server behind a proxy adding 20 ms a request.

    python3 -m bench.s3_source [--delay-ms 20] [--repeat 3]
    flock /tmp/browser.lock python3 -m bench.s3_source --browser [--delay-ms 20] [--repeat 5]

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

--browser measures the OBS browser as a person sees it instead (and only that): `streamlit run app.py` on a
cloud connection (ModelArts: a local sandbox; OBS: IMPORT_COMPOSER_OBS_ENDPOINT at the proxy, with the bench's
AK/SK), in headless Chromium. A round opens the compose page in a new session, opens "Browse OBS or upload
from this computer" (the bucket's top level is listed), then clicks the folder of 100,000 objects and times the
click until that folder's first page is on screen (its first file's name drawn, checked on every animation
frame). Against one ListObjectsV2 of a page (MaxKeys = the browser's page size) through the same proxy, timed
in the same rounds; the proxy's request count for the click is printed beside it. Waits until no other Chromium
runs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench import s3_server
from bench.browser import (
    IDLE,
    PROJECT_ROOT,
    StreamlitServer,
    app_env,
    free_port,
    launch_args,
    wait_for_no_other_chromium,
)
from bench.latency_proxy import LatencyProxy
from client.obs import PAGE_SIZE, S3Browser, s3_client
from models import Dataset, ImportTaskRequest
from preflight import check_source, reading
from preflight.check import DEFAULT_LIST_LIMIT
from preflight.reading import LIST_THREADS
from preflight.s3 import S3Storage
from sandbox.launcher import start_sandbox

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


BROWSE = "Browse OBS or upload from this computer"
FLAT_NAME = s3_server.FLAT.rstrip("/")
FIRST_FILE = "000000.jpg"  # the folder's first object, drawn among its page's file names
# The current run's elements (not a stale copy of the run before) showing the text.
ON_SCREEN = """(text) => [...document.querySelectorAll("[data-testid='stElementContainer']:not([data-stale='true'])")]
    .some(e => e.textContent.includes(text))"""


def one_page_listing(raw: Any) -> object:
    return raw.list_objects_v2(Bucket=s3_server.BUCKET, Prefix=s3_server.FLAT, Delimiter="/", MaxKeys=PAGE_SIZE)


def first_page_on_screen(page: Any, url: str, proxy: LatencyProxy) -> tuple[float, int]:
    """A new session: the compose page, the OBS browser opened at the bucket's top level, then the big folder
    clicked. (seconds from the click until its first page is drawn, requests through the proxy meanwhile)."""
    page.goto(url)
    page.locator(".st-key-dataset_id").get_by_role("combobox").wait_for(timeout=120_000)
    page.wait_for_selector(IDLE, state="attached", timeout=60_000)
    page.get_by_text(BROWSE).click()
    folder = page.get_by_role("button", name=FLAT_NAME, exact=True)
    folder.wait_for(timeout=60_000)
    page.wait_for_selector(IDLE, state="attached", timeout=60_000)
    folder.hover()  # Playwright's checks before a click (in view, not moving) happen before the clock starts
    box = folder.bounding_box()
    assert box is not None
    proxy.reset()
    start = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(ON_SCREEN, arg=FIRST_FILE, polling="raf", timeout=60_000)
    elapsed = time.perf_counter() - start
    time.sleep(0.3)  # the run that drew it ends; any request it still makes is counted
    page.wait_for_selector(IDLE, state="attached", timeout=60_000)
    return elapsed, proxy.stats()["requests"]


def browser_part(args: argparse.Namespace, proxy: LatencyProxy) -> None:
    raw = s3_client(proxy.url, s3_server.KEYS["access_key"], s3_server.KEYS["secret_key"], region="us-east-1")
    screen: list[float] = []
    listing: list[float] = []
    requests_seen: list[int] = []
    with tempfile.TemporaryDirectory() as tmp_name, start_sandbox(Path(tmp_name) / "sandbox", import_delay=0) as box:
        tmp = Path(tmp_name)
        env = app_env(
            IMPORT_COMPOSER_DATA=str(tmp / "data"),
            MODELARTS_ENDPOINT=box.url,
            MODELARTS_PROJECT_ID=box.project_id,
            HUAWEICLOUD_SDK_AK=s3_server.KEYS["access_key"],
            HUAWEICLOUD_SDK_SK=s3_server.KEYS["secret_key"],
            IMPORT_COMPOSER_OBS_ENDPOINT=proxy.url,
        )
        app = StreamlitServer(PROJECT_ROOT / "app.py", env, tmp / "app.log")
        try:
            app.wait_until_serving()
            wait_for_no_other_chromium()
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_args())
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                for number in range(-1, args.repeat):  # one unmeasured round warms the app and moto up
                    page = context.new_page()
                    seconds, seen = first_page_on_screen(page, app.url, proxy)
                    page.close()
                    listed = timed(proxy, lambda: one_page_listing(raw))[0]
                    if number >= 0:
                        screen.append(seconds)
                        listing.append(listed)
                        requests_seen.append(seen)
                browser.close()
        finally:
            app.stop()
    on_screen, one_list = statistics.median(screen), statistics.median(listing)
    ratio = on_screen / one_list
    print(f"Over a proxy adding {args.delay_ms:.0f} ms a request; headless Chromium; medians of {args.repeat}")
    print(f"{'what':<62}{'wall s':>8}")
    print(f"{'OBS browser: click the folder until its first page is on screen':<62}{on_screen:>8.2f}"
          f"  (requests through the proxy: {', '.join(map(str, requests_seen))})")
    print(f"{f'  one ListObjectsV2 (MaxKeys {PAGE_SIZE}), same proxy':<62}{one_list:>8.2f}")
    rounds = ", ".join(f"{a / b:.2f}" for a, b in zip(screen, listing, strict=True))
    print(f"each round, on screen / one listing: {rounds}")
    print(f"OBS browser's first page on screen / one ListObjectsV2 = {ratio:.2f} (goal ≤ {GOAL_BROWSER}): "
          f"{'met' if ratio <= GOAL_BROWSER else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--browser", action="store_true",
                        help="only the OBS browser's first page on screen, in Chromium (under flock /tmp/browser.lock)")
    args = parser.parse_args()
    delay = args.delay_ms / 1000
    print("filling moto's S3 server…", flush=True)
    server_port = free_port()
    server = s3_server.start(server_port)
    proxy = LatencyProxy(server_port, args.delay_ms)
    if args.browser:
        try:
            browser_part(args, proxy)
        finally:
            proxy.stop()
            server.kill()
            server.wait(10)
        return
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
