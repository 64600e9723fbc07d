"""Thousands of labels: the included-labels picker only adds beyond a page, the grid takes labels out, and the
body preview folds long lists (issue 18)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components import grid_edits, label_fields
from components.preview import FOLD_BEYOND, FOLD_SHOWN, folded
from services import form_state
from services.session_state.label_fields import ADD_PICK, LABEL_GRID
from services.session_state.preview import UNFOLD

from .conftest import SandboxView, preview, preview_text, texts
from .portal import pick, run

ADD = ADD_PICK + "included_labels"


def load(at: AppTest, labels: int, **fields: Any) -> None:
    body = {
        "import_path": "s3://test-obs/daoLu_images/cat-dog/",
        "included_labels": [{"name": f"label-{i}", "type": 0} for i in range(labels)],
        **fields,
    }
    at.text_area(key="request_json").input(json.dumps(body))
    at.button[[b.label for b in at.button].index("Fill the form")].click()
    run(at)


def open_labels(at: AppTest) -> None:
    at.session_state["_labels_open"] = True
    run(at)


def test_beyond_a_page_the_picker_only_adds_and_keeps_no_chips(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-image-classification")  # its labels: cat, dog
    load(app, label_fields.PAGE_SIZE + 1)
    open_labels(app)
    assert [m.key for m in app.multiselect] == [ADD, "excluded_labels"]  # no picker holding 101 chips
    options = app.multiselect(key=ADD).options  # the dataset's labels (other tests may have added some)
    assert {"cat", "dog"} <= set(options) and not any(o.startswith("label-") for o in options)
    assert app.multiselect(key=ADD).value == []
    assert "Included labels: 101, listed in the grid below" in app.multiselect(key=ADD).label
    app.multiselect(key=ADD).set_value(["dog", "label-0"])  # label-0 is there already: not twice
    run(app)
    sent = [label["name"] for label in preview(app, whole=True)["included_labels"]]
    assert len(sent) == 102 and sent[-1] == "dog" and sent.count("label-0") == 1
    assert app.multiselect(key=ADD).value == []
    assert "cat" in app.multiselect(key=ADD).options and "dog" not in app.multiselect(key=ADD).options
    assert any(e.label.startswith("3 · Labels · 102 included") for e in app.expander)


def test_back_within_a_page_the_chips_return(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-image-classification")
    load(app, label_fields.PAGE_SIZE + 1)
    open_labels(app)
    load(app, 3)
    assert app.multiselect(key="included_labels").value == ["label-0", "label-1", "label-2"]
    assert ADD not in [m.key for m in app.multiselect]


def test_the_grid_takes_a_label_out_and_keeps_its_definition(monkeypatch: pytest.MonkeyPatch) -> None:
    session: dict[str, Any] = {
        "included_labels": ["cat", "dog", "bird"],
        form_state.LABEL_DEFS: {"dog": {"type": 0, "property": {"@modelarts:color": "#FF0000"}}},
        form_state.PRESENT: set(),
    }
    monkeypatch.setattr(label_fields.st, "session_state", session)
    monkeypatch.setattr(grid_edits.st, "session_state", session)
    rows = [{"name": name, **session[form_state.LABEL_DEFS].get(name, {})} for name in session["included_labels"]]
    key, _base = grid_edits.grid(LABEL_GRID, rows)
    session[key] = {"edited_rows": {1: {"included": False}, 2: {"shortcut": "B"}}}
    label_fields._apply_label_edits(key)
    assert session["included_labels"] == ["cat", "bird"]
    assert session[form_state.LABEL_DEFS]["dog"] == {"type": 0, "property": {"@modelarts:color": "#FF0000"}}
    assert session[form_state.LABEL_DEFS]["bird"] == {"property": {"@modelarts:shortcut": "B"}}
    body = form_state.body_from_state(session)
    assert [label["name"] for label in body["included_labels"]] == ["cat", "bird"]
    session[key] = {"edited_rows": {1: {"included": True}}}  # ticked again before anything else: still there
    label_fields._apply_label_edits(key)
    assert "included" not in session[form_state.LABEL_DEFS]["dog"]


def test_a_long_list_is_shown_folded_until_asked_whole(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-image-classification")
    count = FOLD_BEYOND + 10
    load(app, count)
    text = preview_text(app)
    assert text is not None
    assert f"… and {count - FOLD_SHOWN} more, not shown ({count} in all)" in text
    assert f'"label-{FOLD_SHOWN - 1}"' in text and f'"label-{FOLD_SHOWN}"' not in text
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)  # the fold line is no JSON: a copy of the folded view cannot pass for the body
    assert app.toggle(key=UNFOLD).value is False
    whole = preview(app, whole=True)
    assert [label["name"] for label in whole["included_labels"]] == [f"label-{i}" for i in range(count)]
    assert "not shown" not in (preview_text(app) or "")
    load(app, 3)
    assert UNFOLD not in [toggle.key for toggle in app.toggle]  # nothing to fold: no switch
    assert "not shown" not in texts(app)


def test_folding_copies_only_what_it_cuts_and_no_value_passes_for_its_mark() -> None:
    short = {"values": [{"value": "a"}]}
    body = {
        "included_labels": [{"name": f"n{i}", "attributes": [short] * (FOLD_BEYOND + 1)} for i in range(3)],
        "data_source": {"schema_maps": [{"src_name": "a", "dest_name": "b"}]},
    }
    shown, cut = folded(body)
    assert cut and shown["data_source"] is body["data_source"]  # untouched parts are shared, not copied
    first = shown["included_labels"][0]["attributes"]
    assert len(first) == FOLD_SHOWN + 1 and first[0] is short
    assert body["included_labels"][0]["attributes"][FOLD_SHOWN] is short  # the body itself is left whole
    assert folded({"a": [1] * FOLD_BEYOND}) == ({"a": [1] * FOLD_BEYOND}, False)
    typed = {"import_path": "fold-0000000000000000:5:10"}  # what a mark looks like, but not this process's
    assert folded(typed) == (typed, False)
