"""History: every request sent from this portal (who, where, what, outcome); open one in the form or send it again."""

import streamlit as st

from components import frame
from components.draft_bar import fill_form
from components.duplicate_confirm import duplicate_confirmation
from components.text import md_escape
from components.times import clock
from services import access, history
from services.database import StoreUnavailable, portal_store, unreachable
from services.drafts import draft_query
from services.i18n import render
from services.session_state.history import OPEN, PICK, RESUBMIT, SCOPE, HistoryPageState
from services.submit import fingerprint, submission
from services.target import current_client, current_connection, target_label

frame.ensure()  # the app's frame, when this page runs without app.py (components/frame.py)

LIMIT = 500
SCOPES = {"here": "Sent to this target", "all": "Every target"}
OUTCOMES = {
    "sent": "✅ task created",
    "failed": "❌ refused",
    "sending": "⏳ sending",
    "unknown": "❓ answer lost: looking for the task",
}

identity = access.current()
client = current_client()
try:
    store = portal_store()
except StoreUnavailable:
    st.error(unreachable("The history"))
    st.stop()
target = target_label(current_connection())
endpoint, project_id = history.target_key(client), history.project_of(client)
history.resolve_unresolved(store, client, endpoint, project_id)  # lost answers: was the task made?


def _open_in_form(submission_id: int) -> None:
    try:
        row = store.submission(submission_id)
    except StoreUnavailable:
        row = None
    if row is None:
        return
    same_target = (row.endpoint, row.project_id) == (endpoint, project_id)
    notice = f"The form now holds submission #{row.id} from the history."
    fill_form(row.body, notice, row.dataset_id if same_target else None)
    HistoryPageState(st.session_state).goto_compose = True


def _resubmit(submission_id: int) -> None:
    try:
        row = store.submission(submission_id)
    except StoreUnavailable:
        row = None
    if row is None:
        return
    history.send(st.session_state, client, target, row.dataset_id, row.body, origin="history", again=True)
    HistoryPageState(st.session_state).sent = fingerprint(target, row.dataset_id, row.body)


def _audit_trail() -> None:
    """For admins: who submitted or resubmitted, changed connection settings, or changed templates."""
    if not identity.is_admin:
        return
    trail = st.expander("Audit trail", icon=":material/policy:", on_change="rerun")
    if not trail.open:  # read only while open
        return
    with trail:
        try:
            events = store.events(limit=LIMIT)
        except StoreUnavailable:
            st.error(unreachable("The audit trail"))
            return
        if not events:
            st.caption("Nothing recorded yet.")
            return
        st.table(  # plain text a person (and a test) can read and select
            [{"When": clock(e.at), "Who": e.user, "What": e.action, "Detail": e.detail} for e in events],
            hide_index=True,
        )
        st.caption("Who submitted or resubmitted, changed connection settings, or changed templates; newest first.")


if HistoryPageState(st.session_state).take_goto_compose():
    st.switch_page("pages/compose.py", query_params=draft_query())

scope = st.segmented_control("Show", list(SCOPES), format_func=SCOPES.get, key=SCOPE, default="here") or "here"
where = {"endpoint": endpoint, "project_id": project_id} if scope == "here" else {}
try:
    rows = store.submissions(limit=LIMIT, **where)
    total = store.count_submissions(**where)
except StoreUnavailable:
    st.error(unreachable("The history"))
    st.stop()

if not rows:
    st.info("Nothing was sent yet. Every request submitted from the Compose page is recorded here.")
    _audit_trail()
    st.stop()

st.caption(f"{total} submission(s), newest first" + (f"; the latest {LIMIT} are listed." if total > LIMIT else "."))
st.dataframe(
    [
        {
            "#": row.id,
            "When": clock(row.created_at),
            "Who": row.user,
            "Target": row.target,
            "Dataset": row.dataset_id,
            "Outcome": OUTCOMES.get(row.outcome, row.outcome),
            "Task": row.task_id or "",
            "Source": row.body.get("import_path") or row.body.get("import_origin") or "",
        }
        for row in rows
    ],
    hide_index=True,
    width="stretch",
    height=min(400, 38 + 35 * len(rows)),
)

by_id = {row.id: row for row in rows}
chosen = st.selectbox(
    "Submission",
    list(by_id),
    key=PICK,
    format_func=lambda i: (
        f"#{i} · {clock(by_id[i].created_at)} · {by_id[i].user} · {by_id[i].dataset_id} · {by_id[i].outcome}"
    ),
)
row = by_id.get(chosen) if chosen is not None else None
if row is not None:
    with st.container(border=True):
        st.markdown(
            md_escape(
                f"#{row.id} sent {clock(row.created_at)} by {row.user} to {row.target} · dataset {row.dataset_id}"
                + (f" · task {row.task_id}" if row.task_id else "")
            )
        )
        if row.message:
            (st.error if row.outcome == "failed" else st.caption)(md_escape(row.message))
        st.json(row.body, expanded=True)
        same_target = (row.endpoint, row.project_id) == (endpoint, project_id)
        why_not = None
        if not same_target:
            why_not = f"It was sent to {row.target}; connect to that target to send it again, or open it in the form."
        elif row.secrets_removed:
            why_not = "Its password was not stored: open it in the form and type the password again."
        if not identity.may(access.SUBMIT):
            why_not = None
            st.caption("Opening a request in the form and resubmitting it are for the submitter role.")
        else:
            left, right = st.columns(2)
            with left:
                st.button(
                    "Open in the form", key=OPEN, icon=":material/edit_document:",
                    on_click=_open_in_form, args=(row.id,), width="stretch",
                    help="Fill the Compose form with this request to change it before sending.",
                )  # fmt: skip
            with right:
                st.button(
                    "Resubmit", key=RESUBMIT, icon=":material/replay:", on_click=_resubmit,
                    args=(row.id,), disabled=why_not is not None, width="stretch",
                    help=why_not or "Send this request again as it is.",
                )  # fmt: skip
        if why_not:
            st.caption(md_escape(why_not))
        duplicate_confirmation(client, "history")
        sent = submission(st.session_state, HistoryPageState(st.session_state).sent)
        if sent is not None and sent.state == "sent":
            st.success(f"Import task created: **{md_escape(sent.task_id or '')}**", icon=":material/task_alt:")
            st.page_link("pages/tasks.py", label="Follow it on the Tasks page", icon=":material/monitoring:")
        elif sent is not None and sent.state == "failed":
            shown = render(sent.message) if sent.message else "The request failed."
            st.error(md_escape(shown), icon=":material/error:")

_audit_trail()
