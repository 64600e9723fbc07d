"""What the store hands out: plain frozen records, detached from the database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from models.messages import Message, Text, message

LOCAL_USER = "local user"
# "unknown": the request left but its answer was lost (timeout, dropped connection), so the task may exist.
OUTCOMES = ("sending", "sent", "failed", "unknown")
MAY_EXIST = ("sending", "sent", "unknown")  # outcomes after which the task may exist


@dataclass(frozen=True)
class SubmissionRecord:
    id: int
    created_at: datetime
    user: str
    target: str
    endpoint: str
    project_id: str
    dataset_id: str
    body: dict[str, Any]
    secrets_removed: bool
    outcome: str
    task_id: str | None = None
    message: str | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True)
class Draft:
    draft_id: str
    body: dict[str, Any]
    updated_at: datetime
    dataset_id: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Template:
    id: int
    name: str
    body: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    owner: str | None = None  # None: from before templates had owners (only an admin changes it)
    shared: bool = True


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    user: str
    action: str
    detail: str


@dataclass(frozen=True)
class Preferences:
    """What a signed-in person chose for themselves; None where they chose nothing."""

    owner: str
    language: str | None = None


@dataclass(frozen=True)
class TemplateImport:
    """What importing a templates file did: names added, and names changed to avoid a clash (old -> new)."""

    added: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)


class StoreError(Exception):
    """A store operation the caller can explain to the user (bad name, unknown template, bad file): `message`
    says it in words the page renders in the reader's language (services.i18n.render); str() is English."""

    def __init__(self, text: Text) -> None:
        self.message: Message = message(text)
        super().__init__(str(self.message))


class StoreUnavailable(Exception):
    """The database could not be reached, or failed the operation (its driver's error is the cause).
    The store raises this, never its database library's errors, so that no caller needs to know the library."""


class TemplateNameTaken(StoreError):
    pass


class TemplateNotFound(StoreError):
    pass


class BadTemplateFile(StoreError):
    pass


class NotYours(StoreError):
    """A draft or template that belongs to someone else: it is neither overwritten nor changed."""
