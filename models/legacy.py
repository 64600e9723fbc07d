"""Which older forms a pasted body uses, which the request model converts (models/request.py): said to the user
who pasted it, so nothing is changed silently."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .messages import N_, Message

LABEL_LISTS = ("included_labels", "excluded_labels", "included_tags")


def legacy_forms(raw: Mapping[str, Any]) -> list[Message]:
    """One sentence per conversion the model makes of `raw`, in the body's order; none for a current body."""
    found: list[Message] = []
    for key, value in raw.items():
        if key == "import_type" and not isinstance(value, bool) and str(value).strip() in ("0", "1"):
            read_as = "dir" if str(value).strip() == "0" else "manifest"
            found.append(Message(N_('import_type {value} was read as "{read_as}".'), {"value": repr(value),
                                                                                     "read_as": read_as}))
        elif key == "included_tags":
            found.append(Message(N_("included_tags (its old name) was read as included_labels.")))
        if key in LABEL_LISTS and isinstance(value, list):
            names = [item for item in value if isinstance(item, str)]
            if names:
                shown = ", ".join(repr(name) for name in names[:3]) + (" …" if len(names) > 3 else "")
                found.append(
                    Message(
                        N_("{key}: label names given as text ({names}) were read as labels with those names."),
                        {"key": key, "names": shown},
                    )
                )
    return found
