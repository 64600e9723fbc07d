"""The exact request that will be sent: masked preview, copy as curl or Python, download.

Only the chosen view is drawn, and the JSON text is made once per distinct body, so a request with
hundreds of labels costs little on each rerun.

The body is shown as plain preformatted text, not as a code block: the first code block on a page makes the
browser download and run Streamlit's syntax highlighter (~1.5 MB of JavaScript, ~0.3 s of the main thread on
a first visit), and the body is the only code block a new session's page has. A click on it selects it whole,
ready to copy. The curl and Python views, drawn only when chosen, are code blocks with a copy button.

A long list (a body with thousands of labels) is shown folded, its first items and a line saying how many
more there are, unless the reader asks to see it whole: nobody reads 30,000 lines, and the browser would
otherwise lay them out again after every change. Download JSON always gives the whole body.
"""

import html
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from models import MASK, SECRET_FIELDS, Problem
from models.messages import N_
from services.i18n import _, number, render
from services.session_state.preview import REVEAL, UNFOLD, VIEW, PreviewState

from . import snippets
from .text import md_escape

VIEWS = {"body": N_("Request body"), "curl": "curl", "python": "Python"}
BODY_CLASS = "request-body"  # the body's <pre>, for pages and tests that look for the preview
BODY_STYLE = (
    "margin: 0; padding: 1rem; border-radius: 0.5rem; background: rgba(128, 128, 128, 0.1); overflow-x: auto;"
    ' font-family: "Source Code Pro", monospace; font-size: 0.875rem; line-height: 1.6; white-space: pre;'
    " user-select: all"
)
BODY_TITLE = N_("A click selects the whole body: copy it with Ctrl+C or ⌘C")
FOLDED_TITLE = N_("A click selects what is shown. Long lists are folded: Download JSON gives the whole body.")
FOLD_BEYOND = 50  # a list with more items than this is folded...
FOLD_SHOWN = 20  # ...to its first items
# Stands in a folded list for the items left out until the JSON text is written; random, so that no value
# typed in the form can pass for it.
_FOLD_MARK = f"fold-{secrets.token_hex(8)}"
_FOLD_MARK_TEXT = re.compile(rf'"{_FOLD_MARK}:(\d+):(\d+)"')
FOLD_STYLE = "opacity: 0.65; font-style: italic; user-select: none"


def masked(body: dict[str, Any]) -> dict[str, Any]:
    """The body with every secret replaced by ••••; the input is left as it is."""
    copy = dict(body)
    for dotted in SECRET_FIELDS:
        *parents, leaf = dotted.split(".")
        chain: list[dict[str, Any]] = [copy]
        for part in parents:
            node = chain[-1].get(part)
            if not isinstance(node, dict):
                break
            chain[-1][part] = dict(node)  # copy only the dicts on the secret's path
            chain.append(chain[-1][part])
        else:
            if leaf in chain[-1]:
                chain[-1][leaf] = MASK
    return copy


@dataclass(frozen=True)
class Markup:
    """HTML that st.html takes as it is (`_repr_html_`): a string would first be dedented, line by line,
    which for a body with 500 labels costs ~5 ms on every rerun."""

    html: str = field(repr=False)  # with secrets revealed, it holds them

    def _repr_html_(self) -> str:
        return self.html


def folded(value: Any) -> tuple[Any, bool]:
    """(`value` with each list of more than FOLD_BEYOND items cut to its first FOLD_SHOWN and a mark for the
    rest, whether any was cut). Only what is cut is copied."""
    if isinstance(value, dict):
        pairs = [(key, folded(item)) for key, item in value.items()]
        if not any(cut for _key, (_item, cut) in pairs):
            return value, False
        return {key: item for key, (item, _cut) in pairs}, True
    if isinstance(value, list):
        shown = value[:FOLD_SHOWN] if len(value) > FOLD_BEYOND else value
        items = [folded(item) for item in shown]
        cut = len(shown) < len(value)
        if not cut and not any(inner for _item, inner in items):
            return value, False
        kept = [item for item, _inner in items]
        if cut:
            kept.append(f"{_FOLD_MARK}:{len(value) - len(shown)}:{len(value)}")
        return kept, True
    return value, False


def _fold_line(found: re.Match[str]) -> str:
    more, total = int(found.group(1)), int(found.group(2))
    text = _("… and {count} more, not shown ({total} in all)").format(count=number(more), total=number(total))
    return f"<span style='{FOLD_STYLE}'>{html.escape(text, quote=False)}</span>"


def _body_block(body: dict[str, Any], body_key: str, reveal: bool, unfold: bool) -> tuple[Markup, bool]:
    """(the body's block, whether it folds a list)."""
    cache_key = f"{_(BODY_TITLE)}\n{body_key}"  # the block holds texts: another language draws it anew
    cached = PreviewState(st.session_state).block(cache_key, reveal, unfold)
    if cached is not None:
        return cached
    whole = body if reveal else masked(body)
    shown_body, folds = folded(whole)
    # Quotes need no escaping in an element's text (only <, > and &): as &quot; they took a third of the block.
    text = html.escape(json.dumps(whole if unfold else shown_body, indent=2, ensure_ascii=False), quote=False)
    if folds and not unfold:
        text = _FOLD_MARK_TEXT.sub(_fold_line, text)
    title = html.escape(_(FOLDED_TITLE if folds and not unfold else BODY_TITLE), quote=True)
    block = Markup(f"<pre class='{BODY_CLASS}' style='{BODY_STYLE}' title='{title}'>{text}</pre>")
    PreviewState(st.session_state).keep(cache_key, reveal, unfold, block, folds)
    return block, folds


def request_preview(
    body: dict[str, Any],
    body_key: str,
    url: str,
    warnings: list[Problem] | None = None,
    *,
    auth: str = "token",
    project_id: str | None = None,
    iam_endpoint: str | None = None,
) -> None:
    """`body_key` identifies the body's content (e.g. its compact JSON); it keys the cached block. `warnings`
    are shown beside it: the body is sent as it is, they only inform. `auth` (the connection's kind),
    `project_id` and `iam_endpoint` decide how the curl and Python snippets authenticate."""
    has_secret = masked(body) != body
    reveal = False
    if has_secret:
        reveal = st.toggle(
            _("Show secrets"), key=REVEAL, help=_("The password is shown as •••• unless you reveal it.")
        )
    names = {view: _(name) for view, name in VIEWS.items()}  # named now, in this run's language
    view = st.segmented_control(
        _("View"),
        list(VIEWS),
        format_func=names.__getitem__,
        key=VIEW,
        default="body",
        required=True,
        label_visibility="collapsed",
    )
    st.text(f"POST {url}")  # plain text, to copy as it is
    if warnings:
        notes = " · ".join(render(problem.text) for problem in warnings[:3])
        if len(warnings) > 3:
            sentence = _("Sent as shown, with {count} warning(s): {notes} (and {more} more, listed above)")
        else:
            sentence = _("Sent as shown, with {count} warning(s): {notes}")
        text = sentence.format(count=len(warnings), notes=md_escape(notes), more=len(warnings) - 3)
        st.caption(f":orange[:material/warning: {text}]")
    if view == "curl":
        st.code(snippets.as_curl(url, body, auth, project_id, iam_endpoint), language="bash")
        st.caption(_("Run it in bash. Secrets are read from environment variables: export them before running."))
    elif view == "python":
        st.code(snippets.as_python(url, body, auth, project_id, iam_endpoint), language="python")
        st.caption(_("Secrets are read from environment variables: export them before running."))
    else:
        block, folds = _body_block(body, body_key, reveal, PreviewState(st.session_state).unfold)
        if folds:
            st.toggle(
                _("Show long lists whole"),
                key=UNFOLD,
                help=_("Lists of more than {count} items are shown folded to their first {shown}.").format(
                    count=FOLD_BEYOND, shown=FOLD_SHOWN
                ),
            )
        st.html(block)
    st.download_button(
        _("Download JSON"),
        lambda: json.dumps(masked(body), indent=2, ensure_ascii=False),
        file_name="import-task.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        help=_("The request body; a password is written as •••• so the file is safe to share."),
    )
