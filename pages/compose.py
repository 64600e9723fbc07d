"""Compose: pick a dataset, say where the data is and how to read it, check the request, submit it once.

Everything below the dataset is one fragment: a change there reruns and redraws only it. Whatever depends
on the form's fields (the problems next to them, the check, the preview, the submit panel) is inside it, so
they agree after every change; the dataset's choice changes everything and reruns the page.

While no dataset is chosen, the form does not depend on the target's datasets: it is drawn first, and the
dataset panel above it is filled afterwards. The browser then loads and draws the form while the target
lists its datasets (or, on a fresh server, while the local sandbox finishes starting).
"""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from client import ModelArtsError
from components import frame
from components.dataset_picker import dataset_picker
from components.draft_bar import draft_bar, draft_state
from components.glossary import glossary_panel
from components.guide import guide_offer, guide_step
from components.judgement import judged
from components.label_fields import labels_section
from components.label_format_fields import label_format_fields
from components.load_json import load_json_panel
from components.obs_browser import apply_pending_path
from components.obs_fields import obs_fields
from components.preflight_panel import preflight_panel
from components.preview import request_preview
from components.problem_notes import check_summary, index_problems, show_field_problems
from components.snippets import NO_DATASET, NO_PROJECT, request_url
from components.source_fields import sandbox_note, source_info_fields, source_picker
from components.submit_panel import submit_panel
from components.table_fields import table_fields
from components.text import md_escape
from models import SOURCES, Dataset, offers
from services import datasets, drafts, form_state
from services.i18n import _, render
from services.target import current_client, current_connection, target_label

frame.ensure()  # the app's frame, when this page runs without app.py (components/frame.py)


def dataset_panel(panel: DeltaGenerator) -> tuple[Dataset | None, Dataset | None]:
    """The target's datasets and the picker, in `panel`; (the chosen dataset, its details)."""
    client = current_client()
    with panel:
        try:
            available = datasets.all_datasets(client)
        except ModelArtsError as exc:
            available = []
            st.error(md_escape(_("The datasets could not be listed. {error}").format(error=render(exc.message))))
        dataset = dataset_picker(available)
        if st.button(_("Refresh datasets"), type="tertiary", icon=":material/refresh:"):
            datasets.forget()
            st.rerun()
        details = datasets.dataset_details(client, dataset.dataset_id) if dataset else None
        if dataset is not None and details is None:
            st.warning(
                _("The dataset's details (labels, table columns) could not be read; the form offers everything.")
            )
    return dataset, details


def _listed_datasets() -> list[Dataset]:
    try:
        return datasets.all_datasets(current_client())
    except ModelArtsError:
        return []  # the dataset panel says why


@st.fragment
def compose_form(dataset: Dataset | None, details: Dataset | None) -> None:
    """Source, labels, table columns, check and submit, for the dataset chosen in the page run."""
    apply_pending_path()  # a finished upload's folder becomes the path before the body is read
    dataset_type = dataset.dataset_type if dataset else None
    offered = offers(dataset_type) if dataset_type is not None else None
    body = form_state.body_from_state(st.session_state)
    body_key, source_kind, errors, warnings = judged(body, dataset_type)
    saved = drafts.save(body_key=body_key)  # a change in the form is saved before anything is drawn
    problems = index_problems([*errors, *warnings])

    guide_slot = st.empty()  # the guided start's next step, drawn last: checking or submitting moves it on
    with st.container(border=True):
        st.subheader(_("2 · Source"))
        table_dataset = None if offered is None else offered["table_sources"].allowed
        source = source_picker(table_dataset, problems)
        sandbox_note(source, current_connection().kind == "sandbox")
        if "import_path" in SOURCES[source].fields:
            obs_fields(offered, problems)
        else:
            source_info_fields(source, problems)

    not_offered = []
    if "import_path" in SOURCES[source].fields:
        labels_section((details or dataset).label_names if (details or dataset) else [], problems)
        if offered is None or offered["label_format"].allowed:
            # Drawn only while open (open at once for a dataset that takes a label format).
            label_format = st.expander(_("Text label format"), expanded=offered is not None, on_change="rerun")
            if label_format.open:
                with label_format:
                    label_format_fields(None, problems)
        else:
            not_offered.append(offered["label_format"].reason)
            show_field_problems(problems, "label_format", prefix=True)

    if offered is None or offered["column_mapping"].allowed:
        # Drawn only while open: its grid needs pandas, which the page's first run then does not import.
        table_columns = st.expander(_("Table columns"), expanded=offered is not None, on_change="rerun")
        if table_columns.open:
            with table_columns:
                table_fields(None, details.schema_ if details else [], problems)
    else:
        not_offered.append(offered["column_mapping"].reason)
        show_field_problems(problems, "with_column_header", "data_source.schema_maps", prefix=True)
    for reason in not_offered:
        st.caption(f":material/info: {md_escape(render(reason))}")

    with st.container(border=True):
        st.subheader(_("4 · Check and submit"))
        check_summary(errors, warnings)
        client = current_client()  # where the form first needs the target (its address)
        project_id = client.project_id if dataset else NO_PROJECT
        url = request_url(client.endpoint, project_id, dataset.dataset_id if dataset else NO_DATASET)
        preflight_panel(client, dataset, details, source_kind, body)  # Check source: read it as the service will
        auth = "sandbox" if current_connection().kind == "sandbox" else client.auth.kind
        request_preview(
            body, body_key, url, warnings, auth=auth, project_id=project_id, iam_endpoint=client.iam_endpoint
        )
        submit_panel(client, target_label(current_connection()), dataset, source_kind, errors, body, body_key)
    draft_state(saved)  # says whether the draft is saved (no passwords)
    with guide_slot.container():
        guide_step()


form_state.ensure_defaults(st.session_state)
# A change that reran the page (the dataset, a loaded body) is saved before anything is drawn.
drafts.save()

draft_bar()  # Start over; templates

guide_offer(lambda: _listed_datasets())  # a first visit to the sandbox: "Try it with the demo data"

load_json_panel()
glossary_panel()  # the cloud words the page uses, in plain words

dataset_box = st.container(border=True)
dataset_box.subheader(_("1 · Dataset"))
if form_state.dataset_id(st.session_state) is None:
    compose_form(None, None)
    dataset_panel(dataset_box)  # chooses nothing: no dataset is chosen
else:
    compose_form(*dataset_panel(dataset_box))
