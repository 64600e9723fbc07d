"""What every wire model shares, and the one way a rule reports problems on named fields."""

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Loc = tuple[str | int, ...]


class WireModel(BaseModel):
    """A strict model of one table of the spec: unknown keys are errors, wire names are aliases."""

    model_config = ConfigDict(
        extra="forbid",
        use_enum_values=True,
        hide_input_in_errors=True,  # str(ValidationError) must never echo a password
    )

    def to_body(self) -> dict[str, Any]:
        """The canonical wire body: aliases on, `None` left out, no default added."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class LenientModel(BaseModel):
    """A model of something the service sends back: unknown keys are kept out, nothing is refused."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, use_enum_values=True)

    def to_body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def rule(loc: Loc, kind: str, message: str, value: Any = None) -> InitErrorDetails:
    """One broken rule at a wire path relative to the model being validated."""
    # The message is final text; braces would be read as a template by pydantic.
    safe = message.replace("{", "{{").replace("}", "}}")
    return InitErrorDetails(type=PydanticCustomError(kind, safe), loc=loc, input=value)


def raise_rules(model: type[BaseModel], broken: Iterable[InitErrorDetails]) -> None:
    """Raise every broken rule at once, so the user sees all of them, each on its own field."""
    errors = list(broken)
    if errors:
        raise ValidationError.from_exception_data(model.__name__, errors, hide_input=True)


def broken(rule_id: str, loc: Loc, value: Any = None, **values: Any) -> InitErrorDetails:
    """A broken rule of the rule table at `loc`, in the table's words."""
    from .rule_table import say

    return rule(loc, rule_id, say(rule_id, **values), value)


def refuse(finding: tuple[str, dict[str, Any]] | None) -> None:
    """In a field validator: raise the finding when its rule is an error (warnings are check_request's)."""
    from .rule_table import BY_ID, say

    if finding is not None and BY_ID[finding[0]].level == "error":
        message = say(finding[0], **finding[1])
        raise PydanticCustomError(finding[0], message.replace("{", "{{").replace("}", "}}"))


def reject_bool(value: Any) -> Any:
    """JSON true/false is not an Integer, although Python treats it as one."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_integer", "expects a number, not true/false")
    return value


def json_integer(value: Any) -> Any:
    """An Integer of the spec is a JSON number: not true/false (which Python counts as 1/0), not "1" or 1.0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    from .rule_table import say

    raise PydanticCustomError(
        "json_type", say("json_type", expected="a whole number, not text or true/false", got=got(value))
    )


def got(value: Any) -> str:
    """' (got …)' for a message, short, and never the value of a long text."""
    if isinstance(value, bool):
        return f" (got {str(value).lower()})"
    if isinstance(value, int | float):
        return f" (got {value})"
    if isinstance(value, str) and len(value) <= 40:
        return f" (got {value!r})"
    if isinstance(value, list):
        return " (got a list)"
    if isinstance(value, dict):
        return " (got an object)"
    if value is None:
        return " (got null)"
    return ""


def int_to_str(value: Any) -> Any:
    """`port`, `cluster_mode` and `label_type` are Strings on the wire; old clients send numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
