"""What every wire model shares, and the one way a rule reports problems on named fields."""

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from .messages import N_, Message, Text

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


FINDING = "finding"  # where a broken rule's values travel in a pydantic error's ctx, for models.problems


def custom_error(rule_id: str, **values: Any) -> PydanticCustomError:
    """A broken rule of the rule table as a pydantic error: its values in the ctx (models.problems words the
    message for the field, in any language), its English text as the error's own message (for logs)."""
    from .rule_table import say

    english = say(rule_id, field="", **values).render().strip()
    return PydanticCustomError(rule_id, english, {FINDING: values})


def raise_rules(model: type[BaseModel], broken: Iterable[InitErrorDetails]) -> None:
    """Raise every broken rule at once, so the user sees all of them, each on its own field."""
    errors = list(broken)
    if errors:
        raise ValidationError.from_exception_data(model.__name__, errors, hide_input=True)


def broken(rule_id: str, loc: Loc, value: Any = None, **values: Any) -> InitErrorDetails:
    """A broken rule of the rule table at `loc`, a path relative to the model being validated."""
    return InitErrorDetails(type=custom_error(rule_id, **values), loc=loc, input=value)


def refuse(finding: tuple[str, dict[str, Any]] | None) -> None:
    """In a field validator: raise the finding when its rule is an error (warnings are check_request's)."""
    from .rule_table import BY_ID

    if finding is not None and BY_ID[finding[0]].level == "error":
        raise custom_error(finding[0], **finding[1])


def reject_bool(value: Any) -> Any:
    """JSON true/false is not an Integer, although Python treats it as one."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_integer", "expects a number, not true/false")
    return value


def json_integer(value: Any) -> Any:
    """An Integer of the spec is a JSON number: not true/false (which Python counts as 1/0), not "1" or 1.0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise custom_error("json_type", expected=Message(N_("a whole number, not text or true/false")), got=got(value))


GOT = N_(" (got {value})")


def got(value: Any) -> Text:
    """' (got …)' for a message, short, and never the value of a long text."""
    if isinstance(value, bool):
        return Message(GOT, {"value": str(value).lower()})
    if isinstance(value, int | float):
        return Message(GOT, {"value": value})
    if isinstance(value, str) and len(value) <= 40:
        return Message(GOT, {"value": repr(value)})
    if isinstance(value, list):
        return Message(N_(" (got a list)"))
    if isinstance(value, dict):
        return Message(N_(" (got an object)"))
    if value is None:
        return Message(GOT, {"value": "null"})
    return ""


def int_to_str(value: Any) -> Any:
    """`port`, `cluster_mode` and `label_type` are Strings on the wire; old clients send numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
