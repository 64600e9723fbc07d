"""Text meant for a person, kept as a catalog message id and its parameters until it is shown.

`models/` (and `client/`, `preflight/`) know nothing of sessions or languages: what they have to say is a
`Message` whose id is the English text with `{name}` fields, and the page renders it in the reader's language
(services/i18n.py looks the id up in the catalog, locales/). `N_` marks a message id in a table so that the
catalog's extraction finds it (scripts/catalog.sh); it returns its argument unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    return message


@dataclass(frozen=True)
class Message:
    id: str  # the English text, with {name} fields: the catalog's key
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Any = None) -> str:
        """The text in the language `translate` (id -> text) gives; English without it. A parameter that is
        itself a Message is rendered in the same language."""
        if not self.id:
            return ""  # gettext answers the empty id with the catalog's header
        look_up = translate or (lambda text: text)
        values = {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        return look_up(self.id).format(**values) if values else look_up(self.id)

    def __str__(self) -> str:
        return self.render()

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted((name, repr(value)) for name, value in self.params.items()))))


Text = Message | str  # a Message, or text that is shown as it is (a name, a value the user typed)

LIST = N_(", ")  # between the items of a list
AND = N_(" and ")
OR = N_(" or ")


def message(text: Text) -> Message:
    """`text` as a Message: a plain string is a message id of its own (a title marked with N_, or a name that
    no catalog holds and so reads the same in every language)."""
    return text if isinstance(text, Message) else Message(text)


def join(parts: Iterable[Text], separator: Text = LIST) -> Message:
    """The parts one after another, with a separator that is itself translated (", " is "、" in Chinese). The id
    is built of fields only, so no catalog holds it: only the parts and the separator are translated."""
    values: dict[str, Any] = {f"p{index}": part for index, part in enumerate(parts)}
    if not values:
        return nothing()
    template = "{sep}".join("{" + name + "}" for name in values)
    values["sep"] = message(separator)
    return Message(template, values)


SENTENCES = N_("{sentence} {next}")  # one sentence after another: no space between them in Chinese


def sentences(parts: Iterable[Text]) -> Message:
    """Whole sentences one after another, as the reader's language writes them."""
    said: Message | None = None
    for part in parts:
        said = message(part) if said is None else Message(SENTENCES, {"sentence": said, "next": part})
    return said or nothing()


NO_TEXT = ""
VERBATIM = "{text}"  # no catalog holds it: the text is shown as it is


def verbatim(text: str) -> Message:
    """Text from outside (a key the user typed) as a Message that is never looked up in the catalog."""
    return Message(VERBATIM, {"text": text})


def nothing() -> Message:
    """A message that says nothing (renders as "")."""
    return Message(NO_TEXT)
