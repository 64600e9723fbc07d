"""The exact request that will be sent: masked preview, copy as curl or Python, download."""

import json
from typing import Any

import streamlit as st

from models import MASK

from . import snippets
from .form_state import SECRET_KEYS

REVEAL = "_reveal_secrets"


def _masked(body: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(body))
    for dotted in SECRET_KEYS:
        *parents, leaf = dotted.split(".")
        node: Any = copy
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and leaf in node:
            node[leaf] = MASK
    return copy


def request_preview(body: dict[str, Any], url: str) -> None:
    has_secret = _masked(body) != body
    if has_secret:
        st.toggle("Show secrets", key=REVEAL, help="The password is shown as •••• unless you reveal it.")
    shown = body if (has_secret and st.session_state.get(REVEAL)) else _masked(body)
    text = json.dumps(shown, indent=2, ensure_ascii=False)
    tab_json, tab_curl, tab_python = st.tabs(["Request body", "curl", "Python"])
    with tab_json:
        st.caption(f"POST {url}")
        st.code(text, language="json")
    with tab_curl:
        st.code(snippets.as_curl(url, body), language="bash")
        st.caption("Secrets are read from environment variables: export them before running.")
    with tab_python:
        st.code(snippets.as_python(url, body), language="python")
    st.download_button(
        "Download JSON",
        json.dumps(_masked(body), indent=2, ensure_ascii=False),
        file_name="import-task.json",
        mime="application/json",
        icon=":material/download:",
        help="The request body; a password is written as •••• so the file is safe to share.",
    )
