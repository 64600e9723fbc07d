"""The registry of sources (models/data_sources.py) is the one list: walk it through each of its consumers.

Models' rules, form state, the form's source fields, snippets, draft saving, the preview's mask, the store's
redaction, template files, the client and the sandbox all follow it, and no other list of source fields remains.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from models import (
    ORIGIN_DATA_TYPE,
    SECRET_FIELDS,
    SOURCE_KIND_BY_DATA_TYPE,
    SOURCES,
    ImportTaskRequest,
    SourceInfo,
    field_problems,
)
from models.data_sources import FIELDS, SOURCE_INFO, TABLE5

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Registry-Secret-42"
TABLE_SOURCES = [kind for kind, spec in SOURCES.items() if spec.table_source]


def _value(key: str) -> str:
    if FIELDS[key].choices:
        return FIELDS[key].choices[-1][0]
    if FIELDS[key].secret:
        return SECRET
    return {"import_path": "s3://test-obs/x/", "import_type": "manifest", SOURCE_INFO + "ip": "10.0.0.9",
            SOURCE_INFO + "port": "8000"}.get(key, f"v-{FIELDS[key].name}")  # fmt: skip


def _body(kind: str, keys: tuple[str, ...]) -> dict:
    spec = SOURCES[kind]
    body: dict = {"data_source": {"data_type": spec.data_type}}
    if spec.import_origin:
        body["import_origin"] = spec.import_origin
    for key in keys:
        if key in ("annotation_format", "label_format"):
            continue
        *parents, leaf = key.split(".")
        node = body
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = _value(key)
    return body


def test_the_registry_covers_every_source_and_table5():
    assert set(SOURCES) == {"obs", "dws", "dli", "rds", "mrs", "inference", "ai_gallery"}
    assert set(TABLE5) == {SOURCE_INFO + name for name in SourceInfo.model_fields}
    for kind, spec in SOURCES.items():
        assert spec.label and spec.hint and spec.evidence
        assert SOURCE_KIND_BY_DATA_TYPE[spec.data_type] == kind
        if spec.import_origin is not None:
            assert ORIGIN_DATA_TYPE[spec.import_origin] == spec.data_type
        if spec.table_source:  # the form offers every Table 5 field of a table source
            assert set(spec.form_fields) == set(TABLE5)
    assert SOURCES["dws"].required == (SOURCE_INFO + "user_name", SOURCE_INFO + "user_password")
    for key in (SOURCE_INFO + "cluster_id", SOURCE_INFO + "cluster_name"):
        assert key in SOURCES["dws"].fields and key in SOURCES["mrs"].fields
    assert SECRET_FIELDS == (SOURCE_INFO + "user_password",)


@pytest.mark.parametrize("kind", list(SOURCES))
def test_models_require_exactly_what_the_registry_says(kind):
    spec = SOURCES[kind]
    full = _body(kind, spec.form_fields)
    assert ImportTaskRequest.model_validate(full).source_kind == kind
    for key in spec.required:
        body = _body(kind, tuple(k for k in spec.form_fields if k != key))
        with pytest.raises(ValidationError) as caught:
            ImportTaskRequest.model_validate(body)
        assert key in {p.key for p in field_problems(caught.value)}
    only_required = _body(kind, spec.required)
    ImportTaskRequest.model_validate(only_required)  # nothing else is mandatory


@pytest.mark.parametrize("kind", list(SOURCES))
def test_form_state_sends_the_fields_of_the_chosen_source_only(kind):
    from services import form_state

    state = form_state.empty_state()
    for key in TABLE5:
        if FIELDS[key].secret:
            state[form_state.SECRETS][key] = SECRET
        else:
            state[key] = _value(key)
        form_state.mark_present(state, key)
    state["import_path"] = "s3://test-obs/x/"
    state[form_state.SOURCE_KEY] = kind
    form_state.choose_source(state)
    body = form_state.body_from_state(state)
    request = ImportTaskRequest.model_validate(body)
    sent = {key for key in (*TABLE5, "import_path") if request.value_at(key) is not None}
    assert sent == {key for key in (*TABLE5, "import_path") if key in SOURCES[kind].form_fields}
    assert request.source_kind == kind
    again = form_state.state_from_body(request.to_body())
    assert form_state.body_from_state(again) == request.to_body()


def _source_form(kind: str) -> None:
    import streamlit as st

    from components.source_fields import source_info_fields
    from services import form_state

    form_state.ensure_defaults(st.session_state)
    source_info_fields(kind, {})


@pytest.mark.parametrize("kind", TABLE_SOURCES)
def test_the_form_offers_every_field_of_the_source(kind):
    app = AppTest.from_function(_source_form, args=(kind,), default_timeout=30)
    for key in SOURCES[kind].more_fields:  # the closed "More connection fields" section opens for values
        if not FIELDS[key].secret and not FIELDS[key].choices:
            app.session_state[key] = "x"
    app.run()
    assert not app.exception
    drawn = {w.key for w in (*app.text_input, *app.radio)}
    assert drawn == set(SOURCES[kind].form_fields)
    secret_inputs = [w for w in app.text_input if w.key in SECRET_FIELDS]
    assert secret_inputs and all(w.proto.type == w.proto.Type.PASSWORD for w in secret_inputs)


@pytest.mark.parametrize("key", SECRET_FIELDS)
def test_every_secret_stays_out_of_snippets_drafts_preview_store_and_echo(key):
    from components.preview import masked
    from components.snippets import SECRET_PLACEHOLDERS, as_curl, as_python
    from sandbox.server import _echoed_data_source
    from services import drafts, form_state
    from store import redact_body
    from store.template_files import canonical_body

    for kind in (kind for kind, spec in SOURCES.items() if key in spec.form_fields):
        body = _body(kind, SOURCES[kind].form_fields)
        request = ImportTaskRequest.model_validate(body)
        assert request.value_at(key).get_secret_value() == SECRET
        assert SECRET not in repr(request) and SECRET not in str(request.to_body(mask_secrets=True))
        for snippet in (as_curl("http://x", body), as_python("http://x", body)):
            assert SECRET not in snippet and SECRET_PLACEHOLDERS[FIELDS[key].path] in snippet
        assert SECRET not in str(masked(body))
        assert SECRET not in str(redact_body(body)[0])
        assert SECRET not in str(_echoed_data_source(request))
        stored = canonical_body(redact_body(body)[0])  # a stored body lacks the secret; it is still valid
        assert SECRET not in str(stored)
        state = form_state.state_from_body(body)
        assert state[form_state.SECRETS][key] == SECRET
        draft, _ = drafts.current_form(state)
        assert SECRET not in str(draft)


@pytest.mark.parametrize("kind", list(SOURCES))
def test_the_sandbox_reads_what_the_registry_says(kind, tmp_path):
    from sources.layouts import ImportFailure, read_source
    from sources.storage import LocalStorage

    spec = SOURCES[kind]
    request = ImportTaskRequest.model_validate(_body(kind, spec.form_fields))
    storage = LocalStorage(tmp_path)
    try:
        next(iter(read_source(storage, request, 400 if spec.table_source else 0)), None)
    except ImportFailure as failure:
        refused_as_unreachable = "The sandbox has no" in failure.message
    else:
        refused_as_unreachable = False
    assert refused_as_unreachable == ("sandbox" not in spec.check_source)


def test_no_other_list_of_source_or_secret_fields_remains():
    """Outside the models, no code names a Table 5 field in quotes: every consumer takes them from the registry."""
    names = "|".join(SourceInfo.model_fields)
    quoted = re.compile(rf"""["']({names})["']""")
    allowed = {ROOT / "models" / "data_sources.py", ROOT / "models" / "request.py", ROOT / "models" / "checks.py"}
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).parts
        if path in allowed or relative[0] in ("tests", "bench", ".venv") or "demo" in relative:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if quoted.search(line) and 'error.get("input")' not in line and 'error["input"]' not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
