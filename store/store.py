"""The portal's database through SQLAlchemy 2: a SQLite file by default, PostgreSQL when DATABASE_URL is set.

Every body is stored with its secrets removed (`store.redaction`), whoever calls. One `Store` per
process is meant to be shared by all its sessions (the engine pools connections); several processes
(app replicas) may share one PostgreSQL database.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, func, inspect, or_, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.messages import N_, Message

from .records import (
    LOCAL_USER,
    MAY_EXIST,
    OUTCOMES,
    AuditEvent,
    Draft,
    NotYours,
    Preferences,
    StoreUnavailable,
    SubmissionRecord,
    Template,
    TemplateImport,
    TemplateNameTaken,
    TemplateNotFound,
)
from .redaction import redact_body, scrub
from .schema import ADDED_COLUMNS, AuditRow, Base, DraftRow, PreferenceRow, SubmissionRow, TemplateRow
from .template_files import check_name, dump_templates, parse_templates

DATABASE_URL = "DATABASE_URL"
SQLITE_FILE = "import-composer.db"
DUPLICATE_WINDOW = timedelta(minutes=10)
TAKEN = N_('A template named "{name}" exists already.')
NOT_YOURS = {  # one whole sentence per action, as translators need them
    "replace": N_('Only its owner or an admin may replace "{name}" ({owner}\'s).'),
    "rename": N_('Only its owner or an admin may rename "{name}" ({owner}\'s).'),
    "share": N_('Only its owner or an admin may share "{name}" ({owner}\'s).'),
    "delete": N_('Only its owner or an admin may delete "{name}" ({owner}\'s).'),
}
NOT_YOURS_TEAM = {  # a template from before templates had owners
    "replace": N_('Only its owner or an admin may replace "{name}" (a team template from before templates had '
                  "owners)."),
    "rename": N_('Only its owner or an admin may rename "{name}" (a team template from before templates had '
                 "owners)."),
    "share": N_('Only its owner or an admin may share "{name}" (a team template from before templates had '
                "owners)."),
    "delete": N_('Only its owner or an admin may delete "{name}" (a team template from before templates had '
                 "owners)."),
}


def database_url(data_dir: Path, configured: str | None = None) -> str:
    """`configured` (the app's DATABASE_URL) when given, else a SQLite file in `data_dir`."""
    if configured and configured.strip():
        return configured.strip()
    return URL.create("sqlite", database=str(Path(data_dir).resolve() / SQLITE_FILE)).render_as_string()


def normalize_url(url: str) -> URL:
    """postgres:// and postgresql:// (no driver named) use psycopg 3, the driver this app installs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def body_hash(body: Mapping[str, Any]) -> str:
    """Identity of a body without its secrets: same fields and values, in any key order."""
    clean, _ = redact_body(body)
    text = json.dumps(clean, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Every method raises `StoreUnavailable` when the database cannot be reached or fails, and the
    `StoreError`s its docstring names for what the caller can explain; never SQLAlchemy's own errors."""

    def __init__(self, url: str) -> None:
        try:
            parsed = normalize_url(url)
        except SQLAlchemyError as exc:  # ArgumentError, whose text holds the URL and so its password
            raise StoreUnavailable(f"{DATABASE_URL} is not a database URL.") from exc
        options: dict[str, Any] = {"pool_pre_ping": True}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                # history, drafts and templates are for this user only: the file is made 0600 before SQLite opens it
                os.close(os.open(parsed.database, os.O_WRONLY | os.O_CREAT, 0o600))
            options["connect_args"] = {"timeout": 30}
        try:
            self.engine: Engine = create_engine(parsed, **options)
        except SQLAlchemyError as exc:
            where = parsed.render_as_string(hide_password=True)
            raise StoreUnavailable(f"The database at {where} cannot be used ({type(exc).__name__}).") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with _unavailable_on_failure():
            self._create_tables()

    @property
    def url(self) -> str:
        """Where the data is, without the password (for display)."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    def close(self) -> None:
        self.engine.dispose()

    def _create_tables(self) -> None:
        try:
            Base.metadata.create_all(self.engine)
        except (IntegrityError, ProgrammingError, OperationalError):
            # Another replica created them at the same moment; a second look finds them.
            Base.metadata.create_all(self.engine)
        self._add_columns()

    def _add_columns(self) -> None:
        """Columns a database made by an older version lacks (schema.ADDED_COLUMNS)."""
        for table, columns in ADDED_COLUMNS.items():
            present = {column["name"] for column in inspect(self.engine).get_columns(table)}
            for name, ddl in columns.items():
                if name in present:
                    continue
                try:
                    with self.engine.begin() as connection:
                        connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {ddl}"))
                except (ProgrammingError, OperationalError):
                    # Another replica added it at the same moment.
                    if name not in {column["name"] for column in inspect(self.engine).get_columns(table)}:
                        raise

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with _unavailable_on_failure(), self._sessions.begin() as session:
            yield session

    # --- history and audit ------------------------------------------------------------------------

    def start_submission(
        self,
        *,
        user: str,
        target: str,
        endpoint: str,
        project_id: str,
        dataset_id: str,
        body: Mapping[str, Any],
        at: datetime | None = None,
    ) -> int:
        """Record a request about to be sent (outcome "sending"); returns its id for `finish_submission`."""
        clean, removed = redact_body(body)
        row = SubmissionRow(
            created_at=at or now(),
            user=user or LOCAL_USER,
            target=target,
            endpoint=endpoint,
            project_id=project_id,
            dataset_id=dataset_id,
            body=clean,
            body_hash=body_hash(clean),
            secrets_removed=removed,
            outcome="sending",
        )
        with self._session() as session:
            session.add(row)
            session.flush()
            return row.id

    def finish_submission(
        self,
        submission_id: int,
        *,
        outcome: str,
        task_id: str | None = None,
        message: str | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        """What came of it: "sent" with the task id, "failed" with the message (secrets scrubbed out), or
        "unknown" when the answer was lost; an unknown outcome may be finished again once it is known."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        with self._session() as session:
            row = session.get(SubmissionRow, submission_id)
            if row is None:
                raise KeyError(submission_id)
            row.outcome = outcome
            row.task_id = task_id
            row.message = scrub(message, secrets)
            row.finished_at = now()

    def submissions(
        self,
        *,
        endpoint: str | None = None,
        project_id: str | None = None,
        dataset_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[SubmissionRecord]:
        """Newest first."""
        query = select(SubmissionRow).order_by(SubmissionRow.created_at.desc(), SubmissionRow.id.desc())
        query = _filtered(query, endpoint, project_id, dataset_id).limit(limit).offset(offset)
        with self._session() as session:
            return [_submission(row) for row in session.scalars(query)]

    def count_submissions(
        self, *, endpoint: str | None = None, project_id: str | None = None, dataset_id: str | None = None
    ) -> int:
        query = _filtered(select(func.count(SubmissionRow.id)), endpoint, project_id, dataset_id)
        with self._session() as session:
            return int(session.scalar(query) or 0)

    def submission(self, submission_id: int) -> SubmissionRecord | None:
        with self._session() as session:
            row = session.get(SubmissionRow, submission_id)
            return _submission(row) if row is not None else None

    def recent_duplicate(
        self,
        *,
        endpoint: str,
        project_id: str,
        dataset_id: str,
        body: Mapping[str, Any],
        within: timedelta = DUPLICATE_WINDOW,
        at: datetime | None = None,
    ) -> SubmissionRecord | None:
        """The newest submission of the same body to the same dataset within `within` that may have created a
        task: sent, being sent, or with its answer lost."""
        since = (at or now()) - within
        query = (
            select(SubmissionRow)
            .where(
                SubmissionRow.endpoint == endpoint,
                SubmissionRow.project_id == project_id,
                SubmissionRow.dataset_id == dataset_id,
                SubmissionRow.body_hash == body_hash(body),
                SubmissionRow.created_at >= since,
                SubmissionRow.outcome.in_(MAY_EXIST),
            )
            .order_by(SubmissionRow.created_at.desc(), SubmissionRow.id.desc())
            .limit(1)
        )
        with self._session() as session:
            row = session.scalars(query).first()
            return _submission(row) if row is not None else None

    def unresolved_submissions(
        self, *, endpoint: str, project_id: str, sending_before: datetime, limit: int = 50
    ) -> list[SubmissionRecord]:
        """Submissions to this target whose outcome is not known: "unknown" ones, and "sending" ones started
        before `sending_before` (left so by a crash: no send lasts that long). Oldest first."""
        query = (
            select(SubmissionRow)
            .where(
                SubmissionRow.endpoint == endpoint,
                SubmissionRow.project_id == project_id,
                (SubmissionRow.outcome == "unknown")
                | ((SubmissionRow.outcome == "sending") & (SubmissionRow.created_at < sending_before)),
            )
            .order_by(SubmissionRow.created_at, SubmissionRow.id)
            .limit(limit)
        )
        with self._session() as session:
            return [_submission(row) for row in session.scalars(query)]

    def known_task_ids(self, *, endpoint: str, project_id: str, dataset_id: str) -> set[str]:
        """The task ids recorded for this dataset (a found task must be none of them)."""
        query = select(SubmissionRow.task_id).where(
            SubmissionRow.endpoint == endpoint,
            SubmissionRow.project_id == project_id,
            SubmissionRow.dataset_id == dataset_id,
            SubmissionRow.task_id.is_not(None),
        )
        with self._session() as session:
            return {task_id for task_id in session.scalars(query) if task_id}

    # --- drafts ---------------------------------------------------------------------------------------

    def save_draft(
        self, draft_id: str, body: Mapping[str, Any], dataset_id: str | None = None, *, owner: str | None = None
    ) -> Draft:
        """Save the draft as `owner`'s; NotYours when that id holds someone else's draft (it is left as it is)."""
        clean, _ = redact_body(body)
        with self._session() as session:
            row = session.get(DraftRow, draft_id)
            if row is not None and row.owner != owner:
                raise NotYours(Message(N_("That draft belongs to someone else.")))
            if row is None:
                row = DraftRow(draft_id=draft_id, owner=owner)
                session.add(row)
            row.body = clean
            row.dataset_id = dataset_id
            row.updated_at = now()
            session.flush()
            return _draft(row)

    def draft(self, draft_id: str) -> Draft | None:
        with self._session() as session:
            row = session.get(DraftRow, draft_id)
            return _draft(row) if row is not None else None

    def delete_draft(self, draft_id: str, *, owner: str | None = None) -> None:
        """Delete the draft if it is `owner`'s."""
        with self._session() as session:
            session.execute(delete(DraftRow).where(DraftRow.draft_id == draft_id, _same(DraftRow.owner, owner)))

    def forget_old_drafts(self, older_than: timedelta) -> int:
        with self._session() as session:
            result = session.execute(delete(DraftRow).where(DraftRow.updated_at < now() - older_than))
            return int(getattr(result, "rowcount", 0) or 0)

    # --- templates ------------------------------------------------------------------------------------
    # `by` is who acts (their owner key, see services/access.py); `admin` may change every template. A template
    # is seen by its owner, by everyone when shared, and by admins. `by=None` checks nothing (the store's own
    # tools and tests).

    def save_template(
        self,
        name: str,
        body: Mapping[str, Any],
        *,
        replace: bool = False,
        by: str | None = None,
        admin: bool = False,
        shared: bool = False,
    ) -> Template:
        """Save `body` (secrets removed) as `name`; TemplateNameTaken unless `replace`, NotYours when replacing
        someone else's."""
        name = check_name(name)
        clean, _ = redact_body(body)
        with self._session() as session:
            row = session.scalars(select(TemplateRow).where(TemplateRow.name == name)).first()
            if row is not None and not replace:
                raise TemplateNameTaken(Message(TAKEN, {"name": name}))
            if row is not None:
                _check_owner(row, by, admin, "replace")
            stamp = now()
            created = row is None
            if row is None:
                row = TemplateRow(name=name, created_at=stamp, owner=by, shared=shared)
                session.add(row)
            row.body = clean
            row.updated_at = stamp
            try:
                session.flush()
            except IntegrityError:
                raise TemplateNameTaken(Message(TAKEN, {"name": name})) from None
            _audit(session, by, "template created" if created else "template replaced", f'"{name}"')
            return _template(row)

    def templates(self, *, visible_to: str | None = None, admin: bool = False) -> list[Template]:
        """Every template (`visible_to=None`), or those `visible_to` may see."""
        query = _visible(select(TemplateRow), visible_to, admin).order_by(TemplateRow.name)
        with self._session() as session:
            return [_template(row) for row in session.scalars(query)]

    def template(self, name: str, *, visible_to: str | None = None, admin: bool = False) -> Template | None:
        query = _visible(select(TemplateRow).where(TemplateRow.name == name), visible_to, admin)
        with self._session() as session:
            row = session.scalars(query).first()
            return _template(row) if row is not None else None

    def rename_template(self, name: str, new_name: str, *, by: str | None = None, admin: bool = False) -> Template:
        new_name = check_name(new_name)
        with self._session() as session:
            row = session.scalars(_visible(select(TemplateRow).where(TemplateRow.name == name), by, admin)).first()
            if row is None:
                raise TemplateNotFound(Message(N_('There is no template named "{name}".'), {"name": name}))
            _check_owner(row, by, admin, "rename")
            if new_name != name and session.scalars(select(TemplateRow).where(TemplateRow.name == new_name)).first():
                raise TemplateNameTaken(Message(TAKEN, {"name": new_name}))
            row.name = new_name
            row.updated_at = now()
            try:
                session.flush()
            except IntegrityError:
                raise TemplateNameTaken(Message(TAKEN, {"name": new_name})) from None
            _audit(session, by, "template renamed", f'"{name}" to "{new_name}"')
            return _template(row)

    def share_template(self, name: str, shared: bool, *, by: str | None = None, admin: bool = False) -> Template:
        """Show the template to the whole team, or to its owner (and admins) only."""
        with self._session() as session:
            row = session.scalars(_visible(select(TemplateRow).where(TemplateRow.name == name), by, admin)).first()
            if row is None:
                raise TemplateNotFound(Message(N_('There is no template named "{name}".'), {"name": name}))
            _check_owner(row, by, admin, "share")
            row.shared = shared
            _audit(session, by, "template shared" if shared else "template unshared", f'"{name}"')
            return _template(row)

    def delete_template(self, name: str, *, by: str | None = None, admin: bool = False) -> None:
        with self._session() as session:
            row = session.scalars(_visible(select(TemplateRow).where(TemplateRow.name == name), by, admin)).first()
            if row is None:
                raise TemplateNotFound(Message(N_('There is no template named "{name}".'), {"name": name}))
            _check_owner(row, by, admin, "delete")
            session.delete(row)
            _audit(session, by, "template deleted", f'"{name}"')

    def export_templates(
        self, names: Iterable[str] | None = None, *, visible_to: str | None = None, admin: bool = False
    ) -> str:
        """The templates (all those seen, or those named) as a JSON file's text."""
        chosen = self.templates(visible_to=visible_to, admin=admin)
        if names is not None:
            wanted = set(names)
            chosen = [t for t in chosen if t.name in wanted]
        return dump_templates(chosen)

    def import_templates(self, data: bytes | str, *, by: str | None = None) -> TemplateImport:
        """Add the templates of a file as `by`'s (not shared); a name already taken gets " (2)", " (3)"…
        BadTemplateFile if unusable."""
        parsed = parse_templates(data)
        result = TemplateImport()
        with self._session() as session:
            taken = set(session.scalars(select(TemplateRow.name)))
            stamp = now()
            for name, body in parsed:
                final = name
                number = 2
                while final in taken:
                    final = f"{name} ({number})"
                    number += 1
                taken.add(final)
                session.add(
                    TemplateRow(name=final, body=body, created_at=stamp, updated_at=stamp, owner=by, shared=False)
                )
                result.added.append(final)
                if final != name:
                    result.renamed[name] = final
            if result.added:
                _audit(session, by, "templates imported", ", ".join(f'"{name}"' for name in result.added))
        return result

    # --- preferences ----------------------------------------------------------------------------------

    def preferences(self, owner: str) -> Preferences:
        """What `owner` chose for themselves (nothing chosen: a record of Nones)."""
        with self._session() as session:
            row = session.get(PreferenceRow, owner)
            return Preferences(owner, row.language if row is not None else None)

    def save_language(self, owner: str, language: str) -> Preferences:
        """Remember `owner`'s interface language (a language code, such as "zh_CN")."""
        if not owner or not language or len(language) > 16:
            raise ValueError(f"not an owner and a language code: {owner!r}, {language!r}")
        for attempt in (1, 2):
            try:
                with self._session() as session:
                    row = session.get(PreferenceRow, owner)
                    if row is None:
                        row = PreferenceRow(owner=owner)
                        session.add(row)
                    row.language = language
                    row.updated_at = now()
                    session.flush()
                    return Preferences(owner, row.language)
            except StoreUnavailable as exc:
                # The same person's first choice saved by another replica at the same moment: update it instead.
                if attempt == 2 or not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise AssertionError("unreachable")

    # --- audit trail ----------------------------------------------------------------------------------

    def record_event(self, user: str, action: str, detail: str) -> None:
        """One line of the audit trail (no secrets: `detail` is said by the caller in plain words)."""
        with self._session() as session:
            _audit(session, user, action, detail)

    def events(self, *, limit: int = 200) -> list[AuditEvent]:
        """Newest first."""
        query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        with self._session() as session:
            return [
                AuditEvent(id=row.id, at=row.at, user=row.user, action=row.action, detail=row.detail)
                for row in session.scalars(query)
            ]


def _same(column: Any, value: str | None) -> Any:
    return column.is_(None) if value is None else column == value


def _visible(query: Any, visible_to: str | None, admin: bool) -> Any:
    if visible_to is None or admin:
        return query
    return query.where(or_(TemplateRow.owner == visible_to, TemplateRow.shared.is_(True), TemplateRow.owner.is_(None)))


def _check_owner(row: TemplateRow, by: str | None, admin: bool, what: str) -> None:
    if by is None or admin or (row.owner is not None and row.owner == by):
        return
    if row.owner:
        text = NOT_YOURS[what]
        raise NotYours(Message(text, {"name": row.name, "owner": row.owner}))
    raise NotYours(Message(NOT_YOURS_TEAM[what], {"name": row.name}))


def _audit(session: Session, user: str | None, action: str, detail: str) -> None:
    if user is None:
        return  # the store's own tools act for nobody in particular
    session.add(AuditRow(at=now(), user=user or LOCAL_USER, action=action, detail=detail))


@contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"The database failed: {type(exc).__name__}.") from exc


def _filtered(query: Any, endpoint: str | None, project_id: str | None, dataset_id: str | None) -> Any:
    if endpoint is not None:
        query = query.where(SubmissionRow.endpoint == endpoint)
    if project_id is not None:
        query = query.where(SubmissionRow.project_id == project_id)
    if dataset_id is not None:
        query = query.where(SubmissionRow.dataset_id == dataset_id)
    return query


def _submission(row: SubmissionRow) -> SubmissionRecord:
    return SubmissionRecord(
        id=row.id,
        created_at=row.created_at,
        user=row.user,
        target=row.target,
        endpoint=row.endpoint,
        project_id=row.project_id,
        dataset_id=row.dataset_id,
        body=copy.deepcopy(row.body),
        secrets_removed=bool(row.secrets_removed),
        outcome=row.outcome,
        task_id=row.task_id,
        message=row.message,
        finished_at=row.finished_at,
    )


def _draft(row: DraftRow) -> Draft:
    return Draft(
        draft_id=row.draft_id,
        body=copy.deepcopy(row.body),
        updated_at=row.updated_at,
        dataset_id=row.dataset_id,
        owner=row.owner,
    )


def _template(row: TemplateRow) -> Template:
    return Template(
        id=row.id,
        name=row.name,
        body=copy.deepcopy(row.body),
        created_at=row.created_at,
        updated_at=row.updated_at,
        owner=row.owner,
        shared=bool(row.shared) if row.shared is not None else True,
    )
