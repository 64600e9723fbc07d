"""The submit button (one POST per intent), why it is disabled, and the task it created."""

from __future__ import annotations

import streamlit as st

from client import ModelArtsClient, ModelArtsError
from models import Dataset, ImportTaskRequest, Problem
from services import history
from services.lost_answers import LOOKING
from services.submit import Submission, fingerprint, last_submission

from .duplicate_confirm import duplicate_confirmation
from .text import md_escape

AGAIN = "_submit_again"
LOOK_EVERY_S = 3.0


def _submit(client: ModelArtsClient, target: str, dataset_id: str, body: dict, again: bool) -> None:
    # Recorded in the history; an identical recent request (any session) waits for a confirmation.
    # "Submit again" (again=True) is that confirmation already.
    history.send(st.session_state, client, target, dataset_id, body, again=again, confirmed=again)


def submit_panel(
    client: ModelArtsClient,
    target: str,
    dataset: Dataset | None,
    request: ImportTaskRequest | None,
    errors: list[Problem],
    body: dict,
) -> None:
    """`body` is the form's body that `request` was validated from; it is what gets sent."""
    body = body if request is not None else {}
    dataset_id = dataset.dataset_id if dataset else ""
    shown = last_submission(st.session_state)
    # Hashing a large body costs: only when there is something to compare it with.
    needs_key = bool(body) and (shown is not None or history.pending(st.session_state) is not None)
    current_key = fingerprint(target, dataset_id, body) if needs_key else None
    already_sent = shown is not None and shown.state == "sent" and current_key == shown.fingerprint
    why_not = None
    if dataset is None:
        why_not = "Choose a dataset first."
    elif request is None or errors:
        why_not = f"Fix the {len(errors)} problem(s) above first."
    elif already_sent:
        why_not = "This exact request was sent already (below). Change it, or use Submit again to send it once more."
    st.button(
        "Submit import task",
        key="_submit",
        type="primary",
        icon=":material/send:",
        disabled=why_not is not None,
        on_click=_submit,
        args=(client, target, dataset_id, body, False),
    )
    if why_not:
        st.caption(why_not)
    duplicate_confirmation(client, "compose", current_key)
    if shown is None:
        return
    if shown.state == "sent":
        st.success(f"Import task created: **{md_escape(shown.task_id or '')}**", icon=":material/task_alt:")
        if already_sent:
            st.button(
                "Submit again",
                key=AGAIN,
                on_click=_submit,
                args=(client, target, dataset_id, body, True),
            )
        _task_status(client, shown.dataset_id, shown.task_id or "")
    elif shown.state == "failed":
        st.error(md_escape(shown.message or "The request failed."), icon=":material/error:")
        st.caption("Nothing in the form was changed. Fix what the message says and submit again.")
    elif shown.state == "unknown":
        st.fragment(run_every=LOOK_EVERY_S)(_look_for_task)(client, shown)
    else:
        st.info("Sending…")


def _look_for_task(client: ModelArtsClient, shown: Submission) -> None:
    """A lost answer: the outcome is unknown until the task is found in the dataset's tasks (or surely isn't)."""
    if history.resolve_in_session(st.session_state, client, shown):
        st.rerun(scope="app")
    st.warning(
        md_escape(f"Outcome unknown: {shown.message or 'the answer to the request was lost.'} {LOOKING}"),
        icon=":material/help:",
    )
    st.caption(
        "Nothing in the form was changed. Submit asks before sending this request again: the task may exist already."
    )


def _task_status(client: ModelArtsClient, dataset_id: str, task_id: str) -> None:
    """The new task's status, refreshed every 2 s until it ends (the fragment alone reruns)."""
    known = st.session_state.setdefault("_task_status", {}).get(task_id)
    poll = None if known is not None and known.is_terminal else 2
    st.fragment(run_every=poll)(_show_status)(client, dataset_id, task_id)


def _show_status(client: ModelArtsClient, dataset_id: str, task_id: str) -> None:
    cache = st.session_state.setdefault("_task_status", {})
    status = cache.get(task_id)
    if status is None or not status.is_terminal:
        try:
            status = client.get_import_task(dataset_id, task_id)
            cache[task_id] = status
        except ModelArtsError as exc:
            st.caption(f"Status not available yet: {md_escape(str(exc))}")
            return
    counts = (
        f"{status.imported_sample_count or 0} of {status.total_sample_count or 0} samples imported, "
        f"{status.annotated_sample_count or 0} annotated"
    )
    st.markdown(f"Status: **{md_escape(status.status or 'unknown')}** · {md_escape(counts)}")
    if status.status == "FAILED":
        st.error(md_escape(f"{status.error_code or ''} {status.error_msg or ''}".strip()))
