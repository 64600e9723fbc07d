"""Above the compose form: "Start over", and saving or loading a template; at its end, the draft's state."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from models import SOURCES
from models.limits import MAX_DRAFT_BYTES, size_text
from models.messages import N_, Message
from services import access, database, drafts, form_state
from services.database import portal_store, unreachable
from services.form_state import FormState
from services.i18n import _, render
from services.session_state.draft_bar import (
    START_OVER,
    TEMPLATE_LOAD,
    TEMPLATE_NAME,
    TEMPLATE_PICK,
    TEMPLATE_REPLACE,
    TEMPLATE_SAVE,
    TEMPLATE_SHARED,
    TEMPLATES_OPEN,
    DraftBarState,
)

from .text import md_escape
from .times import clock

THE_FORM = Message(N_("The form"))  # names the body in a store error


def _state() -> DraftBarState:
    return DraftBarState(st.session_state)


def fill_form(body: dict, notice: str, dataset_id: str | None = None) -> None:
    """Replace the form with `body` (from history or a template) in a callback; secrets must be retyped.
    With `dataset_id`, the form's dataset changes too, and the notice says so."""
    form_state.load_into(st.session_state, body)
    if dataset_id and dataset_id != FormState(st.session_state).dataset_id:
        was = FormState(st.session_state).dataset_id or _("none")
        notice += " " + _("The dataset is now {dataset_id} (it was {previous}).").format(
            dataset_id=dataset_id, previous=was
        )
        FormState(st.session_state).dataset_id = dataset_id
    if SOURCES[form_state.source_of(st.session_state)].secrets:
        notice += " " + _("Passwords are never stored: type the password again.")
    _state().form_notice = notice


def _save_template() -> None:
    name = _state().template_name or ""
    identity = access.current()
    try:
        body = database.canonical_body(form_state.body_from_state(st.session_state), THE_FORM)
        saved = portal_store().save_template(
            name,
            body,
            replace=bool(_state().template_replace),
            by=identity.owner,
            admin=identity.is_admin,
            shared=bool(_state().template_shared),
        )
    except database.StoreError as exc:
        _state().template_message = ("error", render(exc.message))
        return
    except database.StoreUnavailable:
        _state().template_message = ("error", unreachable("The template", "saved"))
        return
    _state().template_message = ("success", _('Saved as template "{name}".').format(name=saved.name))
    _state().template_name = ""


def _load_template() -> None:
    name = _state().template_pick
    identity = access.current()
    try:
        template = portal_store().template(name, visible_to=identity.owner, admin=identity.is_admin) if name else None
    except database.StoreUnavailable:
        _state().template_message = ("error", unreachable("The template"))
        return
    if template is None:
        _state().template_message = ("error", _("Choose a template first."))
        return
    fill_form(template.body, _('The form now holds template "{name}".').format(name=template.name))
    _state().template_message = None


def draft_bar() -> None:
    session = st.session_state
    notice = _state().take_form_notice()
    restored = drafts.DraftsState(session).take_notice()
    if restored is not None:
        notice = _("Your draft from {time} was restored.").format(time=clock(restored))
        if FormState(session).dataset_id:
            chosen = _("Its dataset, {dataset_id}, is chosen again.").format(dataset_id=FormState(session).dataset_id)
            notice += " " + chosen
        if SOURCES[form_state.source_of(session)].secrets:
            notice += " " + _("Passwords are never saved: type the password again.")
    if notice:
        st.info(md_escape(notice), icon=":material/restore_page:")
    if drafts.DraftsState(session).take_refused():
        st.warning(
            _(
                "That draft link is someone else's draft: it was not opened, and nothing in it was changed. "
                "This form is a new draft of your own."
            ),
            icon=":material/block:",
        )
    _spacer, middle, right = st.columns([3, 1, 1], vertical_alignment="center")
    with middle:
        st.button(
            _("Start over"),
            key=START_OVER,
            icon=":material/restart_alt:",
            on_click=drafts.start_over,
            help=_("Empty the form (the dataset stays chosen) and delete its saved draft."),
            width="stretch",
        )
    with right:
        # Drawn only while open: listing the templates opens the database, which a new session's page needs not.
        templates = st.popover(
            _("Templates"), icon=":material/bookmarks:", width="stretch", key=TEMPLATES_OPEN, on_change="rerun"
        )
    if templates.open:
        with templates:
            _template_panel()


def draft_state(saved: bool) -> None:
    """Whether the form is saved as a draft (services.drafts.save, at the start of the run, says)."""
    saved_at = drafts.DraftsState(st.session_state).saved[1]
    if drafts.DraftsState(st.session_state).too_large:
        st.caption(
            _(
                "This form is larger than a draft may be ({size}): it is not saved, and stays in this browser "
                "session only. Save it as a template or send it; fewer labels make it fit."
            ).format(size=size_text(MAX_DRAFT_BYTES))
        )
    elif not saved:
        st.caption(
            ":orange[" + _("The draft could not be saved (database unreachable); tried again at the next change.") + "]"
        )
    elif saved_at:
        st.caption(
            _("Draft saved {time} (no passwords).").format(
                time=clock(datetime.fromtimestamp(saved_at, UTC), with_date=False)
            )
        )


def _template_panel() -> None:
    identity = access.current()
    try:
        names = [t.name for t in portal_store().templates(visible_to=identity.owner, admin=identity.is_admin)]
    except database.StoreUnavailable:
        st.error(unreachable("The templates"))
        return
    st.text_input(_("Save this form as"), key=TEMPLATE_NAME, placeholder=_("Template name"))
    st.checkbox(
        _("Replace a template of that name"), key=TEMPLATE_REPLACE, help=_("Only one of your own (admins: any).")
    )
    if identity.signed_in:
        st.checkbox(
            _("Share with the team"), key=TEMPLATE_SHARED, help=_("Others may load it; only you or an admin change it.")
        )
    st.button(_("Save as template"), key=TEMPLATE_SAVE, icon=":material/bookmark_add:", on_click=_save_template)
    st.divider()
    st.selectbox(_("Template"), names, index=None, key=TEMPLATE_PICK, placeholder=_("Choose a template"))
    st.button(_("Load into the form"), key=TEMPLATE_LOAD, icon=":material/input:", on_click=_load_template)
    st.page_link("pages/templates.py", label=_("Manage templates"), icon=":material/bookmarks:")
    message = _state().template_message
    if message:
        (st.success if message[0] == "success" else st.error)(md_escape(message[1]))
