"""History: every request sent from this portal (who, where, what, outcome); open one in the form or send it again."""

import streamlit as st

from components import frame
from components.draft_bar import fill_form
from components.duplicate_confirm import duplicate_confirmation
from components.text import md_escape
from components.times import clock
from models.messages import N_
from services import access, history, i18n
from services.database import StoreUnavailable, portal_store, unreachable
from services.drafts import draft_query
from services.i18n import _, ngettext, render
from services.session_state.history import OPEN, PICK, RESUBMIT, SCOPE, HistoryPageState
from services.submit import fingerprint, submission
from services.target import current_client, current_connection, target_label

frame.ensure()  # the app's frame, when this page runs without app.py (components/frame.py)

LIMIT = 500
SCOPES = {"here": N_("Sent to this target"), "all": N_("Every target")}
OUTCOMES = {
    "sent": N_("✅ task created"),
    "failed": N_("❌ refused"),
    "sending": N_("⏳ sending"),
    "unknown": N_("❓ answer lost: looking for the task"),
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


def _outcome(outcome: str) -> str:
    return _(OUTCOMES[outcome]) if outcome in OUTCOMES else outcome


def _open_in_form(submission_id: int) -> None:
    try:
        row = store.submission(submission_id)
    except StoreUnavailable:
        row = None
    if row is None:
        return
    same_target = (row.endpoint, row.project_id) == (endpoint, project_id)
    notice = _("The form now holds submission #{id} from the history.").format(id=row.id)
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
    trail = st.expander(_("Audit trail"), icon=":material/policy:", on_change="rerun")
    if not trail.open:  # read only while open
        return
    with trail:
        try:
            events = store.events(limit=LIMIT)
        except StoreUnavailable:
            st.error(unreachable("The audit trail"))
            return
        if not events:
            st.caption(_("Nothing recorded yet."))
            return
        st.table(  # plain text a person (and a test) can read and select
            [{_("When"): clock(e.at), _("Who"): e.user, _("What"): e.action, _("Detail"): e.detail} for e in events],
            hide_index=True,
        )
        st.caption(
            _("Who submitted or resubmitted, changed connection settings, or changed templates; newest first.")
        )


if HistoryPageState(st.session_state).take_goto_compose():
    st.switch_page("pages/compose.py", query_params=draft_query())

scope_names = {scope: _(name) for scope, name in SCOPES.items()}  # made in the run, in its language
scope = st.segmented_control(_("Show"), list(SCOPES), format_func=scope_names.get, key=SCOPE, default="here") or "here"
where = {"endpoint": endpoint, "project_id": project_id} if scope == "here" else {}
try:
    rows = store.submissions(limit=LIMIT, **where)
    total = store.count_submissions(**where)
except StoreUnavailable:
    st.error(unreachable("The history"))
    st.stop()

if not rows:
    st.info(_("Nothing was sent yet. Every request submitted from the Compose page is recorded here."))
    _audit_trail()
    st.stop()

if total > LIMIT:
    st.caption(
        _("{count} submissions, newest first; the latest {limit} are listed.").format(
            count=i18n.number(total), limit=i18n.number(LIMIT)
        )
    )
else:
    st.caption(
        ngettext("{count} submission, newest first.", "{count} submissions, newest first.", total).format(
            count=i18n.number(total)
        )
    )
st.dataframe(
    [
        {
            "#": row.id,
            _("When"): clock(row.created_at),
            _("Who"): row.user,
            _("Target"): row.target,
            _("Dataset"): row.dataset_id,
            _("Outcome"): _outcome(row.outcome),
            _("Task"): row.task_id or "",
            _("Source"): row.body.get("import_path") or row.body.get("import_origin") or "",
        }
        for row in rows
    ],
    hide_index=True,
    width="stretch",
    height=min(400, 38 + 35 * len(rows)),
)

by_id = {row.id: row for row in rows}
chosen = st.selectbox(
    _("Submission"),
    list(by_id),
    key=PICK,
    format_func={
        row.id: f"#{row.id} · {clock(row.created_at)} · {row.user} · {row.dataset_id} · {_outcome(row.outcome)}"
        for row in rows
    }.get,
)
row = by_id.get(chosen) if chosen is not None else None
if row is not None:
    with st.container(border=True):
        st.markdown(
            md_escape(
                (
                    _("#{id} sent {time} by {user} to {target} · dataset {dataset} · task {task}")
                    if row.task_id
                    else _("#{id} sent {time} by {user} to {target} · dataset {dataset}")
                ).format(
                    id=row.id,
                    time=clock(row.created_at),
                    user=row.user,
                    target=row.target,
                    dataset=row.dataset_id,
                    task=row.task_id,
                )
            )
        )
        if row.message:
            (st.error if row.outcome == "failed" else st.caption)(md_escape(row.message))
        st.json(row.body, expanded=True)
        same_target = (row.endpoint, row.project_id) == (endpoint, project_id)
        why_not = None
        if not same_target:
            why_not = _(
                "It was sent to {target}; connect to that target to send it again, or open it in the form."
            ).format(target=row.target)
        elif row.secrets_removed:
            why_not = _("Its password was not stored: open it in the form and type the password again.")
        if not identity.may(access.SUBMIT):
            why_not = None
            st.caption(_("Opening a request in the form and resubmitting it are for the submitter role."))
        else:
            left, right = st.columns(2)
            with left:
                st.button(
                    _("Open in the form"), key=OPEN, icon=":material/edit_document:",
                    on_click=_open_in_form, args=(row.id,), width="stretch",
                    help=_("Fill the Compose form with this request to change it before sending."),
                )  # fmt: skip
            with right:
                st.button(
                    _("Resubmit"), key=RESUBMIT, icon=":material/replay:", on_click=_resubmit,
                    args=(row.id,), disabled=why_not is not None, width="stretch",
                    help=why_not or _("Send this request again as it is."),
                )  # fmt: skip
        if why_not:
            st.caption(md_escape(why_not))
        duplicate_confirmation(client, "history")
        sent = submission(st.session_state, HistoryPageState(st.session_state).sent)
        if sent is not None and sent.state == "sent":
            st.success(
                _("Import task created: **{task}**").format(task=md_escape(sent.task_id or "")),
                icon=":material/task_alt:",
            )
            st.page_link("pages/tasks.py", label=_("Follow it on the Tasks page"), icon=":material/monitoring:")
        elif sent is not None and sent.state == "failed":
            shown = render(sent.message) if sent.message else _("The request failed.")
            st.error(md_escape(shown), icon=":material/error:")

_audit_trail()
