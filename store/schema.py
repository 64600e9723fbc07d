"""The portal's tables: submissions (history and audit), drafts, templates and each user's preferences.

Times are stored in UTC. Bodies are JSON with every secret removed (see `store.redaction`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone; it is put back on reading)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class SubmissionRow(Base):
    """One create-import-task request sent from the portal, and what came of it."""

    __tablename__ = "import_submissions"
    __table_args__ = (Index("ix_import_submissions_duplicate", "endpoint", "project_id", "dataset_id", "body_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    user: Mapped[str] = mapped_column(String(320))
    target: Mapped[str] = mapped_column(String(300))
    endpoint: Mapped[str] = mapped_column(String(500))
    project_id: Mapped[str] = mapped_column(String(128))
    dataset_id: Mapped[str] = mapped_column(String(128), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    body_hash: Mapped[str] = mapped_column(String(64))
    secrets_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    task_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))  # store.records.OUTCOMES
    message: Mapped[str | None] = mapped_column(Text, nullable=True)


class DraftRow(Base):
    """The compose form of one browser, saved as it is typed (no secrets)."""

    __tablename__ = "form_drafts"

    draft_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(320), nullable=True)  # None: saved before drafts had owners
    dataset_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class TemplateRow(Base):
    """A request saved under a name for reuse (no secrets)."""

    __tablename__ = "request_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    owner: Mapped[str | None] = mapped_column(String(320), nullable=True)  # None: saved before templates had owners
    shared: Mapped[bool] = mapped_column(Boolean, default=False)  # shown to the whole team


class AuditRow(Base):
    """Who did what to the portal's shared things: submissions, connection settings, templates."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)


class PreferenceRow(Base):
    """What a signed-in person chose for themselves: the interface's language (services/i18n.py)."""

    __tablename__ = "user_preferences"

    owner: Mapped[str] = mapped_column(String(320), primary_key=True)  # services.access.Identity.owner
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# Columns added after a table was first created, with what rows from before them hold: create_all makes missing
# tables only, so Store adds these to an older database (the same DDL on SQLite and PostgreSQL).
ADDED_COLUMNS = {
    "form_drafts": {"owner": "VARCHAR(320)"},
    "request_templates": {"owner": "VARCHAR(320)", "shared": "BOOLEAN NOT NULL DEFAULT TRUE"},  # all saw them
}
