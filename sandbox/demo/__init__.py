"""The sandbox's demo data: files under obs/ and hdfs/ (made by make_demo.py), the demo datasets
(datasets.json) and what importing each demo path gives (expected.json, also as EXPECTED)."""

import json
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DATASETS: list[dict] = json.loads((DEMO_DIR / "datasets.json").read_text(encoding="utf-8"))["datasets"]
EXPECTED: dict = json.loads((DEMO_DIR / "expected.json").read_text(encoding="utf-8"))
IMPORTS: list[dict] = EXPECTED["imports"]
SPEC_EXAMPLES: list[dict] = [entry for entry in IMPORTS if entry["name"].startswith("spec example")]
