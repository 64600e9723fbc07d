"""Which older forms a pasted body uses, which the request model converts (models/request.py): said to the user
who pasted it, so nothing is changed silently."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LABEL_LISTS = ("included_labels", "excluded_labels", "included_tags")


def legacy_forms(raw: Mapping[str, Any]) -> list[str]:
    """One sentence per conversion the model makes of `raw`, in the body's order; none for a current body."""
    found: list[str] = []
    for key, value in raw.items():
        if key == "import_type" and not isinstance(value, bool) and str(value).strip() in ("0", "1"):
            found.append(f'import_type {value!r} was read as "{"dir" if str(value).strip() == "0" else "manifest"}".')
        elif key == "included_tags":
            found.append("included_tags (its old name) was read as included_labels.")
        if key in LABEL_LISTS and isinstance(value, list):
            names = [item for item in value if isinstance(item, str)]
            if names:
                shown = ", ".join(repr(name) for name in names[:3]) + (" …" if len(names) > 3 else "")
                found.append(f"{key}: label names given as text ({shown}) were read as labels with those names.")
    return found
