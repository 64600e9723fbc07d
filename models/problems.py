"""Turn pydantic's errors into problems a person can act on: the wire path, the field's name, the fix.

A problem's words are Messages (models/messages.py): the page renders them in the reader's language, and
`str()` gives the English (logs, tests, the sandbox).
"""

import difflib
import functools
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ._base import FINDING, Loc, got
from .messages import N_, Message, Text, join, message, verbatim
from .rule_table import BY_ID, say

Severity = Literal["error", "warning"]
# Rules meaning "a field still to fill in" (shown grey, apart from things to correct).
MISSING_KINDS = frozenset(
    {"missing", "required", "import_path_required", "source_field_required", "triplet_types_required"}
)


PATH_SEPARATOR = " › "
AT = N_("{where}: {message}")


@dataclass(frozen=True)
class Problem:
    path: Loc
    label: Message  # the field's human name ("Port")
    message: Message  # a whole sentence naming the field and the fix ("Port must be …")
    severity: Severity = "error"
    context: tuple[Text, ...] = ()  # the human names of the enclosing fields: ("Included labels", "2")
    kind: str = ""  # the rule's name (pydantic's error type), e.g. "required" for a field still to fill in

    @property
    def is_missing(self) -> bool:
        """A field still to fill in, rather than something filled in wrongly."""
        return self.kind in MISSING_KINDS

    @property
    def where(self) -> Message:
        """'Included labels › 2 › Label name': the path as a person reads it (list positions from 1)."""
        return join((*self.context, self.label), PATH_SEPARATOR)

    @property
    def text(self) -> Message:
        """The message, after the enclosing fields' names when there are any: 'Included labels › 2: …'."""
        if not self.context:
            return self.message
        return Message(AT, {"where": join(self.context, PATH_SEPARATOR), "message": self.message})

    @property
    def key(self) -> str:
        """The dotted wire path, which is also the form widget's key: data_source.source_info.port."""
        return ".".join(str(part) for part in self.path)


def blocking_problems(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that keep a request from being sent: errors block, warnings never do."""
    return [problem for problem in problems if problem.severity == "error"]


def problem_at(
    root: type[BaseModel] | None, path: Loc, rule_id: str, severity: Severity = "error", **values: Any
) -> Problem:
    """A broken rule found outside pydantic (dataset checks, warnings), labelled like field_problems does."""
    _, field = _resolve(root, path)
    label = _label(field, path)
    return Problem(path, label, say(rule_id, field=label, **values), severity, _context(root, path), rule_id)


def field_problems(exc: ValidationError, model: type[BaseModel] | None = None) -> list[Problem]:
    """One Problem per error of `exc`, in the order pydantic found them, each naming its field."""
    root = model or _model_named(exc.title)
    return [_problem(root, error) for error in exc.errors(include_url=False)]


def _problem(root: type[BaseModel] | None, error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    container, field = _resolve(root, loc)
    kind: str = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        return Problem(
            loc,
            verbatim(key) if key.strip() else Message(N_("(unnamed field)")),
            _unknown_key_message(key, container),
            context=_context(root, loc),
            kind=kind,
        )
    label = _label(field, loc)
    return Problem(loc, label, _message(kind, error, field, label), context=_context(root, loc), kind=kind)


def _context(root: type[BaseModel] | None, loc: Loc) -> tuple[Text, ...]:
    crumbs: list[Text] = []
    model = root
    for part in loc[:-1]:
        if isinstance(part, int):
            crumbs.append(str(part + 1))
            continue
        field = _field(model, part) if model else None
        crumbs.append(Message(field.title) if field and field.title else part)
        model = _nested_model(field) if field else None
    return tuple(crumbs)


# What pydantic's own type errors expect, as the json_type rule's {expected}.
EXPECTED = {
    "string_type": N_("text in quotes"),
    "bool_type": N_("true or false (a JSON Boolean, without quotes)"),
    "bool_parsing": N_("true or false (a JSON Boolean, without quotes)"),
    "int_type": N_("a whole number"),
    "int_parsing": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "list_type": N_("a list, written [ … ]"),
    "model_type": N_("an object, written { … }"),
    "model_attributes_type": N_("an object, written { … }"),
    "dict_type": N_("an object, written { … }"),
    "bool_not_integer": N_("a number, not true or false"),
    "string_unicode": N_("valid text"),
}
SIMPLE = {"missing": N_("{field} is required. Enter a value."), "json_invalid": N_("{field} is not valid JSON.")}
OTHER = N_("{field} {reason}")  # pydantic's own English words for a rule none of ours words


def _message(kind: str, error: Any, field: FieldInfo | None, label: Message) -> Message:
    """What is wrong, as a whole sentence naming the field (the rule table's `option` and `json_type`)."""
    ctx = error.get("ctx") or {}
    enum = _enum_of(field)
    given = got(error["input"]) if "input" in error else ""
    if kind in {"enum", "literal_error"} or (enum is not None and kind.endswith("_type") and kind != "json_type"):
        choices = enum.describe() if enum is not None and hasattr(enum, "describe") else ctx.get("expected")
        return say("option", field=label, choices=choices, got=given)
    if kind in EXPECTED:
        return say("json_type", field=label, expected=Message(EXPECTED[kind]), got=given)
    if kind in SIMPLE:
        return Message(SIMPLE[kind], {"field": label})
    if kind in BY_ID and FINDING in ctx:  # our own rules (models._base.custom_error) say what is wrong and the fix
        return say(kind, field=label, **ctx[FINDING])
    reason: str = error["msg"]
    if kind.startswith(("value_error", "assertion_error")):
        reason = reason.split(", ", 1)[-1]
    return Message(OTHER, {"field": label, "reason": reason})


def _unknown_key_message(key: str, container: type[BaseModel] | None) -> Message:
    # Match on the Python names too: {"color": …} means "@modelarts:color".
    wire_by_spelling: dict[str, str] = {}
    for name, field in container.model_fields.items() if container else []:
        wire = field.alias or name
        wire_by_spelling[wire.lower()] = wire
        wire_by_spelling[name.lower()] = wire
    close = difflib.get_close_matches(key.lower(), list(wire_by_spelling), n=1, cutoff=0.6)
    hint: Text = Message(N_(' Did you mean "{name}"?'), {"name": wire_by_spelling[close[0]]}) if close else ""
    where = _model_title(container) if container else Message(N_("this object"))
    return say("unknown_field", field=key, where=where, hint=hint)


def _model_title(model: type[BaseModel]) -> Text:
    return Message(N_("the request body")) if model is _root_model() else model.__name__


def _label(field: FieldInfo | None, loc: Loc) -> Message:
    if field is not None and field.title:
        return Message(field.title)
    names = [part for part in loc if isinstance(part, str)]
    return message(names[-1].replace("_", " ").capitalize() if names else N_("The request"))


def _resolve(root: type[BaseModel] | None, loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model holding the last named part of `loc`, and that part's field."""
    model, field = root, None
    for index, part in enumerate(loc):
        if isinstance(part, int):
            continue
        if model is None:
            return None, None
        field = _field(model, part)
        if field is None:
            return model, None
        if index < len(loc) - 1:
            nested = _nested_model(field)
            if nested is None:
                return model, field
            model = nested
    return model, field


# The three below look at classes and their fields, which never change: each answer is kept. A check of
# thousands of labels asks the same few questions for each label's problem.
@functools.cache
def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


@functools.cache
def _nested_model(field: FieldInfo) -> type[BaseModel] | None:
    for candidate in _leaf_types(field.annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


@functools.cache
def _enum_of(field: FieldInfo | None) -> type[Enum] | None:
    if field is None:
        return None
    for candidate in _leaf_types(field.annotation):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    return None


def _leaf_types(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaf_types(arg)]
    return [annotation]


def _root_model() -> type[BaseModel]:
    from .request import ImportTaskRequest

    return ImportTaskRequest


def _model_named(name: str) -> type[BaseModel] | None:
    from . import dataset, request, responses

    for module in (request, responses, dataset):
        candidate = getattr(module, name, None)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
