"""The submit button (one POST per intent), what kept a click from sending, and the task it created.

The button is always clickable. A state drawn from the last run lags the browser (a value typed and not yet
taken in, a click that also takes one in), so a click judges the form as it is when the click arrives, with
every value the browser sent along, and either sends it or says, under the button, what to fix.
"""

from __future__ import annotations

import streamlit as st

from client import ModelArtsClient, ModelArtsError
from models import Dataset, Problem, blocking_problems
from services import datasets, form_state, history
from services.i18n import _, render
from services.lost_answers import LOOKING
from services.session_state.submit_panel import AGAIN, SUBMIT, SubmitPanelState
from services.submit import Submission, fingerprint, last_submission
from services.target import current_client, current_connection, target_label

from .duplicate_confirm import duplicate_confirmation
from .judgement import judged
from .state_widgets import clear_secret_boxes
from .text import md_escape

LOOK_EVERY_S = 3.0


def _dataset_type(client: ModelArtsClient, dataset_id: str) -> int | None:
    try:
        listed = datasets.all_datasets(client)
    except ModelArtsError:
        return None
    return next((d.dataset_type for d in listed if d.dataset_id == dataset_id), None)


def _names(problems: list[Problem]) -> str:
    names = list(dict.fromkeys(render(problem.label) for problem in problems))
    if len(names) > 5:
        return _("{names} and {count} more").format(names=", ".join(names[:5]), count=len(names) - 5)
    return ", ".join(names)


def to_do(dataset_id: str | None, valid: bool, problems: list[Problem]) -> str | None:
    """What keeps the form from being sent, as what to do ("fill in Import path"); None when it can be sent."""
    if not dataset_id:
        return _("choose a dataset (1 · Dataset)")
    blocking = blocking_problems(problems)
    if not blocking and valid:
        return None
    missing = _names([p for p in blocking if p.is_missing])
    wrong = _names([p for p in blocking if not p.is_missing])
    if missing and wrong:
        return _("fill in {missing} and correct {wrong} (see above)").format(missing=missing, wrong=wrong)
    if missing:
        return _("fill in {missing} (see above)").format(missing=missing)
    if wrong:
        return _("correct {wrong} (see above)").format(wrong=wrong)
    return _("correct the form (see above)")


def _submit(again: bool) -> None:
    """On click: the form as it is now, judged again; sent if nothing blocks it, else the reason is kept."""
    session = st.session_state
    client = current_client()
    dataset_id = form_state.FormState(session).dataset_id or ""
    body = form_state.body_from_state(session)  # a password still in its box counts
    clear_secret_boxes()  # taken into the session's store: from now on no longer in the page
    body_key, source_kind, errors, warnings = judged(body, _dataset_type(client, dataset_id) if dataset_id else None)
    why_not = to_do(dataset_id, source_kind is not None, [*errors, *warnings])
    if why_not is not None:
        refusal = _("Not sent. First {to_do}.").format(to_do=why_not)
        SubmitPanelState(session).refused = ((body_key, dataset_id), refusal)
        return
    del SubmitPanelState(session).refused
    target = target_label(current_connection())
    # Recorded in the history; an identical recent request (any session) waits for a confirmation.
    # "Submit again" (again=True) is that confirmation already.
    history.send(session, client, target, dataset_id, body, again=again, confirmed=again)


def submit_panel(
    client: ModelArtsClient,
    target: str,
    dataset: Dataset | None,
    source_kind: str | None,
    errors: list[Problem],
    body: dict,
    body_key: str,
) -> None:
    """`body` is the form's body as this run drew it, `body_key` its key, `source_kind` None when it is
    not a valid request (components.judgement; a click judges the form again, as it is then)."""
    dataset_id = dataset.dataset_id if dataset else ""
    shown = last_submission(st.session_state)
    sendable = dataset is not None and source_kind is not None and not blocking_problems(errors)
    # Hashing a large body costs: only when there is something to compare it with.
    needs_key = sendable and (shown is not None or history.pending(st.session_state) is not None)
    current_key = fingerprint(target, dataset_id, body) if needs_key else None
    already_sent = shown is not None and shown.state == "sent" and current_key == shown.fingerprint
    st.button(
        _("Submit import task"),
        key=SUBMIT,
        type="primary",
        icon=":material/send:",
        on_click=_submit,
        args=(False,),
    )
    refused = SubmitPanelState(st.session_state).refused
    if refused is not None and refused[0] == (body_key, dataset_id):
        st.error(md_escape(refused[1]), icon=":material/block:")
    elif already_sent:
        st.caption(
            _("This exact request was sent already (below). Change it, or use Submit again to send it once more.")
        )
    elif not sendable:
        reason = to_do(dataset_id, source_kind is not None, errors)
        st.caption(md_escape(_("Before sending: {to_do}.").format(to_do=reason)))
    duplicate_confirmation(client, "compose", current_key)
    if shown is None:
        return
    if shown.state == "sent":
        st.success(
            _("Import task created: **{task_id}**").format(task_id=md_escape(shown.task_id or "")),
            icon=":material/task_alt:",
        )
        if already_sent:
            st.button(
                _("Submit again"),
                key=AGAIN,
                on_click=_submit,
                args=(True,),
            )
        _task_status(client, shown.dataset_id, shown.task_id or "")
    elif shown.state == "failed":
        said = render(shown.message) if shown.message else _("The request failed.")
        st.error(md_escape(said), icon=":material/error:")
        st.caption(_("Nothing in the form was changed. Fix what the message says and submit again."))
    elif shown.state == "unknown":
        st.fragment(run_every=LOOK_EVERY_S)(_look_for_task)(client, shown)
    else:
        st.info(_("Sending…"))


def _look_for_task(client: ModelArtsClient, shown: Submission) -> None:
    """A lost answer: the outcome is unknown until the task is found in the dataset's tasks (or surely isn't)."""
    if history.resolve_in_session(st.session_state, client, shown):
        st.rerun(scope="app")
    st.warning(
        md_escape(
            _("Outcome unknown: {message} {looking}").format(
                message=render(shown.message) if shown.message else _("the answer to the request was lost."),
                looking=_(LOOKING),
            )
        ),
        icon=":material/help:",
    )
    st.caption(
        _(
            "Nothing in the form was changed. Submit asks before sending this request again: the task may exist "
            "already."
        )
    )


def _task_status(client: ModelArtsClient, dataset_id: str, task_id: str) -> None:
    """The new task's status, refreshed every 2 s until it ends (the fragment alone reruns)."""
    known = SubmitPanelState(st.session_state).task_status.get(task_id)
    poll = None if known is not None and known.is_terminal else 2
    st.fragment(run_every=poll)(_show_status)(client, dataset_id, task_id)


def _show_status(client: ModelArtsClient, dataset_id: str, task_id: str) -> None:
    cache = SubmitPanelState(st.session_state).task_status
    status = cache.get(task_id)
    if status is None or not status.is_terminal:
        try:
            status = client.get_import_task(dataset_id, task_id)
            cache[task_id] = status
        except ModelArtsError as exc:
            st.caption(_("Status not available yet: {error}").format(error=md_escape(render(exc.message))))
            return
    st.markdown(
        _("Status: **{status}** · {imported} of {total} samples imported, {annotated} annotated").format(
            status=md_escape(status.status or _("unknown")),
            imported=status.imported_sample_count or 0,
            total=status.total_sample_count or 0,
            annotated=status.annotated_sample_count or 0,
        )
    )
    if status.status == "FAILED":
        st.error(md_escape(f"{status.error_code or ''} {status.error_msg or ''}".strip()))
