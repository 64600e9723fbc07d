"""What saving the draft on every change costs: a change's rerun with the save, against the same rerun without it.

    python3 -m bench.draft_save [--reruns 20]

Each rerun makes one change (the "Hard examples only" switch flips), so each one writes the draft to the
store (SQLite in a temporary data folder), with 0 and with 500 labels in the form. The rerun "without" is
the same app with `services.drafts.save` replaced by a function that saves nothing; the two alternate.
The write itself runs on the draft writer's thread, during the rerun (it holds the GIL part of the time, so
it is counted); the previous change's write is finished before the next change, as when a person makes them.
Figures are medians of N reruns in this process; the ratio is what counts.
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

from bench.rerun_cost import ROOT, body
from sandbox.launcher import start_sandbox
from services import drafts

GOAL = 1.2  # a change's rerun with its draft saved, against the same rerun without


def change_reruns(labels: int, reruns: int) -> tuple[float, float]:
    """Median times of a rerun that flips one switch (one change), without and with its draft saved: the two
    alternate in one app, so a change in the machine's load touches both alike."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    datasets = at.selectbox(key="dataset_id").options
    at.selectbox(key="dataset_id").select_index(len(datasets) - 1).run()
    if labels:
        at.text_area(key="request_json").input(json.dumps(body(labels)))
        at.button[[b.label for b in at.button].index("Fill the form")].click().run()
    saving = drafts.save
    times: dict[bool, list[float]] = {False: [], True: []}
    try:
        for index in range(2 * reruns):
            with_save = index % 2 == 1
            drafts.save = saving if with_save else _no_save  # type: ignore[assignment]
            drafts.wait_for_saves()  # one change per user action: the last one's write is done, as seconds later
            switch = at.toggle(key="difficult_only")
            switch.set_value(not switch.value)
            start = time.perf_counter()
            at.run()
            times[with_save].append(time.perf_counter() - start)
            assert not at.exception, [e.value for e in at.exception]
    finally:
        drafts.save = saving  # type: ignore[assignment]
    return statistics.median(times[False]), statistics.median(times[True])


def _no_save(session: object = None, body_key: str | None = None) -> bool:
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as data:
        sandbox = start_sandbox(Path(data) / "sandbox", port=0)
        os.environ["IMPORT_COMPOSER_SANDBOX_URL"] = sandbox.url
        os.environ["IMPORT_COMPOSER_DATA"] = data
        try:
            rows = [(labels, *change_reruns(labels, args.reruns)) for labels in (0, 500)]
        finally:
            sandbox.stop()
    print(f"A change's rerun with and without its draft saved, median of {args.reruns} reruns (AppTest, SQLite)")
    print(f"{'labels':<8}{'without ms':>12}{'with save ms':>14}{'ratio':>8}")
    for labels, without, with_save in rows:
        print(f"{labels:<8}{without * 1000:>12.1f}{with_save * 1000:>14.1f}{with_save / without:>8.2f}")
    worst = max(with_save / without for _, without, with_save in rows)
    print(f"worst ratio {worst:.2f} (goal ≤ {GOAL}): {'met' if worst <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
