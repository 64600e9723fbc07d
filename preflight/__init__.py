"""Preflight: check an import's source before submitting, with the sandbox's own layout readers.

    report = check_source(request, dataset, storage)      # storage: LocalStorage, S3Storage, ...
    report.labels, report.problems, report.fixes, report.expectation
    shortfall = compare(report.expectation, finished_status)  # after the import

No Streamlit here; the app's panel is components/preflight_panel.py.
"""

from .check import DEFAULT_LIST_LIMIT, DEFAULT_MAX_FILES, check_source
from .compare import Shortfall, compare
from .errors import SourceUnreadable
from .labels import reconcile
from .reading import ReadingStorage, ReadStats
from .report import Expectation, LabelFix, LabelRow, PreflightReport, Preview
from .s3 import S3Storage, obs_endpoint
from .sandbox_http import SandboxObjectsStorage

__all__ = [
    "DEFAULT_LIST_LIMIT",
    "DEFAULT_MAX_FILES",
    "Expectation",
    "LabelFix",
    "LabelRow",
    "PreflightReport",
    "Preview",
    "ReadStats",
    "ReadingStorage",
    "S3Storage",
    "SandboxObjectsStorage",
    "Shortfall",
    "SourceUnreadable",
    "check_source",
    "compare",
    "obs_endpoint",
    "reconcile",
]
