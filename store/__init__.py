"""The portal's memory: submissions (history and audit), drafts, templates and users' preferences, in SQLite or
PostgreSQL.

No Streamlit here: `services/` opens one `Store` per process and the pages use it.
"""

from .records import (
    LOCAL_USER,
    AuditEvent,
    BadTemplateFile,
    Draft,
    NotYours,
    Preferences,
    StoreError,
    StoreUnavailable,
    SubmissionRecord,
    Template,
    TemplateImport,
    TemplateNameTaken,
    TemplateNotFound,
)
from .redaction import is_secret_key, redact_body, scrub, secret_values
from .store import DATABASE_URL, DUPLICATE_WINDOW, Store, body_hash, database_url, normalize_url
from .template_files import dump_templates, parse_templates

__all__ = [
    "DATABASE_URL",
    "DUPLICATE_WINDOW",
    "LOCAL_USER",
    "AuditEvent",
    "BadTemplateFile",
    "Draft",
    "NotYours",
    "Preferences",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "SubmissionRecord",
    "Template",
    "TemplateImport",
    "TemplateNameTaken",
    "TemplateNotFound",
    "body_hash",
    "database_url",
    "dump_templates",
    "is_secret_key",
    "normalize_url",
    "parse_templates",
    "redact_body",
    "scrub",
    "secret_values",
]
