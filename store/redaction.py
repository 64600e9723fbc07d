"""Taking every secret out of a request body before it is stored.

The secrets a request body can carry are the source registry's (`models.SECRET_FIELDS`); besides those,
any key that names a password, secret, token, key or credential is dropped wherever it appears, so a
field added later cannot slip through.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Any

from models.data_sources import SECRET_NAMES

REDACTED = "***"
_SECRET_KEY = re.compile(
    r"pass(word|wd)?|secret|token|credential|private|(^|[_-])(sk|ak|access_key|secret_key|api_key)$|^authorization$",
    re.IGNORECASE,
)
_MIN_SECRET_LENGTH = 4  # shorter values would scrub ordinary words out of messages


def is_secret_key(key: str) -> bool:
    return key in SECRET_NAMES or bool(_SECRET_KEY.search(key))


def redact_body(body: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """The body without any secret-named key (at any depth), and whether something was removed."""
    removed = False

    def clean(value: Any) -> Any:
        nonlocal removed
        if isinstance(value, Mapping):
            kept = {}
            for key, inner in value.items():
                if is_secret_key(str(key)):
                    removed = removed or inner not in (None, "")
                    continue
                kept[str(key)] = clean(inner)
            return kept
        if isinstance(value, list):
            return [clean(item) for item in value]
        return copy.deepcopy(value)

    return clean(body), removed


def secret_values(body: Mapping[str, Any]) -> list[str]:
    """The values of the secret-named keys in `body` (to scrub them out of free text)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                if is_secret_key(str(key)) and isinstance(inner, str | int) and inner != "":
                    found.append(str(inner))
                else:
                    walk(inner)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    return found


def scrub(text: str | None, secrets: Iterable[str]) -> str | None:
    """`text` with each secret value replaced by ***."""
    if text is None:
        return None
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET_LENGTH}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
