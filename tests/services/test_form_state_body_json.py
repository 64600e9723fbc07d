"""form_state.body_json: the body's JSON is written again only when the body changed, and every change counts."""

from __future__ import annotations

import json

from services import form_state


def test_the_same_body_gives_the_same_text_without_writing_it_again() -> None:
    state: dict = {}
    label = {"name": "cat", "property": {"@modelarts:color": "#FF0000"}}
    body = {"import_path": "s3://b/f/", "included_labels": [label]}
    first = form_state.body_json(state, body)
    assert json.loads(first) == body
    assert form_state.body_json(state, json.loads(json.dumps(body))) is first  # equal content: the kept text
    assert form_state.body_json(state, {**body, "included_labels": [label, label]}) is not first


def test_every_change_gives_new_text_even_where_python_calls_the_values_equal() -> None:
    state: dict = {}
    label = {"name": "cat", "property": {"@modelarts:color": "#FF0000"}}
    body = {"import_annotations": 1, "included_labels": [label]}
    assert form_state.body_json(state, body) == '{"import_annotations":1,"included_labels":[{"name":"cat",' \
        '"property":{"@modelarts:color":"#FF0000"}}]}'
    body["import_annotations"] = True  # == 1 in Python, not in JSON
    assert '"import_annotations":true' in form_state.body_json(state, body)
    label["property"]["@modelarts:color"] = "#00FF00"  # changed in place, deep inside
    assert "#00FF00" in form_state.body_json(state, body)
