"""The second look before an identical request is sent again (services.history holds it back)."""

from __future__ import annotations

import streamlit as st

from client import ModelArtsClient
from services import history
from services.i18n import _
from services.session_state.duplicate_confirm import CANCEL, PANEL, SEND

from .text import md_escape
from .times import ago, clock


def _send_anyway(client: ModelArtsClient) -> None:
    held = history.pending(st.session_state)
    if held is not None:
        history.send(
            st.session_state, client, held.target, held.dataset_id, held.body,
            origin=held.origin, again=held.again, confirmed=True,
        )  # fmt: skip


def _cancel() -> None:
    history.cancel(st.session_state)


def duplicate_confirmation(client: ModelArtsClient, origin: str, current_key: str | None = None) -> bool:
    """Ask whether to send the held request; returns whether the question is shown.

    `current_key`: the fingerprint of the request the page shows now; a held request that no longer
    matches it (the form was edited since) is dropped."""
    held = history.pending(st.session_state)
    if held is None or held.origin != origin:
        return False
    if current_key is not None and held.key != current_key:
        history.cancel(st.session_state)
        return False
    earlier = held.duplicate
    when = {"ago": ago(earlier.created_at), "time": clock(earlier.created_at, with_date=False), "user": earlier.user}
    if earlier.outcome == "unknown":
        question = _(
            "This exact request was sent to this dataset {ago} ({time}) by {user}, and its answer was lost: the "
            "task may exist (the app is looking for it). Sending it again may import the same data a second time."
        ).format(**when)
    elif earlier.task_id:
        question = _(
            "This exact request was sent to this dataset {ago} ({time}) by {user}, task {task_id}. Sending it again "
            "imports the same data a second time."
        ).format(task_id=earlier.task_id, **when)
    else:
        question = _(
            "This exact request was sent to this dataset {ago} ({time}) by {user}, still being sent. Sending it "
            "again imports the same data a second time."
        ).format(**when)
    with st.container(border=True, key=PANEL):
        st.warning(md_escape(question), icon=":material/content_copy:")
        left, right = st.columns(2)
        with left:
            st.button(
                _("Send it again"), key=SEND, type="primary", icon=":material/send:",
                on_click=_send_anyway, args=(client,), width="stretch",
            )  # fmt: skip
        with right:
            st.button(_("Don't send"), key=CANCEL, on_click=_cancel, width="stretch")
    return True
