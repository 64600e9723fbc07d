"""Every text the code marks reaches the catalog. Babel's extractor reads Python 3.11's tokens, where an f-string
is one token: `f"**{_('Labels')}**"` marks nothing it can see, and the text would stay English in every
language without any catalog test noticing. Here the syntax tree finds each `_("…")` / `N_("…")` /
`ngettext("…", …)` / `Message("…")` with a literal text, and each must be in the extracted catalog."""

from __future__ import annotations

import ast

import pytest

from locales import catalog

KEYWORDS = ("_", "gettext", "ngettext", "N_", "Message")
TEMPLATE = catalog.extract()


def marked(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
            continue
        if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.append((node.lineno, node.args[0].value))
    return found


def sources() -> list:
    files = []
    for source in catalog.SOURCES:
        path = catalog.ROOT / source
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


@pytest.mark.parametrize("path", sources(), ids=lambda path: str(path.relative_to(catalog.ROOT)))
def test_every_marked_text_is_extracted(path) -> None:
    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in TEMPLATE}
    missed = [(line, text) for line, text in marked(ast.parse(path.read_text(encoding="utf-8"))) if text not in ids]
    assert missed == [], "marked inside an f-string? mark the whole text and .format() it"


def test_a_text_marked_inside_an_f_string_is_found() -> None:
    assert marked(ast.parse("x = f\"**{_('Labels')}**\"")) == [(1, "Labels")]
