"""OBS imports: what to read (folder or manifest), which annotations, and where it lands."""

import streamlit as st

from models import ImportTaskRequest, Offer
from models.data_sources import FIELDS
from models.messages import N_
from services.form_state import SWITCHED
from services.i18n import _, render

from . import glossary, state_widgets
from .obs_browser import obs_browser_panel, picked_note, uploaded_note
from .problem_notes import ProblemIndex, show_field_problems

IMPORT_TYPES = {"dir": N_("A folder (every file in it)"), "manifest": N_("A manifest (a list of files and labels)")}


def _title(name: str) -> str:
    return _(str(ImportTaskRequest.model_fields[name].title))


def _label(name: str) -> str:
    return glossary.label(name, _title(name))


def _help(name: str, extra: str = "") -> str:
    return glossary.help_text(name, _title(name), extra)


def obs_fields(offers: dict[str, Offer] | None, problems: ProblemIndex) -> None:
    dir_offer = offers["dir_import"] if offers else None
    state_widgets.choice(
        _label("import_type"),
        "import_type",
        ["dir", "manifest"],
        {value: _(words) for value, words in IMPORT_TYPES.items()},
        help=_help("import_type", _('In the API: "dir" or "manifest".')),
    )
    if dir_offer is not None and not dir_offer.allowed:
        st.caption(render(dir_offer.reason))
    show_field_problems(problems, "import_type")
    manifest = st.session_state.get("import_type") == "manifest"
    state_widgets.text(
        _label("import_path"),
        "import_path",
        placeholder="s3://bucket/path/to/file.manifest" if manifest else "s3://bucket/folder/",
        help=_help("import_path", _(FIELDS["import_path"].help)),
    )
    show_field_problems(problems, "import_path")
    picked_note()
    uploaded_note()
    obs_browser_panel()
    left, right = st.columns(2)
    with left:
        state_widgets.toggle(_label("import_annotations"), "import_annotations", help=_help("import_annotations"))
        state_widgets.toggle(_label("import_samples"), "import_samples", help=_help("import_samples"))
        show_field_problems(problems, "import_annotations", "import_samples")
    with right:
        state_widgets.toggle(_label("final_annotation"), "final_annotation", help=_help("final_annotation"))
        state_widgets.toggle(_label("difficult_only"), "difficult_only", help=_help("difficult_only"))
        show_field_problems(problems, "final_annotation", "difficult_only")
    folder_offer = offers["import_folder"] if offers else None
    if folder_offer is None or folder_offer.allowed:
        state_widgets.text(_label("import_folder"), "import_folder", help=_help("import_folder"))
    else:
        st.caption(render(folder_offer.reason))
    show_field_problems(problems, "import_folder")
    format_offer = offers["annotation_format"] if offers else None
    if format_offer is None or format_offer.allowed:
        legacy = st.expander(_("Legacy: annotation format (VOC/COCO)"), on_change="rerun")  # drawn only while open
        if legacy.open:
            with legacy:
                switch = SWITCHED["annotation_format"]
                st.toggle(_("Send an annotation format"), key=switch, persist_state="session")
                if st.session_state.get(switch):
                    state_widgets.choice(_title("annotation_format"), "annotation_format", ["VOC", "COCO"])
                st.caption(_("Removed from the current documentation; object detection only."))
    elif format_offer is not None:
        st.caption(render(format_offer.reason))
    show_field_problems(problems, "annotation_format")
