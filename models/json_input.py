"""JSON text from outside (a paste, a file): parsed with every way it can fail named, never raised as is.

Python's json gives up on some texts with RecursionError (arrays nested thousands of times) or ValueError (an
integer of more than 4,300 digits), and accepts escapes of unpaired surrogates ("\\ud800") that no UTF-8 text
can hold, which break whatever shows or sends the value later. Each becomes a JsonInputError whose text says
what is wrong, so the caller can show it and leave the form as it was.
"""

from __future__ import annotations

import json
from typing import Any

from .limits import MAX_BODY_BYTES, MAX_JSON_DEPTH, too_large


class JsonInputError(ValueError):
    """What is wrong with the text, in words a person can act on."""


def parse_json(text: str | bytes, what: str = "The pasted body", max_bytes: int = MAX_BODY_BYTES) -> Any:
    """The JSON value of `text`, or JsonInputError. `what` names the text in messages."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    message = too_large(what, size, max_bytes)
    if message:
        raise JsonInputError(message)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonInputError(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except RecursionError:
        raise JsonInputError(f"{what} is nested too deeply to be read (arrays or objects inside each other).") from None
    except UnicodeDecodeError:
        raise JsonInputError(f"{what} is not UTF-8 text.") from None
    except ValueError:  # int_max_str_digits
        raise JsonInputError(f"{what} holds a number with too many digits (more than 4,300).") from None
    _check_values(value, what)
    return value


def _check_values(value: Any, what: str) -> None:
    """Depth within MAX_JSON_DEPTH and every text valid Unicode, walked without recursion."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        node, depth, where = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise JsonInputError(
                f"{what} is nested more than {MAX_JSON_DEPTH} levels deep (at {where}); no request body is."
            )
        if isinstance(node, dict):
            for key, inner in node.items():
                _check_text(key, f"{where}.{key}".lstrip(".") if _valid(key) else where or "the top", what)
                stack.append((inner, depth + 1, f"{where}.{key}".lstrip(".")))
        elif isinstance(node, list):
            stack.extend((inner, depth + 1, f"{where}[{index}]") for index, inner in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, where or "the top", what)


def _valid(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text(text: str, where: str, what: str) -> None:
    if not _valid(text):
        raise JsonInputError(
            f"{what} holds text that is not valid Unicode at {where} (an unpaired surrogate escape such as "
            "\\ud800). Remove or correct that escape."
        )
