"""OBS imports: what to read (folder or manifest), which annotations, and where it lands."""

import streamlit as st

from models import ImportTaskRequest, Offer
from models.data_sources import FIELDS
from services.form_state import SWITCHED

from . import state_widgets
from .problem_notes import ProblemIndex, show_field_problems

IMPORT_TYPES = {"dir": "Folder (directory import)", "manifest": "Manifest file"}


def _title(name: str) -> str:
    return str(ImportTaskRequest.model_fields[name].title)


def obs_fields(offers: dict[str, Offer] | None, problems: ProblemIndex) -> None:
    dir_offer = offers["dir_import"] if offers else None
    state_widgets.choice(
        _title("import_type"),
        "import_type",
        ["dir", "manifest"],
        IMPORT_TYPES,
        help="Import every file below a folder, or the samples a manifest (.manifest, JSON Lines) lists.",
    )
    if dir_offer is not None and not dir_offer.allowed:
        st.caption(dir_offer.reason)
    show_field_problems(problems, "import_type")
    manifest = st.session_state.get("import_type") == "manifest"
    state_widgets.text(
        _title("import_path"),
        "import_path",
        placeholder="s3://bucket/path/to/file.manifest" if manifest else "s3://bucket/folder/",
        help=FIELDS["import_path"].help,
    )
    show_field_problems(problems, "import_path")
    left, right = st.columns(2)
    with left:
        state_widgets.toggle(_title("import_annotations"), "import_annotations", help="Import the labels too.")
        state_widgets.toggle(_title("import_samples"), "import_samples", help="Import the samples themselves.")
        show_field_problems(problems, "import_annotations", "import_samples")
    with right:
        state_widgets.toggle(
            _title("final_annotation"),
            "final_annotation",
            help="On: imported labels count as confirmed. Off: they wait for review.",
        )
        state_widgets.toggle(
            _title("difficult_only"), "difficult_only", help="Import only samples marked as hard examples."
        )
        show_field_problems(problems, "final_annotation", "difficult_only")
    folder_offer = offers["import_folder"] if offers else None
    if folder_offer is None or folder_offer.allowed:
        state_widgets.text(
            _title("import_folder"),
            "import_folder",
            help="Subfolder of the dataset's storage to import into. Importing the same samples into the same "
            "folder again adds nothing.",
        )
    else:
        st.caption(folder_offer.reason)
    show_field_problems(problems, "import_folder")
    format_offer = offers["annotation_format"] if offers else None
    if format_offer is None or format_offer.allowed:
        legacy = st.expander("Legacy: annotation format (VOC/COCO)", on_change="rerun")  # drawn only while open
        if legacy.open:
            with legacy:
                switch = SWITCHED["annotation_format"]
                st.toggle("Send an annotation format", key=switch, persist_state="session")
                if st.session_state.get(switch):
                    state_widgets.choice(_title("annotation_format"), "annotation_format", ["VOC", "COCO"])
                st.caption("Removed from the current documentation; object detection only.")
    elif format_offer is not None:
        st.caption(format_offer.reason)
    show_field_problems(problems, "annotation_format")
