"""Layout readers: the single implementation of each import layout of the service (reference §5).

Used by the sandbox to import and by the preflight to check a source before submitting.
"""

from .plan import ImportPlan, plan_import
from .source import read_source
from .types import ImportFailure, SampleAnnotation, SourceProblem, SourceSample

__all__ = [
    "ImportFailure",
    "ImportPlan",
    "SampleAnnotation",
    "SourceProblem",
    "SourceSample",
    "plan_import",
    "read_source",
]
