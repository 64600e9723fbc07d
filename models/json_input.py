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
from .messages import N_, Message, Text

PASTED_BODY = N_("The pasted body")


class JsonInputError(ValueError):
    """What is wrong with the text, in words a person can act on: `message` (str() gives it in English)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def parse_json(text: str | bytes, what: Text = PASTED_BODY, max_bytes: int = MAX_BODY_BYTES) -> Any:
    """The JSON value of `text`, or JsonInputError. `what` names the text in messages (a Message, or a name)."""
    what = Message(what) if isinstance(what, str) else what
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    message = too_large(what, size, max_bytes)
    if message:
        raise JsonInputError(message)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            Message(
                N_("{what} is not valid JSON: {reason} at line {line}, column {column}."),
                {"what": what, "reason": exc.msg, "line": exc.lineno, "column": exc.colno},
            )
        ) from None
    except RecursionError:
        raise JsonInputError(
            Message(N_("{what} is nested too deeply to be read (arrays or objects inside each other)."), {"what": what})
        ) from None
    except UnicodeDecodeError:
        raise JsonInputError(Message(N_("{what} is not UTF-8 text."), {"what": what})) from None
    except ValueError:  # int_max_str_digits
        raise JsonInputError(
            Message(N_("{what} holds a number with too many digits (more than 4,300)."), {"what": what})
        ) from None
    _check_values(value, what)
    return value


def _check_values(value: Any, what: Message) -> None:
    """Depth within MAX_JSON_DEPTH and every text valid Unicode, walked without recursion."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        node, depth, where = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise JsonInputError(
                Message(
                    N_("{what} is nested more than {most} levels deep (at {where}); no request body is."),
                    {"what": what, "most": MAX_JSON_DEPTH, "where": where},
                )
            )
        if isinstance(node, dict):
            for key, inner in node.items():
                _check_text(key, f"{where}.{key}".lstrip(".") if _valid(key) else where or TOP, what)
                stack.append((inner, depth + 1, f"{where}.{key}".lstrip(".")))
        elif isinstance(node, list):
            stack.extend((inner, depth + 1, f"{where}[{index}]") for index, inner in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, where or TOP, what)


TOP = Message(N_("the top"))


def _valid(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text(text: str, where: Text, what: Message) -> None:
    if not _valid(text):
        raise JsonInputError(
            Message(
                N_(
                    "{what} holds text that is not valid Unicode at {where} (an unpaired surrogate escape such as "
                    "\\ud800). Remove or correct that escape."
                ),
                {"what": what, "where": where},
            )
        )
