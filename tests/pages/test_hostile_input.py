"""Input that made tracebacks (issue 14, point 10) and input over the portal's caps (point 11), through the app:
each gives a message naming the problem, and the form is left as it was."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.limits import MAX_ATTRIBUTES_PER_LABEL, MAX_BODY_BYTES, MAX_LABELS
from sandbox.launcher import RunningSandbox

from .conftest import SandboxView, preview, texts
from .portal import CAT_DOG, compose_obs, run

ROOT = Path(__file__).resolve().parents[2]


def load(app: AppTest, text: str) -> str:
    """Paste `text` into Load request JSON and fill the form; what the panel says."""
    app.text_area(key="request_json").input(text)
    run(app)
    next(b for b in app.button if b.label == "Fill the form").click()
    run(app)
    return texts(app)


def test_no_traceback_reaches_a_browser() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
        ('{"import_path": "s3://b/x/", "import_type": ' + "7" * 5000 + "}", "too many digits"),
        ('{"import_path": "s3://b/\\ud800/", "import_type": "dir"}', "not valid Unicode at import_path"),
        ('{"included_labels": [{"name": "cat\\udfff"}]}', "not valid Unicode at included_labels[0].name"),
        ('{"import_path": ' + "[" * 40 + "]" * 40 + "}", "nested more than 32 levels"),
    ],
    ids=["10,000 nested arrays", "5,000-digit integer", "lone surrogate", "lone low surrogate", "40 levels"],
)
def test_bodies_that_broke_the_page_are_named_and_the_form_is_unchanged(
    app: AppTest, sandbox_view: SandboxView, text: str, named: str
) -> None:
    compose_obs(app, sandbox_view)
    before = preview(app)
    shown = load(app, text)
    assert not app.exception
    assert "The form was left as it was" in shown and named in shown, shown
    assert preview(app) == before == {"import_path": CAT_DOG, "import_type": "dir"}


def test_caps_on_size_labels_and_attributes_are_named(app: AppTest, sandbox_view: SandboxView) -> None:
    compose_obs(app, sandbox_view)
    before = preview(app)
    big = json.dumps({"import_path": CAT_DOG, "included_labels": [{"name": "x" * 200}] * 6000})
    assert len(big) > MAX_BODY_BYTES
    # The text area keeps at most MAX_BODY_BYTES + 1 characters: the browser cuts a longer paste there.
    assert "larger than the portal takes (at most 1.0 MB)" in load(app, big[: MAX_BODY_BYTES + 1])
    many = json.dumps({"import_path": CAT_DOG, "included_labels": [{"name": f"l{i}"} for i in range(MAX_LABELS + 1)]})
    assert f"{MAX_LABELS + 1:,} labels; the portal takes at most {MAX_LABELS:,}" in load(app, many)
    attributes = [{"name": f"a{i}", "type": "text"} for i in range(MAX_ATTRIBUTES_PER_LABEL + 1)]
    wide = json.dumps({"import_path": CAT_DOG, "included_labels": [{"name": "cat", "attributes": attributes}]})
    assert f"at most {MAX_ATTRIBUTES_PER_LABEL} per label" in load(app, wide)
    assert preview(app) == before
    # The largest accepted body fills the form.
    fits = json.dumps({"import_path": CAT_DOG, "included_labels": [{"name": f"l{i}"} for i in range(MAX_LABELS)]})
    assert "The form now holds the pasted request" in load(app, fits)
    assert len(preview(app, whole=True)["included_labels"]) == MAX_LABELS


def test_check_source_on_a_manifest_with_a_deeply_nested_line(
    app: AppTest, sandbox: RunningSandbox, sandbox_view: SandboxView
) -> None:
    target = sandbox.data_root / "obs" / "test-obs" / "hostile" / "deep.manifest"
    target.parent.mkdir(parents=True, exist_ok=True)
    good = json.dumps({"source": "s3://test-obs/classify/images/img_01.jpg"})
    deep = '{"source": "s3://test-obs/classify/images/img_02.jpg", "x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    target.write_text("\n".join([good, deep, good]) + "\n", encoding="utf-8")
    compose_obs(app, sandbox_view, path="s3://test-obs/hostile/deep.manifest")
    app.radio(key="import_type").set_value("manifest")
    run(app)
    before = preview(app)
    app.button(key="_preflight_run").click()
    run(app)
    problems = next(df for df in app.dataframe if "What to do" in df.value.columns).value.to_dict("records")
    assert [(p["Line"], p["Problem"]) for p in problems] == [(2, "manifest_json")]
    assert "nested too deeply" in problems[0]["What to do"]
    assert preview(app) == before
