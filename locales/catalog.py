"""The interface's message catalog: every text the code marks, and each language's translations of it.

Code marks a text with `_("…")` or `ngettext("…", "…", n)` (services/i18n.py), or keeps it as `N_("…")` or
`Message("…", …)` (models/messages.py). `python3 -m locales.catalog` extracts them and updates every
`locales/<language>/LC_MESSAGES/messages.po`: new texts arrive with an empty translation, texts no code uses any
more are dropped. Translate the empty entries, then tests/test_catalog.py (which calls `problems`) passes.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
# Where the interface's text lives; the sandbox, benches, scripts and tests speak to developers.
SOURCES = ("app.py", "pages", "components", "services", "models", "client", "preflight", "sources", "store")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Message": None}
HEADER = """\
# Import Composer's interface: {name}.
# Updated by `python3 -m locales.catalog`; field names follow the ModelArts console's own terms.
msgid ""
msgstr ""
"Project-Id-Version: Import Composer\\n"
"Language: {language}\\n"
"Plural-Forms: {plural_forms}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

"""
FIELD = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}")


def extract() -> Catalog:
    """Every marked text in the interface's code, each with the files that use it."""
    template = Catalog(project="Import Composer")
    for source in SOURCES:
        path = ROOT / source
        if path.is_file():
            found = ((source, *entry) for entry in extract_from_file("python", path, keywords=KEYWORDS))
        else:
            found = (
                (f"{source}/{name}", line, message, comments, context)
                for name, line, message, comments, context in extract_from_dir(
                    path, [("**.py", "python")], keywords=KEYWORDS
                )
            )
        for filename, _line, message, comments, context in found:
            template.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return template


def catalogs() -> list[Path]:
    return sorted(LOCALES.glob("*/LC_MESSAGES/messages.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=path.parent.parent.name)


def write(path: Path, catalog: Catalog) -> None:
    body = io.BytesIO()
    write_po(body, catalog, width=0, omit_header=True, ignore_obsolete=True, include_lineno=False)
    header = HEADER.format(
        name=catalog.locale.english_name if catalog.locale else path.parent.parent.name,
        language=path.parent.parent.name,
        plural_forms=catalog.plural_forms,
    )
    path.write_text(header + body.getvalue().decode("utf-8").lstrip("\n"), encoding="utf-8")


def update() -> None:
    template = extract()
    for path in catalogs():
        catalog = read(path)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        write(path, catalog)


def _fields(text: str) -> set[str]:
    return set(FIELD.findall(text))


def problems(path: Path, template: Catalog | None = None) -> list[str]:
    """What keeps a language's catalog from matching the code: a text not translated (or marked fuzzy), a
    translation nothing uses, a translation whose {fields} differ from its text's."""
    template = template or extract()
    catalog = read(path)
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        strings = () if translated is None else translated.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if translated is None or translated.fuzzy or not all(strings):
            found.append(f"not translated: {message.id!r}")
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        for string in strings:
            if _fields(string) != _fields(source):
                found.append(f"fields differ: {message.id!r} -> {string!r}")
    for message in catalog:
        if message.id and template.get(message.id, message.context) is None:
            found.append(f"used nowhere: {message.id!r}")
    return found


if __name__ == "__main__":
    update()
    left = {path.parent.parent.name: len(problems(path)) for path in catalogs()}
    print("catalogs updated; problems left:", left, file=sys.stderr)
