"""The models' verdict on the form's body, computed once per distinct body and dataset type.

The session keeps the verdict (the problems, and the source kind when the body is a valid request), not the
validated request: that is a tree of pydantic objects several times the body's size, held in every open
session. What needs the request itself (Check source) validates the body again when it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st
from pydantic import ValidationError

from models import ImportTaskRequest, Problem, check_request, field_problems
from models.limits import limit_problems
from services import form_state
from services.session_state.judgement import JudgementState

if TYPE_CHECKING:
    from services.session_state.judgement import Verdict


def judged(body: dict[str, Any], dataset_type: int | None) -> tuple[str, str | None, list[Problem], list[Problem]]:
    """(body key, source kind, errors, warnings). The key is `form_state.body_key`; the source kind (obs,
    dws, …) is the valid request's, None when the body is not a valid request.

    The problem lists are shared between reruns with the same body: treat them as read-only."""
    body_key = form_state.body_key(body)
    cached = JudgementState(st.session_state).verdict(body_key, dataset_type)
    if cached is not None:
        return body_key, *cached
    over = limit_problems(body)  # the portal's caps: more labels than it handles is not validated at all
    verdict: Verdict
    if over:
        verdict = (None, over, [])
        JudgementState(st.session_state).keep(body_key, dataset_type, verdict)
        return body_key, *verdict
    try:
        request = ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        verdict = (None, field_problems(exc), [])
    else:
        checks = check_request(request, dataset_type)
        verdict = (request.source_kind, checks.errors, checks.warnings)
    JudgementState(st.session_state).keep(body_key, dataset_type, verdict)
    return body_key, *verdict
