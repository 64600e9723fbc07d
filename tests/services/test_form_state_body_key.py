"""form_state.body_key: the same body gives the same key, and every change a new one."""

from __future__ import annotations

import json

from services import form_state


def test_the_same_body_gives_the_same_key() -> None:
    label = {"name": "cat", "property": {"@modelarts:color": "#FF0000"}}
    body = {"import_path": "s3://b/f/", "included_labels": [label]}
    first = form_state.body_key(body)
    assert form_state.body_key(json.loads(json.dumps(body))) == first  # equal content, other objects
    assert form_state.body_key({**body, "included_labels": [label, label]}) != first
    assert len(first) == 40  # a digest: a session keeps no copy of a large body in its key


def test_every_change_gives_a_new_key_even_where_python_calls_the_values_equal() -> None:
    label = {"name": "cat", "property": {"@modelarts:color": "#FF0000"}}
    body = {"import_annotations": 1, "included_labels": [label]}
    keys = {form_state.body_key(body)}
    body["import_annotations"] = True  # == 1 in Python, not in JSON
    keys.add(form_state.body_key(body))
    label["property"]["@modelarts:color"] = "#00FF00"  # changed in place, deep inside
    keys.add(form_state.body_key(body))
    assert len(keys) == 3


def test_a_body_marshal_refuses_still_has_a_key() -> None:
    odd = {"import_path": "s3://b/f/", "x": object()}
    assert len(form_state.body_key(odd)) == 40
