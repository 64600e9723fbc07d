"""Plain words: the OBS fields read as a newcomer would say them, each help keeps the API's name of its field,
and the glossary explains the cloud words."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .conftest import SandboxView, preview, texts
from .portal import pick, run

FIELDS = ("import_annotations", "import_samples", "final_annotation", "difficult_only")


def test_labels_are_plain_and_helps_keep_the_api_names(app: AppTest) -> None:
    toggles = {key: app.toggle(key=key) for key in FIELDS}
    assert toggles["final_annotation"].label == "Labels are final (no review)"
    assert toggles["difficult_only"].label == "Only hard examples"
    for key, toggle in toggles.items():
        assert f"In the API: `{key}`" in (toggle.help or "")
    path = app.text_input(key="import_path")
    assert path.label == "Where the files are (OBS path)" and "`import_path`" in (path.help or "")
    assert "`import_origin`" in (app.selectbox(key="import_origin").help or "")
    app.toggle(key="difficult_only").set_value(True)
    run(app)
    assert preview(app)["difficult_only"] is True  # the preview keeps the API's names


def test_the_glossary_explains_the_cloud_words(app: AppTest) -> None:
    glossary = next(e for e in app.expander if e.label == "Words used here")
    assert glossary is not None
    from components.glossary import TERMS

    for term in ("OBS", "Bucket", "Manifest", "Hard example", "Final state", "DLI", "MRS"):
        assert term in TERMS and len(TERMS[term]) > 20


def test_the_chosen_datasets_description_is_shown(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-image-classification")
    assert "Pictures of cats and dogs" in texts(app)
