"""form_state.state_from_body: a loaded body comes back as it was, and the form holds its labels compactly."""

from __future__ import annotations

import copy

from services import form_state


def labels_body() -> dict:
    return {
        "import_path": "s3://b/f/",
        "included_labels": [
            {"name": f"label-{i}", "type": 0, "property": {"@modelarts:color": "#3366FF"},
             "attributes": [{"name": f"attr-{j}", "type": "text"} for j in range(3)]}
            for i in range(3)
        ] + [{"name": "bare"}, {"type": 1}],  # only a name; no name at all
        "excluded_labels": [{"name": "skip"}],
    }


def test_a_loaded_body_comes_back_as_it_was() -> None:
    body = labels_body()
    kept = copy.deepcopy(body)
    state = form_state.state_from_body(body)
    assert form_state.body_from_state(state) == kept
    assert body == kept  # the input is left as it was


def test_labels_share_equal_strings_but_no_dict_or_list() -> None:
    state = form_state.state_from_body(labels_body())
    first, second = (state[form_state.LABEL_DEFS][f"label-{i}"] for i in (0, 1))
    assert first["attributes"][0]["type"] is second["attributes"][0]["type"]
    assert first["property"]["@modelarts:color"] is second["property"]["@modelarts:color"]
    assert first["attributes"] is not second["attributes"] and first["property"] is not second["property"]
    assert first["attributes"][0] is not second["attributes"][0]
    first["property"]["@modelarts:color"] = "#FF0000"  # the form edits one label: the others keep theirs
    assert second["property"]["@modelarts:color"] == "#3366FF"


def test_a_label_that_is_only_a_name_keeps_no_definition() -> None:
    state = form_state.state_from_body(labels_body())
    assert "bare" in state["included_labels"] and "bare" not in state[form_state.LABEL_DEFS]
    assert "skip" not in state[form_state.EXCLUDED_DEFS]
    again = form_state.state_from_body({"included_labels": [{"name": "x", "type": 0}, {"name": "x"}]})
    assert "x" not in again[form_state.LABEL_DEFS]  # the last of a repeated name wins, as before
