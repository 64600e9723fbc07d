"""Turn pydantic's errors into problems a person can act on: the wire path, the field's name, the fix."""

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ._base import Loc, got
from .rule_table import say

Severity = Literal["error", "warning"]
# Rules meaning "a field still to fill in" (shown grey, apart from things to correct).
MISSING_KINDS = frozenset(
    {"missing", "required", "import_path_required", "source_field_required", "triplet_types_required"}
)


@dataclass(frozen=True)
class Problem:
    path: Loc
    label: str
    message: str
    severity: Severity = "error"
    context: tuple[str, ...] = ()  # the human names of the enclosing fields: ("Included labels", "2")
    kind: str = ""  # the rule's name (pydantic's error type), e.g. "required" for a field still to fill in

    @property
    def is_missing(self) -> bool:
        """A field still to fill in, rather than something filled in wrongly."""
        return self.kind in MISSING_KINDS

    @property
    def where(self) -> str:
        """'Included labels › 2 › Label name': the path as a person reads it (list positions from 1)."""
        return " › ".join((*self.context, self.label))

    @property
    def text(self) -> str:
        return f"{' › '.join(self.context)}: {self.message}" if self.context else self.message

    @property
    def key(self) -> str:
        """The dotted wire path, which is also the form widget's key: data_source.source_info.port."""
        return ".".join(str(part) for part in self.path)


def blocking_problems(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that keep a request from being sent: errors block, warnings never do."""
    return [problem for problem in problems if problem.severity == "error"]


def problem_at(
    root: type[BaseModel] | None, path: Loc, message: str, severity: Severity = "error", kind: str = ""
) -> Problem:
    """A problem found outside pydantic (dataset checks, warnings), labelled like field_problems does."""
    _, field = _resolve(root, path)
    label = _label(field, path)
    return Problem(path, label, _sentence(label, message), severity, _context(root, path), kind)


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
            key if key.strip() else "(unnamed field)",
            _unknown_key_message(key, container),
            context=_context(root, loc),
            kind=kind,
        )
    label = _label(field, loc)
    message = _sentence(label, _predicate(kind, error, field))
    return Problem(loc, label, message, context=_context(root, loc), kind=kind)


def _context(root: type[BaseModel] | None, loc: Loc) -> tuple[str, ...]:
    crumbs: list[str] = []
    model = root
    for part in loc[:-1]:
        if isinstance(part, int):
            crumbs.append(str(part + 1))
            continue
        field = _field(model, part) if model else None
        crumbs.append(str(field.title) if field and field.title else part)
        model = _nested_model(field) if field else None
    return tuple(crumbs)


def _predicate(kind: str, error: Any, field: FieldInfo | None) -> str:
    """What is wrong, phrased to follow the field's name (the rule table's `option` and `json_type`)."""
    ctx = error.get("ctx") or {}
    enum = _enum_of(field)
    given = got(error["input"]) if "input" in error else ""
    if kind in {"enum", "literal_error"} or (enum is not None and kind.endswith("_type") and kind != "json_type"):
        choices = enum.describe() if enum is not None and hasattr(enum, "describe") else ctx.get("expected")
        return say("option", choices=choices, got=given)
    expected = {
        "string_type": "text in quotes",
        "bool_type": "true or false (a JSON Boolean, without quotes)",
        "bool_parsing": "true or false (a JSON Boolean, without quotes)",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "list_type": "a list, written [ … ]",
        "model_type": "an object, written { … }",
        "model_attributes_type": "an object, written { … }",
        "dict_type": "an object, written { … }",
        "bool_not_integer": "a number, not true or false",
        "string_unicode": "valid text",
    }
    if kind in expected:
        return say("json_type", expected=expected[kind], got=given)
    simple = {"missing": "is required. Enter a value.", "json_invalid": "is not valid JSON."}
    if kind in simple:
        return simple[kind]
    # Our own rules (PydanticCustomError) already say what is wrong and how to fix it.
    message: str = error["msg"]
    if kind.startswith(("value_error", "assertion_error")):
        message = message.split(", ", 1)[-1]
    return message


def _sentence(label: str, predicate: str) -> str:
    return f"{label} {predicate}".strip()


def _unknown_key_message(key: str, container: type[BaseModel] | None) -> str:
    # Match on the Python names too: {"color": …} means "@modelarts:color".
    wire_by_spelling: dict[str, str] = {}
    for name, field in container.model_fields.items() if container else []:
        wire = field.alias or name
        wire_by_spelling[wire.lower()] = wire
        wire_by_spelling[name.lower()] = wire
    close = difflib.get_close_matches(key.lower(), list(wire_by_spelling), n=1, cutoff=0.6)
    hint = f' Did you mean "{wire_by_spelling[close[0]]}"?' if close else ""
    where = _model_title(container) if container else "this object"
    return f'"{key}" ' + say("unknown_field", where=where, hint=hint)


def _model_title(model: type[BaseModel]) -> str:
    return "the request body" if model is _root_model() else model.__name__


def _label(field: FieldInfo | None, loc: Loc) -> str:
    if field is not None and field.title:
        return field.title
    names = [part for part in loc if isinstance(part, str)]
    return names[-1].replace("_", " ").capitalize() if names else "The request"


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


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _nested_model(field: FieldInfo) -> type[BaseModel] | None:
    for candidate in _leaf_types(field.annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


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
