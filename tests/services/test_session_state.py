"""The session's typed accessors (services/session_state/), tested on plain dicts, without Streamlit."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass

from services import datasets, drafts, form_state, guide, history, session_state, submit, table_sources, target
from services.session_state import dataset_picker, preflight_panel, task_tracker


@dataclass
class _Checked:
    dataset_id: str


def test_checked_dataset_id_is_none_before_a_check_and_the_dataset_after_one():
    assert preflight_panel.checked_dataset_id({}) is None
    assert preflight_panel.checked_dataset_id({preflight_panel.CHECKED: _Checked("ds-1")}) == "ds-1"


def test_the_guide_moves_past_check_only_once_the_source_was_checked_for_the_chosen_dataset():
    demo = guide.demos()[0]
    state = {guide.DEMO: demo.dataset_name, "import_path": demo.path}
    assert guide.step(state, "ds-1") == "check"
    state[preflight_panel.CHECKED] = _Checked("ds-other")
    assert guide.step(state, "ds-1") == "check"
    state[preflight_panel.CHECKED] = _Checked("ds-1")
    assert guide.step(state, "ds-1") == "submit"


def test_observed_reads_what_the_tracker_saw_and_none_for_an_unknown_task():
    seen = object()
    state = {task_tracker.CACHE: {"t-1": seen}}
    assert task_tracker.observed(state, "t-1") is seen
    assert task_tracker.observed(state, "t-2") is None
    assert task_tracker.observed({}, "t-1") is None


def test_the_forms_dataset_is_read_from_its_own_key():
    assert form_state.dataset_id({}) is None
    assert form_state.dataset_id({form_state.DATASET_ID: "ds-1"}) == "ds-1"


def test_the_compose_pickers_type_filter_keeps_its_key_and_another_pickers_gets_its_own():
    assert dataset_picker.type_filter(form_state.DATASET_ID) == dataset_picker.TYPE_FILTER
    assert dataset_picker.type_filter("_tasks_dataset_id") != dataset_picker.TYPE_FILTER


def test_no_two_features_share_a_key():
    owners: dict[str, list[str]] = {}
    modules = [importlib.import_module(f"services.session_state.{m.name}") for m in
               pkgutil.iter_modules(session_state.__path__)]
    for module in [*modules, datasets, drafts, form_state, guide, history, submit, table_sources, target]:
        for node in ast.parse(inspect.getsource(module)).body:  # defined here, not imported
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                value = node.value.value
                if isinstance(value, str) and value.startswith("_"):
                    owners.setdefault(value, []).append(f"{module.__name__}.{ast.unparse(node.targets[0])}")
    assert len(owners) > 60  # the scan sees the keys
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == {}
