"""Preflight of a 100,000-line manifest, against the floor: reading and parsing the same file once.

    python3 -m bench.preflight_manifest [--lines 100000] [--repeat 3]

A temporary data root holds the manifest (one image sample per line, one label each, a few spelled in
another case so the label fixes have work to do) and the tiny images it names, in one folder. Timed:
- floor: read the manifest line by line and `json.loads` each line, nothing else;
- layout readers: `plan_import(read_source(...))`, the sandbox's own reading of it (the part the
  preflight shares with the import), without looking up the objects the lines name, and with every
  one looked up by itself (as the sandbox's import does); and, to show where the preflight's time
  goes, the readers alone with each sample dropped as soon as it is read (the preflight keeps none),
  and the listing by name of the image folder that the preflight checks the lines' objects against;
- preflight, default: `check_source()` as the app runs it: every line read and checked, every object it
  names checked to exist through one listing of the image folder (names only, no stat each), sizes looked
  up for 1,000 of the objects named, spread evenly across the manifest, labels reconciled with their fixes'
  effects, 4 previews;
- preflight, every size: `check_source(max_files=None)`: the same, with every object's size looked up
  (through one listing of the folder with a stat each), no previews.
Figures are medians of --repeat runs, interleaved, in seconds and in CPU seconds of this process (steadier on
a shared machine). The goal: the default preflight within 1.5x the floor.
Not run by pytest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from models import Dataset, ImportTaskRequest
from preflight import check_source
from preflight.names import local_folder_names
from sources.layouts import plan_import, read_source
from sources.storage import LocalStorage

GOAL = 1.5
DEFAULT = "preflight, default (every line; 1,000 sizes)"
BUCKET = "bench"
LABELS = ("cat", "dog", "bird", "fish", "Cat")
IMAGE = b"\xff\xd8\xff\xe0tiny-jpeg\xff\xd9"  # judged by extension and size only (previews fail to decode)


def make_source(root: Path, lines: int) -> Path:
    images = root / "obs" / BUCKET / "images"
    images.mkdir(parents=True, exist_ok=True)
    for index in range(lines):
        (images / f"{index:06d}.jpg").write_bytes(IMAGE)
    manifest = root / "obs" / BUCKET / "bench.manifest"
    with manifest.open("w", encoding="utf-8") as out:
        for index in range(lines):
            record = {"source": f"s3://{BUCKET}/images/{index:06d}.jpg",
                      "annotation": [{"name": LABELS[index % len(LABELS)]}]}
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
    return manifest


def floor(manifest: Path) -> int:
    parsed = 0
    with manifest.open("rb") as lines:
        for line in lines:
            if line.strip():
                json.loads(line)
                parsed += 1
    return parsed


def timed(run: Callable[[], object]) -> tuple[float, float, object]:
    """(seconds, CPU seconds of this process, result): on a shared machine the CPU time is the steadier."""
    start, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-preflight-") as folder:
        root = Path(folder)
        manifest = make_source(root, args.lines)
        megabytes = manifest.stat().st_size / 1024 / 1024
        storage = LocalStorage(root)
        request = ImportTaskRequest.model_validate(
            {"import_type": "manifest", "import_path": f"s3://{BUCKET}/bench.manifest"}
        )
        dataset = Dataset.model_validate({"dataset_id": "bench", "dataset_type": 0,
                                          "labels": [{"name": "cat"}, {"name": "dog"}, {"name": "bird"}]})
        runs: dict[str, Callable[[], object]] = {
            "floor: read + json.loads each line": lambda: floor(manifest),
            "layout readers, no object lookups": lambda: plan_import(
                read_source(storage, request, 0, lenient=True, check_sources=False), request).total,
            "layout readers, objects looked up one by one": lambda: plan_import(
                read_source(storage, request, 0, lenient=True), request).total,
            "  readers alone, no lookups, samples dropped": lambda: deque(
                read_source(storage, request, 0, lenient=True, check_sources=False), maxlen=0),
            "  the image folder listed by name": lambda: local_folder_names(
                storage, f"obs/{BUCKET}/images", args.lines + 1),
            DEFAULT: lambda: check_source(request, dataset, storage),
            "preflight, every object's size looked up": lambda: check_source(
                request, dataset, storage, max_files=None, previews=0),
        }
        figures: dict[str, list[float]] = {name: [] for name in runs}
        cpu_figures: dict[str, list[float]] = {name: [] for name in runs}
        results: dict[str, object] = {}
        for _ in range(args.repeat):  # interleaved, so a noisy moment hits every row alike
            for name, run in runs.items():
                seconds, cpu_seconds, results[name] = timed(run)
                figures[name].append(seconds)
                cpu_figures[name].append(cpu_seconds)
        medians = {name: statistics.median(values) for name, values in figures.items()}
        cpu_medians = {name: statistics.median(values) for name, values in cpu_figures.items()}
    floor_row = "floor: read + json.loads each line"
    base, cpu_base = medians[floor_row], cpu_medians[floor_row]
    report = results[DEFAULT]
    print(f"{args.lines:,}-line manifest ({megabytes:.1f} MB), median of {args.repeat} interleaved runs")
    print(f"{'what':<44} {'seconds':>8} {'ratio':>6} {'CPU s':>7} {'ratio':>6}")
    for name, seconds in medians.items():
        cpu_seconds = cpu_medians[name]
        print(f"{name:<44} {seconds:>8.3f} {seconds / base:>5.2f}x {cpu_seconds:>7.3f} {cpu_seconds / cpu_base:>5.2f}x")
    ratio, cpu_ratio = medians[DEFAULT] / base, cpu_medians[DEFAULT] / cpu_base
    verdict = "meets" if ratio <= GOAL else "misses"
    print(f"default preflight: {report.samples_found:,} samples, {report.problem_total:,} problems, "  # type: ignore[attr-defined]
          f"{len(report.fixes)} fix(es); {ratio:.2f}x the floor ({cpu_ratio:.2f}x in CPU time), {verdict} the "  # type: ignore[attr-defined]
          f"goal of {GOAL}x")
    print(f"its report: {report.how_much_read()}")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
