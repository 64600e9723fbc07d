"""The models' verdict on the form's body, computed once per distinct body and dataset type."""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from models import ImportTaskRequest, Problem, check_request, field_problems
from models.limits import limit_problems
from services import form_state
from services.session_state.judgement import JudgementState


def judged(
    body: dict[str, Any], dataset_type: int | None
) -> tuple[str, ImportTaskRequest | None, list[Problem], list[Problem]]:
    """(body key, request or None, errors, warnings). The key is the body's compact JSON.

    The request is shared between reruns with the same body: treat it as read-only."""
    body_key = form_state.body_json(st.session_state, body)
    cached = JudgementState(st.session_state).verdict(body_key, dataset_type)
    if cached is not None:
        return body_key, *cached
    over = limit_problems(body)  # the portal's caps: more labels than it handles is not validated at all
    verdict: tuple[ImportTaskRequest | None, list[Problem], list[Problem]]
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
        verdict = (request, checks.errors, checks.warnings)
    JudgementState(st.session_state).keep(body_key, dataset_type, verdict)
    return body_key, *verdict
