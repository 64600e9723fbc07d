"""Filling the whole form from a pasted request body."""

import streamlit as st
from pydantic import ValidationError

from models import ImportTaskRequest, field_problems
from models.json_input import JsonInputError, parse_json
from models.legacy import legacy_forms
from models.limits import MAX_ATTRIBUTES_PER_LABEL, MAX_BODY_BYTES, MAX_LABELS, limit_problems, size_text
from services import form_state
from services.i18n import _, number, render
from services.session_state.load_json import LOAD, REQUEST_JSON, LoadJsonState

from .text import md_escape


def _load() -> None:
    text = LoadJsonState(st.session_state).request_json or ""
    try:
        body = parse_json(text)
    except JsonInputError as exc:
        LoadJsonState(st.session_state).problems = [exc.message]
        return
    if not isinstance(body, dict):
        LoadJsonState(st.session_state).problems = [_("The pasted body must be a JSON object, written { … }.")]
        return
    over = limit_problems(body)
    if over:
        LoadJsonState(st.session_state).problems = [p.message for p in over]
        return
    try:
        request = ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        LoadJsonState(st.session_state).problems = [p.text for p in field_problems(exc)]
        return
    form_state.load_into(st.session_state, request.to_body())
    LoadJsonState(st.session_state).problems = []
    LoadJsonState(st.session_state).loaded = (_("The form now holds the pasted request."), legacy_forms(body))


def load_json_panel() -> None:
    with st.expander(_("Load request JSON"), expanded=bool(LoadJsonState(st.session_state).problems)):
        st.text_area(
            _("Request body"),
            key=REQUEST_JSON,
            height=180,
            max_chars=MAX_BODY_BYTES + 1,  # a longer paste is cut here, in the browser, and refused below
            placeholder='{"import_type": "dir", "import_path": "s3://bucket/folder/"}',
            help=_(
                "Paste a body from the docs or a colleague. Old forms (import_type 0/1, included_tags, label names "
                "as strings) are accepted and converted. At most {size}, {labels} labels and {attributes} "
                "attributes per label."
            ).format(size=size_text(MAX_BODY_BYTES), labels=number(MAX_LABELS), attributes=MAX_ATTRIBUTES_PER_LABEL),
        )
        st.button(_("Fill the form"), key=LOAD, on_click=_load, icon=":material/input:")
        problems = LoadJsonState(st.session_state).problems
        if problems:
            st.error(_("The form was left as it was. The pasted body has these problems:"))
            for problem in problems:
                st.markdown(f"- {md_escape(render(problem))}")  # a Message, shown in the reader's language
        loaded = LoadJsonState(st.session_state).take_loaded()
        if loaded:
            message, converted = loaded
            st.success(md_escape(message))
            if converted:
                st.info(_("Older forms in it were converted:"), icon=":material/swap_horiz:")
                for sentence in converted:
                    st.markdown(f"- {md_escape(render(sentence))}")
