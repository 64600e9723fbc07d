"""The portal's own caps on what one request may hold. Not the service's rules: what a browser session can
hold and redraw at once, so that many sessions fit in the memory stated in README (bench/session_memory.py).
Each comes with a message that names the cap and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .messages import N_, Message, Text
from .problems import Problem

MAX_BODY_BYTES = 1024 * 1024  # a pasted request body, a template, a draft (as UTF-8 JSON)
MAX_LABELS = 10_000  # included_labels and excluded_labels together
MAX_ATTRIBUTES_PER_LABEL = 100
MAX_DRAFT_BYTES = MAX_BODY_BYTES
MAX_JSON_DEPTH = 32  # a request body is about 8 levels deep; deeper is no request

LABEL_LISTS = ("included_labels", "excluded_labels")


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 100 * 1024 else f"{size / 1024:.0f} KB"


def too_large(what: Text, size: int, cap: int = MAX_BODY_BYTES) -> Message | None:
    """The message for `what` of `size` bytes when it is over `cap`; None when it fits."""
    if size <= cap:
        return None
    return Message(
        N_(
            "{what} is larger than the portal takes (at most {cap}). Split the labels over several imports, or "
            "send a body this large with the API directly."
        ),
        {"what": what, "cap": size_text(cap)},
    )


def limit_problems(body: Mapping[str, Any]) -> list[Problem]:
    """Problems for the caps on labels and attributes that `body` goes over (empty when within them)."""
    problems: list[Problem] = []
    lists = [(key, body.get(key)) for key in LABEL_LISTS]
    count = sum(len(labels) for _, labels in lists if isinstance(labels, list))
    if count > MAX_LABELS:
        key = max(lists, key=lambda item: len(item[1]) if isinstance(item[1], list) else 0)[0]
        problems.append(
            Problem(
                (key,), Message(N_("Labels")),
                Message(
                    N_("The request names {count} labels; the portal takes at most {most} per import. Split the "
                       "labels over several imports."),
                    {"count": f"{count:,}", "most": f"{MAX_LABELS:,}"},
                ),
                kind="limit",
            )
        )  # fmt: skip
    for key, labels in lists:
        for index, label in enumerate(labels if isinstance(labels, list) else []):
            attributes = label.get("attributes") if isinstance(label, Mapping) else None
            if isinstance(attributes, list) and len(attributes) > MAX_ATTRIBUTES_PER_LABEL:
                name = label.get("name")
                problems.append(
                    Problem(
                        (key, index, "attributes"), Message(N_("Attributes")),
                        Message(
                            N_("Label {name} has {count} attributes; the portal takes at most {most} per label. "
                               "Keep the ones the annotators need."),
                            {"name": repr(name), "count": f"{len(attributes):,}", "most": MAX_ATTRIBUTES_PER_LABEL},
                        ),
                        kind="limit",
                    )
                )  # fmt: skip
    return problems
