"""Issue 14 through AppTest and plain functions: no page changes another page's form, grids keep what is being
typed, labels by exact name, and the smaller things (point 12). The browser side is tests/browser/test_core_path.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components import grid_edits
from components.label_fields import _label_changes, shared_shortcuts
from components.label_format_fields import same_file_example
from components.task_tracker import failure_advice
from models import SANDBOX_UNREACHABLE, SOURCES, ImportTaskRequest, ImportTaskStatus
from models.legacy import legacy_forms

from .conftest import SandboxView, preview, texts
from .portal import pick, run, type_into

TASKS = "pages/tasks.py"
COMPOSE = "pages/compose.py"


# point 2: no page changes another page's form


def test_the_tasks_page_picker_never_changes_composes_dataset(app: AppTest, sandbox_view: SandboxView) -> None:
    chosen = pick(app, sandbox_view, "demo-image-classification")
    app.switch_page(TASKS)
    run(app)
    app.segmented_control(key="_tasks_view").set_value("dataset")
    run(app)
    other = sandbox_view.dataset_id("demo-table-iris")
    app.selectbox(key="_tasks_dataset_id").set_value(other)
    run(app)
    assert app.session_state["dataset_id"] == chosen
    app.switch_page(COMPOSE)
    run(app)
    assert app.selectbox(key="dataset_id").value == chosen


def test_a_history_entry_that_changes_the_dataset_says_so(app: AppTest, sandbox_view: SandboxView) -> None:
    from components.draft_bar import fill_form
    from services.session_state.draft_bar import DraftBarState

    first = pick(app, sandbox_view, "demo-image-classification")
    other = sandbox_view.dataset_id("demo-object-detection")
    session: dict[str, Any] = {"dataset_id": first}
    import streamlit as st

    original = st.session_state
    try:
        st.session_state = session  # type: ignore[assignment]
        fill_form({"import_type": "dir"}, "The form now holds submission #7 from the history.", other)
    finally:
        st.session_state = original  # type: ignore[assignment]
    assert session["dataset_id"] == other
    assert f"The dataset is now {other} (it was {first})." in (DraftBarState(session).form_notice or "")


# point 4: a grid keeps its identity while it is edited


def _set(row: dict[str, Any], changes: dict[str, Any]) -> None:
    row.update({column: value for column, value in changes.items() if value is not None})


def _apply(base: list[dict[str, Any]], edits: dict[str, Any]) -> list[dict[str, Any]]:
    return grid_edits.apply_row_edits(base, edits, _set)


def test_a_grid_keeps_its_key_while_edited_and_starts_again_only_after_a_change_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session: dict[str, Any] = {}
    monkeypatch.setattr(grid_edits.st, "session_state", session)
    key, base = grid_edits.grid("g", [{"name": "colour"}])
    session[key] = {"added_rows": [{}]}  # "Add row": the browser sends the empty row at once
    rows = grid_edits.edited("g", key, _apply)
    assert rows == [{"name": "colour"}]  # no row yet: the page around the grid does not change
    assert grid_edits.grid("g", rows) == (key, base)  # the same grid: the row being typed in stays
    session[key] = {"added_rows": [{"name": "size"}], "edited_rows": {0: {"name": "hue"}}}
    rows = grid_edits.edited("g", key, _apply)
    assert rows == [{"name": "hue"}, {"name": "size"}]  # every edit since the snapshot, applied once
    assert grid_edits.grid("g", rows)[0] == key
    changed_elsewhere, base = grid_edits.grid("g", [{"name": "loaded"}])  # e.g. a pasted body
    assert changed_elsewhere != key and base == [{"name": "loaded"}]
    session.pop(changed_elsewhere, None)
    rows = [{"name": "loaded"}, {"name": "more"}]
    session[changed_elsewhere] = {"added_rows": [{"name": "more"}]}
    grid_edits.edited("g", changed_elsewhere, _apply)
    del session[changed_elsewhere]  # the grid was not drawn in a run: its state is gone, its edits are in rows
    again, base = grid_edits.grid("g", rows)
    assert again != changed_elsewhere and base == rows


def test_deleted_rows_count_from_the_snapshot() -> None:
    rows = _apply([{"n": 0}, {"n": 1}, {"n": 2}], {"deleted_rows": [0, 2], "edited_rows": {1: {"n": 10}}})
    assert rows == [{"n": 10}]


# point 5: a case-variant by its exact name


def test_a_name_typed_in_the_name_box_is_added_exactly(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-image-classification")  # its labels: cat, dog
    app.session_state["_labels_open"] = True
    run(app)
    app.multiselect(key="included_labels").set_value(["dog"])
    run(app)
    type_into(app, "_new_name_included_labels", " Dog ")
    type_into(app, "_new_name_included_labels", "dog")  # already there: not twice
    assert [label["name"] for label in preview(app)["included_labels"]] == ["dog", "Dog"]
    assert app.text_input(key="_new_name_included_labels").value == ""
    assert app.multiselect(key="included_labels").value == ["dog", "Dog"]  # the section stayed open (point 3)


# point 4: a new attribute starts in a text box, which keeps every key (the grid adds no rows)


def test_an_attribute_typed_in_its_box_is_added_and_shown_in_the_grid(
    app: AppTest, sandbox_view: SandboxView
) -> None:
    pick(app, sandbox_view, "demo-image-classification")
    app.session_state["_labels_open"] = True
    run(app)
    app.multiselect(key="included_labels").set_value(["cat"])
    run(app)
    assert not [e for e in app.dataframe if "_attribute_editor_cat" in str(e.proto.id)]  # none yet
    type_into(app, "_new_attribute_cat", " size ")
    assert app.text_input(key="_new_attribute_cat").value == ""
    assert preview(app)["included_labels"] == [{"name": "cat", "attributes": [{"name": "size"}]}]
    type_into(app, "_new_attribute_cat", "size")  # the service takes a repeated name (a rule warns)
    assert preview(app)["included_labels"] == [{"name": "cat", "attributes": [{"name": "size"}, {"name": "size"}]}]
    assert [e for e in app.dataframe if "_attribute_editor_cat" in str(e.proto.id)]  # to edit


# point 12


def test_load_json_says_which_older_forms_it_converted(app: AppTest) -> None:
    pasted = {"import_type": 1, "import_path": "s3://test-obs/a.manifest", "included_tags": ["cat", "dog"]}
    app.text_area(key="request_json").input(json.dumps(pasted))
    next(b for b in app.button if b.label == "Fill the form").click()
    run(app)
    shown = texts(app)
    assert "Older forms in it were converted" in "\n".join(i.value for i in app.info)
    assert "import_type 1 was read as \"manifest\"." in shown
    assert "included_tags (its old name) was read as included_labels." in shown
    assert "label names given as text ('cat', 'dog') were read as labels" in shown
    assert preview(app)["included_labels"] == [{"name": "cat"}, {"name": "dog"}]


def test_a_current_body_is_loaded_without_a_word_about_conversion() -> None:
    assert legacy_forms({"import_type": "dir", "included_labels": [{"name": "cat"}]}) == []
    assert legacy_forms({"import_type": True}) == []  # refused by the model, not "converted"


def test_the_grid_keeps_a_bad_colour_for_the_models_to_name_and_notes_a_shared_shortcut() -> None:
    definition: dict[str, Any] = {}
    _label_changes(definition, {"colour": "red", "shortcut": "D"})
    assert definition == {"property": {"@modelarts:color": "red", "@modelarts:shortcut": "D"}}  # nothing dropped
    body = {"import_type": "dir", "included_labels": [{"name": "cat", **definition}]}
    from pydantic import ValidationError

    from models import field_problems

    with pytest.raises(ValidationError) as refused:
        ImportTaskRequest.model_validate(body)
    assert "Colour must be a hexadecimal colour" in " ".join(str(p.text) for p in field_problems(refused.value))
    defs = {name: {"property": {"@modelarts:shortcut": key}} for name, key in (("cat", "d"), ("dog", "D"), ("ox", "o"))}
    assert shared_shortcuts(["cat", "dog", "ox"], defs) == [
        "Shortcut D is given to cat, dog: a key calls up one label only. Give each its own."
    ]


def test_the_text_format_example_follows_the_separators_chosen(app: AppTest, sandbox_view: SandboxView) -> None:
    assert same_file_example(";", "|").splitlines()[1] == "Battery died in a day;negative|hardware"
    assert same_file_example("\t", ",").splitlines()[1] == "Battery died in a day⇥negative,hardware"
    pick(app, sandbox_view, "demo-text-classification")
    app.selectbox(key="label_format.text_sample_separator").set_value(";")
    run(app)
    app.selectbox(key="label_format.text_label_separator").set_value("custom")
    run(app)
    type_into(app, "label_format.text_label_separator__custom", "~")
    example = next(c.value for c in app.code if "Battery" in c.value)
    assert "Battery died in a day;negative~hardware" in example
    assert "(semicolon, '~')" in texts(app)


def test_the_custom_separator_box_shows_no_character_counter(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-text-classification")
    app.selectbox(key="label_format.text_sample_separator").set_value("custom")
    run(app)
    box = app.text_input(key="label_format.text_sample_separator__custom")
    assert not box.max_chars  # a limit draws a "1/2" counter under a box meant for one character
    type_into(app, "label_format.text_sample_separator__custom", "ab")
    assert "Before sending: correct Text-label separator" in texts(app)  # the models say what is wrong


@pytest.mark.parametrize("source", [kind for kind, spec in SOURCES.items() if "sandbox" not in spec.check_source])
def test_the_sandbox_says_before_sending_which_sources_it_cannot_read(
    app: AppTest, sandbox_view: SandboxView, source: str
) -> None:
    pick(app, sandbox_view, "demo-table-iris")
    app.selectbox(key="import_origin").set_value(source)
    run(app)
    assert any("The local sandbox cannot read" in i.value for i in app.info)
    app.selectbox(key="import_origin").set_value("mrs")
    run(app)
    assert not any("The local sandbox cannot read" in i.value for i in app.info)


def test_a_task_the_sandbox_could_not_read_is_not_blamed_on_a_field() -> None:
    status = ImportTaskStatus.model_validate(
        {"status": "FAILED", "error_code": SANDBOX_UNREACHABLE, "error_msg": "The sandbox has no GaussDB(DWS)."}
    )
    explanation, fix = failure_advice(status)
    assert "cannot read this source" in explanation
    assert "correct" not in fix.lower() and "Huawei Cloud" in fix
