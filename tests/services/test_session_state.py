"""The session's typed accessors (services/session_state/), tested on plain dicts, without Streamlit."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import types
import typing
from dataclasses import dataclass

import pytest

from services import datasets, drafts, form_state, guide, history, session_state, submit, table_sources, target
from services.session_state import (
    connection,
    dataset_picker,
    grid_edits,
    judgement,
    label_fields,
    obs_browser,
    preflight_panel,
    preview,
    table_source_pickers,
    task_tracker,
    tasks,
    templates,
)


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


# The accessors: services.session_state.SessionView and Slot, and each feature's view


def _views() -> list[type[session_state.SessionView]]:
    for m in pkgutil.iter_modules(session_state.__path__):
        importlib.import_module(f"services.session_state.{m.name}")
    found: list[type[session_state.SessionView]] = []
    pending = list(session_state.SessionView.__subclasses__())
    while pending:
        view = pending.pop()
        if view.__module__.startswith("services."):
            found.append(view)
        pending.extend(view.__subclasses__())
    return found


def _slots(view: type[session_state.SessionView]) -> dict[str, session_state.Slot]:
    return {name: slot for name, slot in vars(view).items() if isinstance(slot, session_state.Slot)}


class _Kept(session_state.SessionView):
    flag: session_state.Slot[bool] = session_state.Slot("_flag", False)
    names: session_state.Slot[list[str]] = session_state.Slot("_names", factory=list)


def test_a_slot_reads_its_default_without_storing_it_and_reads_back_what_was_written():
    state: dict[str, object] = {}
    kept = _Kept(state)
    assert kept.flag is False and state == {}
    kept.flag = True
    assert kept.flag is True and state == {"_flag": True}
    del kept.flag
    assert kept.flag is False and state == {}
    del kept.flag  # forgetting what is not there is no error


def test_a_factory_value_is_stored_on_first_read_so_changes_to_it_stay():
    state: dict[str, object] = {}
    _Kept(state).names.append("dog")
    assert _Kept(state).names == ["dog"] and state == {"_names": ["dog"]}


def test_no_two_sessions_share_a_mutable_value():
    first, second = _Kept({}), _Kept({})
    first.names.append("dog")
    assert second.names == []
    for view in _views():
        for name, slot in _slots(view).items():
            if slot.factory is not None:
                assert getattr(view({}), name) is not getattr(view({}), name), f"{view.__name__}.{name}"


def test_a_slot_refuses_a_mutable_default_both_or_neither_and_the_name_state():
    with pytest.raises(TypeError, match="shared by every session"):
        session_state.Slot("_x", [])
    with pytest.raises(TypeError, match="not both"):
        session_state.Slot("_x", None, factory=dict)
    with pytest.raises(TypeError, match="not both"):
        session_state.Slot("_x")
    with pytest.raises((TypeError, RuntimeError)) as refused:  # 3.11 wraps __set_name__'s error in a RuntimeError
        type("Bad", (session_state.SessionView,), {"state": session_state.Slot("_x", None)})
    assert "is the session itself" in str(refused.value.__cause__ or refused.value)


def test_take_gives_the_value_once():
    state = {"_flag": True}
    assert _Kept.flag.take(_Kept(state)) is True
    assert state == {} and _Kept.flag.take(_Kept(state)) is False


def _hint_namespace() -> dict[str, object]:
    """The names the views' annotations use only for type checking."""
    from models import ImportTaskRequest, ImportTaskStatus, Problem
    from preflight import Expectation, PreflightReport
    from services.imported_samples import Thumbnail
    from services.session_state import judgement

    verdict = tuple[ImportTaskRequest | None, list[Problem], list[Problem]]
    namespace = dict(vars(judgement))
    namespace.update(ImportTaskStatus=ImportTaskStatus, Expectation=Expectation, PreflightReport=PreflightReport,
                     Thumbnail=Thumbnail, Verdict=verdict, datetime=__import__("datetime").datetime)
    return namespace


def _fits(value: object, hint: object) -> bool:
    """Whether `value` is of type `hint` (unions, tuples, lists, dicts and classes: what the slots use)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is typing.Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in args)
    if hint is None or hint is type(None):
        return value is None
    if origin is tuple:
        return isinstance(value, tuple) and len(value) == len(args) and all(map(_fits, value, args))
    if origin is list:
        return isinstance(value, list) and all(_fits(item, args[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict) and all(_fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items())
    return isinstance(value, typing.cast(type, hint))


def test_every_features_slots_are_typed_their_defaults_fit_their_types_and_their_keys_are_the_modules():
    views = _views()
    names = {view.__name__ for view in views}
    assert {"ObsBrowserState", "PreflightState", "FormState", "DraftsState", "GuideState", "TemplatesPageState",
            "ConnectionPageState", "LabelFieldsState", "SubmitPanelState"} <= names
    for view in views:
        module = inspect.getmodule(view)
        keys = {value for value in vars(module).values() if isinstance(value, str)}
        hints = typing.get_type_hints(view, globalns={**vars(module), **_hint_namespace()})
        for name, slot in _slots(view).items():
            where = f"{view.__name__}.{name}"
            assert slot.key in keys, f"{where}: its key is not one of its module's"
            hint = hints[name]
            assert typing.get_origin(hint) is session_state.Slot, where
            (value_type,) = typing.get_args(hint)
            value = getattr(view({}), name)
            assert _fits(value, value_type), f"{where}: {value!r} is not a {value_type}"
            assert not _fits(object(), value_type), f"{where}: typed too loosely to check"


def test_the_obs_browser_opens_at_a_folder_walks_its_pages_and_shows_a_pick_once():
    state: dict[str, object] = {}
    browser = obs_browser.ObsBrowserState(state)
    browser.open_at("bucket-1", "images/")
    assert (browser.open, browser.bucket, browser.prefix, browser.markers) == (True, "bucket-1", "images/", [None])
    browser.more("m-2")
    assert browser.markers == [None, "m-2"]
    browser.go("images/cats/")
    assert (browser.prefix, browser.markers) == ("images/cats/", [None])
    browser.picked = "s3://bucket-1/images/"
    assert browser.take_picked() == "s3://bucket-1/images/" and browser.take_picked() is None
    assert browser.uploader_version == 0 and browser.take_pending() is None and browser.take_uploaded() is None


def test_cached_verdicts_and_previews_answer_only_for_the_same_body():
    judged = judgement.JudgementState({})
    assert judged.verdict("{}", 1) is None
    judged.keep("{}", 1, (None, [], []))
    assert judged.verdict("{}", 1) == (None, [], []) and judged.verdict("{}", 3) is None
    shown = preview.PreviewState({})
    shown.keep("{}", False, False, "block", False)
    assert shown.block("{}", False, False) == ("block", False)
    assert shown.block("{}", True, False) is None and shown.block("{}", False, True) is None


def test_a_check_remembers_what_it_expected_per_task():
    checked = preflight_panel.PreflightState({})
    assert checked.checked is None and checked.expected("t-1") is None
    expectation = object()
    checked.expectations["t-1"] = expectation  # type: ignore[assignment]
    assert preflight_panel.PreflightState(checked.state).expected("t-1") is expectation


def test_the_tasks_page_shows_more_and_starts_from_composes_dataset_once():
    state: dict[str, object] = {}
    page = tasks.TasksPageState(state)
    assert page.shown(20) == 20
    page.show_more(20)
    assert page.shown(20) == 40
    page.start_dataset("ds-1")
    page.start_dataset("ds-2")
    assert state[tasks.DATASET] == "ds-1"


def test_boxes_keyed_by_name_are_read_through_their_feature():
    state: dict[str, object] = {connection.setting("MODELARTS_AK"): "ak"}
    state[label_fields.NEW_NAME + "included_labels"] = " Dog "
    page = connection.ConnectionPageState(state)
    assert page.typed("MODELARTS_AK") == "ak" and page.typed("MODELARTS_SK") == ""
    page.clear("MODELARTS_AK")
    assert page.typed("MODELARTS_AK") == "" and page.method == "token" and page.where == "region"
    labels = label_fields.LabelFieldsState(state)
    assert labels.typed_name("included_labels") == "Dog"
    labels.clear_typed_name("included_labels")
    assert labels.typed_name("included_labels") == ""
    state[templates.shared_toggle("t")] = True
    assert templates.TemplatesPageState(state).shared("t") and not templates.TemplatesPageState(state).shared("u")
    state[table_source_pickers.picker("dli_databases", "")] = "db"
    assert table_source_pickers.TableSourcePickersState(state).chosen("dli_databases", "") == "db"
    state["_grid_0"] = {"edited_rows": {}}
    edits = grid_edits.GridEditsState(state)
    assert edits.editor_drawn("_grid_0") and edits.editor_edits("_grid_0") == {"edited_rows": {}}
    assert not edits.editor_drawn("_grid_1") and edits.editor_edits("_grid_1") == {}
    pickers = dataset_picker.DatasetPickerState({form_state.DATASET_ID: "ds-1"})
    assert pickers.chosen(form_state.DATASET_ID) == "ds-1" and pickers.chosen("_tasks_dataset_id") is None
    pickers.forget(form_state.DATASET_ID)
    assert pickers.chosen(form_state.DATASET_ID) is None


def test_the_forms_own_keys_are_read_through_form_state():
    state = form_state.empty_state()
    form = form_state.FormState(state)
    assert form.dataset_id is None and form.secrets == {} and form.schema_maps == []
    form.secrets["data_source.source_info.user_password"] = "pw"
    assert form_state.secret_value(state, "data_source.source_info.user_password") == "pw"
