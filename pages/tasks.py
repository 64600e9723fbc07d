"""Tasks: where each import stands, for one dataset or everything sent from this portal; live while unfinished."""

import streamlit as st

from client import ModelArtsError
from components import frame
from components.dataset_picker import dataset_picker
from components.preflight_panel import shortfall_note
from components.task_tracker import task_card
from components.text import md_escape
from components.times import clock
from models.messages import N_
from services import datasets, form_state, i18n
from services.database import StoreUnavailable, portal_store, unreachable
from services.history import project_of, target_key
from services.i18n import _, ngettext, render
from services.session_state.tasks import DATASET, VIEW, TasksPageState
from services.target import current_client

frame.ensure()  # the app's frame, when this page runs without app.py (components/frame.py)

VIEWS = {"portal": N_("Sent from this portal"), "dataset": N_("All tasks of a dataset")}
PAGE = 10

client = current_client()
try:
    available = datasets.all_datasets(client)
except ModelArtsError as exc:
    available = []
    st.error(md_escape(_("The datasets could not be listed. {error}").format(error=render(exc.message))))
names = {d.dataset_id: d.dataset_name or d.dataset_id for d in available}
shown = TasksPageState(st.session_state).shown(PAGE)

view = (
    st.segmented_control(
        _("Show"),
        list(VIEWS),
        format_func={view: _(name) for view, name in VIEWS.items()}.get,
        key=VIEW,
        default="portal",
        persist_state="session",
    )
    or "portal"
)
try:
    sent = portal_store().submissions(endpoint=target_key(client), project_id=project_of(client), limit=200)
except StoreUnavailable:
    sent = []
    st.warning(_("{problem} The dataset view still works.").format(problem=unreachable("The portal's history")))
sent_by_task = {s.task_id: s for s in sent if s.task_id}


def _more() -> None:
    TasksPageState(st.session_state).show_more(PAGE)


if view == "dataset":
    TasksPageState(st.session_state).start_dataset(form_state.dataset_id(st.session_state))
    dataset = dataset_picker(available, key=DATASET)
    if dataset is None:
        st.info(_("Choose a dataset to see its import tasks."))
        st.stop()
    try:
        listing = client.list_import_tasks(dataset.dataset_id, limit=min(shown, 100))
    except ModelArtsError as exc:
        st.error(md_escape(_("The import tasks could not be listed. {error}").format(error=render(exc.message))))
        st.stop()
    if not listing.import_tasks:
        st.info(_("This dataset has no import task yet."))
    count = listing.total_count or len(listing.import_tasks)
    st.caption(
        ngettext("{count} import task, newest first.", "{count} import tasks, newest first.", count).format(
            count=i18n.number(count)
        )
    )
    for index, status in enumerate(listing.import_tasks):
        origin = sent_by_task.get(status.task_id)
        note = _("sent by {user} at {time}").format(user=origin.user, time=clock(origin.created_at)) if origin else None
        task_card(client, dataset.dataset_id, status.task_id or "", known=status, note=note, samples_open=index == 0)
        shortfall_note(status.task_id or "", status)  # fewer samples than Check source expected?
    if (listing.total_count or 0) > len(listing.import_tasks) and shown < 100:
        st.button(_("Show more"), on_click=_more, icon=":material/expand_more:")
else:
    created = [s for s in sent if s.task_id]
    if not created:
        st.info(_("Nothing was sent from this portal to this target yet. Submit an import on the Compose page."))
    for index, submission in enumerate(created[:shown]):
        dataset_name = names.get(submission.dataset_id, submission.dataset_id)
        note = _("{dataset} · sent by {user} at {time}").format(
            dataset=dataset_name, user=submission.user, time=clock(submission.created_at)
        )
        task_card(client, submission.dataset_id, submission.task_id or "", note=note, samples_open=index == 0)
        shortfall_note(submission.task_id or "")
    if len(created) > shown:
        st.button(_("Show more"), on_click=_more, icon=":material/expand_more:")
    failed = sum(1 for s in sent if s.outcome == "failed")
    if failed:
        st.caption(
            ngettext(
                "{count} request was refused before a task existed; History has its message.",
                "{count} requests were refused before a task existed; History has their messages.",
                failed,
            ).format(count=i18n.number(failed))
        )
        st.page_link("pages/history.py", label=_("History"), icon=":material/history:")
