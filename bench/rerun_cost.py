"""Rerun cost of the compose page with 0, 50 and 500 labels, against an empty Streamlit page.

    python3 -m bench.rerun_cost [--reruns 20]

Labels (3 attributes each) are loaded through the `request_json` box, as a user would paste them.
Each figure is the median of N reruns in this process; the ratios are what count.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.preview import BODY_CLASS
from sandbox.launcher import start_sandbox

ROOT = Path(__file__).resolve().parent.parent
EMPTY_PAGE = 'import streamlit as st\nst.write("")\n'
GOAL = 1.5


def body(labels: int) -> dict:
    return {
        "import_type": "manifest",
        "import_path": "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest",
        "included_labels": [
            {
                "name": f"label-{i:03d}",
                "type": 0,
                "property": {"@modelarts:color": "#3366FF"},
                "attributes": [{"name": f"attr-{j}", "type": "text"} for j in range(3)],
            }
            for i in range(labels)
        ],
    }


def median_rerun(at: AppTest, reruns: int) -> float:
    times = []
    for _ in range(reruns):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    return statistics.median(times)


def compose_page(labels: int, reruns: int, labels_open: bool = False) -> float:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    datasets = at.selectbox(key="dataset_id").options
    at.selectbox(key="dataset_id").select_index(len(datasets) - 1).run()
    if labels:
        at.text_area(key="request_json").input(json.dumps(body(labels)))
        at.button[[b.label for b in at.button].index("Fill the form")].click().run()
        shown = next(h.value for h in at.html if f"class='{BODY_CLASS}'" in h.value)  # the body's <pre>
        assert len(json.loads(html.unescape(re.sub(r"<[^>]*>", "", shown)))["included_labels"]) == labels
    if labels_open:
        at.session_state["_labels_open"] = True
        at.run()
        assert at.multiselect(key="included_labels").value == [f"label-{i:03d}" for i in range(labels)]
    return median_rerun(at, reruns)


def empty_page(reruns: int) -> float:
    at = AppTest.from_string(EMPTY_PAGE, default_timeout=60)
    at.run()
    return median_rerun(at, reruns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        sandbox = start_sandbox(Path(data) / "sandbox", port=0)
        os.environ["IMPORT_COMPOSER_SANDBOX_URL"] = sandbox.url
        os.environ["IMPORT_COMPOSER_DATA"] = data
        try:
            baseline = empty_page(args.reruns)
            rows = [(f"compose, {n} labels", compose_page(n, args.reruns)) for n in (0, 50, 500)]
            rows += [(f"  labels section open, {n}", compose_page(n, args.reruns, True)) for n in (0, 50, 500)]
        finally:
            sandbox.stop()
    none = rows[0][1]
    print(f"Compose page rerun cost, median of {args.reruns} reruns (AppTest)")
    print("The labels section starts collapsed and is not drawn until opened; both states are measured.")
    print(f"{'page':<28}{'median ms':>10}{'× empty':>10}{'× 0 labels':>12}")
    print(f"{'empty Streamlit page':<28}{baseline * 1000:>10.1f}{1:>10.2f}{'':>12}")
    for name, seconds in rows:
        print(f"{name:<28}{seconds * 1000:>10.1f}{seconds / baseline:>10.2f}{seconds / none:>12.2f}")
    ratio = rows[2][1] / none
    opened = rows[5][1] / rows[3][1]
    print(f"(labels section open: 500 labels / 0 labels = {opened:.2f})")
    print(f"500 labels / 0 labels = {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
