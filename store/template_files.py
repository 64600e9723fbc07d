"""Templates as a JSON file, to share between portals or keep in a repository.

    {"format": "import-composer-templates", "version": 1,
     "templates": [{"name": "...", "body": {<create-import-task body, no secrets>}}]}

Reading also takes a bare list of {"name", "body"} objects, or one such object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from models import SECRET_FIELDS, ImportTaskRequest, field_problems
from models.json_input import JsonInputError, parse_json
from models.limits import limit_problems
from models.messages import N_, Message, Text, join

from .records import BadTemplateFile, StoreError, Template
from .redaction import redact_body

FORMAT = "import-composer-templates"
VERSION = 1
MAX_NAME = 200
MAX_FILE_BYTES = 5 * 1024 * 1024
EXPECTED = '{"templates": [{"name": ..., "body": ...}]}'  # the shape, shown as it is
THE_BODY = N_("The body")
PROBLEMS = N_("; ")  # between the problems of one body


def dump_templates(templates: Iterable[Template]) -> str:
    items = [{"name": t.name, "body": redact_body(t.body)[0]} for t in templates]
    return json.dumps({"format": FORMAT, "version": VERSION, "templates": items}, indent=2, ensure_ascii=False)


def clean_name(name: str) -> str:
    """The name as stored: trimmed, single-spaced."""
    return " ".join(str(name).split())


def check_name(name: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise StoreError(Message(N_("A template needs a name.")))
    if len(cleaned) > MAX_NAME:
        raise StoreError(Message(N_("A template name can have at most {count} characters."), {"count": MAX_NAME}))
    return cleaned


def canonical_body(body: Any, where: Text = THE_BODY) -> dict[str, Any]:
    """A request body as the form sends it, without secrets; BadTemplateFile when it is not a valid request.

    Stored bodies have no password, which a database source requires: a body that is valid once a
    password is given counts as valid (the user types the password when using it).
    """
    if not isinstance(body, dict):
        raise BadTemplateFile(Message(N_("{where} must be a JSON object."), {"where": where}))
    over = limit_problems(body)
    if over:
        raise BadTemplateFile(Message(N_("{where}: {problem}"), {"where": where, "problem": over[0].message}))
    try:
        request = ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        try:
            request = ImportTaskRequest.model_validate(_with_password(body))
        except (ValidationError, TypeError):
            problems = join([problem.text for problem in field_problems(exc)[:3]], PROBLEMS)
            text = N_("{where} is not a valid import request: {problems}")
            raise BadTemplateFile(Message(text, {"where": where, "problems": problems})) from None
    return redact_body(request.to_body())[0]


def _with_password(body: dict[str, Any]) -> dict[str, Any]:
    """`body` with a stand-in for each secret of the source registry that a stored body lacks."""
    info = (body.get("data_source") or {}).get("source_info")
    names = [key.rsplit(".", 1)[-1] for key in SECRET_FIELDS]
    if not isinstance(info, dict) or all(info.get(name) for name in names):
        raise TypeError("no password is missing")
    filled = {**info, **{name: "x" * 8 for name in names if not info.get(name)}}
    return {**body, "data_source": {**body["data_source"], "source_info": filled}}


def parse_templates(data: bytes | str) -> list[tuple[str, dict[str, Any]]]:
    """(name, body) pairs from a templates file; BadTemplateFile says what is wrong and where."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise BadTemplateFile(Message(N_("The file is larger than 5 MB; a templates file is a few kilobytes.")))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadTemplateFile(Message(N_("The file is not UTF-8 text."))) from None
    try:
        payload = parse_json(data, Message(N_("The file")), max_bytes=MAX_FILE_BYTES)
    except JsonInputError as exc:  # not JSON, nested thousands deep, a huge number, unpaired surrogates
        raise BadTemplateFile(exc.message) from None
    if isinstance(payload, dict) and "templates" in payload:
        if payload.get("format", FORMAT) != FORMAT or payload.get("version", VERSION) != VERSION:
            text = N_("This is not a version {version} {format} file.")
            raise BadTemplateFile(Message(text, {"version": VERSION, "format": FORMAT}))
        items = payload["templates"]
    elif isinstance(payload, dict):
        items = [payload]
    else:
        items = payload
    if not isinstance(items, list) or not items:
        raise BadTemplateFile(Message(N_("The file holds no templates (expected {shape})."), {"shape": EXPECTED}))
    found: list[tuple[str, dict[str, Any]]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "name" not in item or "body" not in item:
            raise BadTemplateFile(Message(N_('Template {number} needs a "name" and a "body".'), {"number": number}))
        try:
            name = check_name(str(item["name"]))
        except StoreError as exc:
            problem = Message(N_("Template {number}: {problem}"), {"number": number, "problem": exc.message})
            raise BadTemplateFile(problem) from None
        where = Message(N_('The body of template "{name}"'), {"name": name})
        found.append((name, canonical_body(item["body"], where)))
    return found
