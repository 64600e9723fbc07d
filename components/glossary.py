"""Plain words for the API's: each form field's label as a newcomer reads it, its help in plain words with the
API's own name kept visible, and a glossary of the cloud words the page uses.

Every piece of this text is here, in one place, marked for the catalog (locales/) and translated when shown.
"""

from __future__ import annotations

import streamlit as st

from models.messages import N_
from services.i18n import _

# field (wire path) -> (plain label, what it means in plain words); the API's name is added to the help
FIELDS: dict[str, tuple[str, str]] = {
    "import_type": (
        N_("What to import"),
        N_("A whole folder (every file below it), or a manifest: a file that lists the files to import and their "
           "labels, one line each."),
    ),
    "import_path": (
        N_("Where the files are (OBS path)"),
        N_("The folder, or the manifest file, in OBS (Huawei Cloud's file storage), written s3://bucket/folder/. "
           "Pick it with the browser below, or type it."),
    ),
    "import_annotations": (
        N_("Import the labels too"),
        N_("Bring in the labels the files already have (folder names, XML boxes, manifest labels), not only the "
           "files."),
    ),
    "import_samples": (
        N_("Import the files themselves"),
        N_("Add the files (pictures, texts, sounds) to the dataset. Off: only update the labels of files already "
           "in it."),
    ),
    "final_annotation": (
        N_("Labels are final (no review)"),
        N_("On: imported labels count as checked and done. Off: they wait for someone to review them."),
    ),
    "difficult_only": (
        N_("Only hard examples"),
        N_("Import only the samples marked as hard (difficult) to recognise, e.g. to improve a model on them."),
    ),
    "import_folder": (
        N_("Folder inside the dataset (optional)"),
        N_("A subfolder of the dataset's own storage to put the imported files in. Importing the same files into "
           "the same folder again adds nothing."),
    ),
    "import_origin": (
        N_("Where the data comes from"),
        N_("OBS for files; GaussDB(DWS), DLI, RDS or MRS for a table (table datasets only); an inference service's "
           "output. Values typed for one source are kept if you switch and back."),
    ),
}

# cloud words the page uses -> what they mean
TERMS: dict[str, str] = {
    "ModelArts": N_("Huawei Cloud's AI development service. This app creates its dataset import tasks."),
    N_("Dataset"): N_("Where ModelArts keeps the samples to label and train on, with their labels."),
    N_("Sample"): N_("One item of a dataset: a picture, a text, a sound, or a table row."),
    N_("Label (annotation)"): N_(
        "What a sample shows or means, e.g. \"cat\"; for object detection, also a box around it."
    ),
    N_("Import task"): N_("The job that copies samples (and their labels) from storage into a dataset."),
    "OBS": N_("Object Storage Service: Huawei Cloud's file storage. Paths are written s3://bucket/folder/file."),
    N_("Bucket"): N_("The top level of OBS storage, like a drive; it holds folders and files."),
    N_("Manifest"): N_("A file listing samples (one JSON line each) with their labels; imported as a whole."),
    N_("Directory import"): N_("Importing every file below a folder; label folders (cat/, dog/) give the labels."),
    N_("Hard example"): N_("A sample marked as difficult to recognise."),
    N_("Final state"): N_("Imported labels count as reviewed and done, rather than waiting for a review."),
    "GaussDB(DWS)": N_("Huawei Cloud's data warehouse; a table there can be imported into a table dataset."),
    "DLI": N_("Data Lake Insight: Huawei Cloud's query service; a queue is its computing power."),
    "RDS": N_("Relational Database Service: Huawei Cloud's managed MySQL, PostgreSQL and SQL Server."),
    "MRS": N_("MapReduce Service: Huawei Cloud's Hadoop; table files on its HDFS can be imported."),
    "AK/SK": N_("Access keys: an ID and a secret that sign requests; made in the console under My Credentials."),
    N_("Project ID"): N_("The ID of your project in a region; requests name it."),
}
GLOSSARY_TITLE = N_("Words used here")


def label(field: str, api_title: str) -> str:
    return _(FIELDS[field][0]) if field in FIELDS else api_title


def help_text(field: str, api_title: str, extra: str = "") -> str:
    """The plain explanation, then the API's name of the field (as the request preview shows it)."""
    plain = _(FIELDS[field][1]) if field in FIELDS else ""
    parts = [part for part in (plain, extra) if part]
    parts.append(_('In the API: `{field}` ("{title}").').format(field=field, title=api_title))
    return "\n\n".join(parts)


def glossary_panel() -> None:
    """The glossary, drawn only while open."""
    panel = st.expander(_(GLOSSARY_TITLE), icon=":material/menu_book:", on_change="rerun")
    if panel.open:
        with panel:
            entry = _("**{term}**: {meaning}")
            lines = ["- " + entry.format(term=_(term), meaning=_(meaning)) for term, meaning in TERMS.items()]
            st.markdown("\n".join(lines))
