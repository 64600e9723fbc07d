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


def reject_bool(value: Any) -> Any:
    """JSON true/false is not an Integer, although Python treats it as one."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_integer", "expects a number, not true/false")
    return value


def int_to_str(value: Any) -> Any:
    """`port`, `cluster_mode` and `label_type` are Strings on the wire; old clients send numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
