"""The layers of DEVELOPERS.md, as imports: pages and components reach the store and the sources only
through services, and only services/database.py opens the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI = ("app.py", "app_pages", "components")


def _files(*names: str) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = ROOT / name
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def _imports(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", _files(*UI), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_and_components_import_no_database_library_no_store_and_no_source(path: Path):
    below = {m for m in _imports(path) if m.split(".")[0] in ("sqlalchemy", "store", "sources", "sandbox")}
    assert not below, f"{path.name} imports {below}: go through services/"


def test_only_services_database_opens_the_store():
    opening = [
        path.name
        for path in _files("services", *UI)
        if "Store(" in path.read_text() or "_open_store" in path.read_text()
    ]
    assert opening == ["database.py"]
