"""Text meant for a person, kept as a catalog message id and its parameters until it is shown.

`models/` (and `client/`, `preflight/`) know nothing of sessions or languages: what they have to say is a
`Message` whose id is the English text with `{name}` fields, and the page renders it in the reader's language
(services/i18n.py looks the id up in the catalog, locales/). `N_` marks a message id in a table so that the
catalog's extraction finds it (scripts/catalog.sh); it returns its argument unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
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
        look_up = translate or (lambda text: text)
        values = {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        return look_up(self.id).format(**values) if values else look_up(self.id)

    def __str__(self) -> str:
        return self.render()
