"""Rerun cost of the compose page with 0 to 2,000 labels, against an empty Streamlit page.

    python3 -m bench.rerun_cost [--reruns 20]

Labels (3 attributes each) are loaded through the `request_json` box, as a user would paste them. Every
configuration is its own AppTest, all in this process; their reruns alternate, so a noisy moment hits each
alike. Each figure is the median of N reruns; the ratios are what count. Two goals:
- the page as it opens (the labels section collapsed): 500 labels within 1.5× no labels;
- the labels section open: 2,000 labels within 1.3× no labels (issue 18). Its editor draws nothing until
  some labels are included, so the row with 5 labels shows what the editor itself costs, and 2,000 / 5 what
  the number of labels adds to it.
"""

from __future__ import annotations

import argparse
import json
import os
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
OPEN_GOAL = 1.3
CLOSED = (0, 50, 500)
OPENED = (0, 5, 500, 2000)


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


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, [e.value for e in at.exception]
    return elapsed


def compose_page(labels: int, labels_open: bool = False) -> AppTest:
    """The compose page with a dataset chosen and `labels` loaded, run once."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    datasets = at.selectbox(key="dataset_id").options
    at.selectbox(key="dataset_id").select_index(len(datasets) - 1).run()
    if labels:
        at.text_area(key="request_json").input(json.dumps(body(labels)))
        at.button[[b.label for b in at.button].index("Fill the form")].click().run()
        assert any(f"class='{BODY_CLASS}'" in h.value for h in at.html)  # the body's preview is drawn
        assert len(at.session_state["included_labels"]) == labels
    if labels_open:
        at.session_state["_labels_open"] = True
        at.run()
        assert any(e.label.startswith("3 · Labels") for e in at.expander)  # the section, drawn open
        assert at.session_state["included_labels"] == [f"label-{i:03d}" for i in range(labels)]
    return at


def empty_page() -> AppTest:
    at = AppTest.from_string(EMPTY_PAGE, default_timeout=60)
    at.run()
    return at


def measure(reruns: int, closed: tuple[int, ...] = CLOSED, opened: tuple[int, ...] = OPENED) -> dict[str, float]:
    """Median rerun seconds per configuration ("empty", "closed N", "open N"); needs a sandbox in the env."""
    pages = {"empty": empty_page()}
    pages.update({f"closed {n}": compose_page(n) for n in closed})
    pages.update({f"open {n}": compose_page(n, labels_open=True) for n in opened})
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(reruns):
        for name, at in pages.items():
            times[name].append(timed_run(at))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        sandbox = start_sandbox(Path(data) / "sandbox", port=0)
        os.environ["IMPORT_COMPOSER_SANDBOX_URL"] = sandbox.url
        os.environ["IMPORT_COMPOSER_DATA"] = data
        try:
            medians = measure(args.reruns)
        finally:
            sandbox.stop()
    baseline = medians["empty"]
    print(f"Compose page rerun cost, median of {args.reruns} alternating reruns (AppTest)")
    print("The labels section starts collapsed and is not drawn until opened; both states are measured.")
    print(f"{'page':<30}{'median ms':>10}{'× empty':>10}{'× 0 labels':>12}")
    print(f"{'empty Streamlit page':<30}{baseline * 1000:>10.1f}{1:>10.2f}{'':>12}")
    for state, sizes in (("closed", CLOSED), ("open", OPENED)):
        none = medians[f"{state} 0"]
        for n in sizes:
            name = f"compose, {n} labels" if state == "closed" else f"  labels section open, {n}"
            seconds = medians[f"{state} {n}"]
            print(f"{name:<30}{seconds * 1000:>10.1f}{seconds / baseline:>10.2f}{seconds / none:>12.2f}")
    ratio = medians["closed 500"] / medians["closed 0"]
    opened = medians["open 2000"] / medians["open 0"]
    editor = medians["open 2000"] / medians["open 5"]
    print(f"labels section open: 2,000 labels / 5 labels = {editor:.2f} (what the number of labels adds)")
    print(f"labels section open: 2,000 labels / 0 labels = {opened:.2f} (goal ≤ {OPEN_GOAL}): "
          f"{'met' if opened <= OPEN_GOAL else 'MISSED'}")
    print(f"500 labels / 0 labels = {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
