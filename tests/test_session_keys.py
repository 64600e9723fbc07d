"""Session state as typed features (services/session_state/__init__.py), held as an AST scan of app.py, pages/
and components/: a key into `st.session_state` or a widget's `key=` is never a string written there (the form's
wire paths excepted, services/form_state.py), never a constant of the file itself or of another component, and
a component or page takes key constants only from its own module in services/session_state. Reads and writes
of `st.session_state` go through the feature's accessor: the only keys used on it directly are the form's
fields (a wire path, or a name holding one, as the form's widgets take it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from services import form_state
from services.form_state import FormState
from services.session_state import Slot

ROOT = Path(__file__).resolve().parent.parent
UI = ("app.py", "pages", "components")
WIRE_PATHS = {key for key in form_state.empty_state() if not key.startswith("_")} | set(form_state.LIST_KEYS)
OWN = "services.session_state"
FORM_OWN_KEYS = {slot.key for slot in vars(FormState).values() if isinstance(slot, Slot)}


def _files() -> list[Path]:
    found: list[Path] = []
    for name in UI:
        path = ROOT / name
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def _is_session_state(node: ast.AST, aliases: set[str]) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "session_state":
        return True
    return isinstance(node, ast.Name) and node.id in aliases


def _key_expressions(tree: ast.Module) -> list[tuple[ast.expr, bool]]:
    """Every expression used as a session-state key or a widget key, and whether it keys the state itself."""
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_session_state(node.value, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found: list[tuple[ast.expr, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found.extend((k.value, False) for k in node.keywords if k.arg == "key")
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "pop", "setdefault", "__getitem__", "__setitem__")
                and _is_session_state(func.value, aliases)
                and node.args
            ):
                found.append((node.args[0], True))
        elif isinstance(node, ast.Subscript) and _is_session_state(node.value, aliases):
            found.append((node.slice, True))
        elif (
            isinstance(node, ast.Compare)
            and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
            and any(_is_session_state(c, aliases) for c in node.comparators)
        ):
            found.append((node.left, True))
    return found


def _services_names(tree: ast.Module) -> dict[str, str]:
    """Names bound by `from services… import …`: name -> the module it is, or the module it comes from."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("services"):
            for alias in node.names:
                names[alias.asname or alias.name] = node.module or ""
    return names


def _is_feature_key(part: ast.AST, services: dict[str, str]) -> bool:
    """A key (or key function) of a feature's, not a form field's wire path."""
    if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) and part.value.id in services:
        name, module = part.attr, f"{services[part.value.id]}.{part.value.id}"
    elif isinstance(part, ast.Name) and part.id in services:
        name, module = part.id, services[part.id]
    else:
        return False
    if module.endswith("form_state"):
        return getattr(form_state, name, None) in FORM_OWN_KEYS
    return module.startswith(OWN) or name.isupper()


def problems(source: str, stem: str) -> list[str]:
    """What in one page or component file breaks the rule; `stem` is the file's name without .py."""
    tree = ast.parse(source)
    local = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    from_components: set[str] = set()  # names bound to a component module or to something of one
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level > 0 or module == "components" or module.startswith("components."):
                from_components.update(alias.asname or alias.name for alias in node.names)
            if module.startswith(OWN + ".") and module.removeprefix(OWN + ".") != stem:
                taken = [alias.name for alias in node.names if alias.name.isupper()]
                if taken:
                    found.append(f"line {node.lineno}: imports {taken} from {module}: another feature's keys")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.isupper():
            module_alias = node.value.id
            for imported in ast.walk(tree):
                if (
                    isinstance(imported, ast.ImportFrom)
                    and imported.module == OWN
                    and any((a.asname or a.name) == module_alias and a.name != stem for a in imported.names)
                ):
                    found.append(f"line {node.lineno}: {module_alias}.{node.attr}: another feature's key")
    services = _services_names(tree)
    for expression, on_state in _key_expressions(tree):
        where = f"line {expression.lineno}: {ast.unparse(expression)}"
        for part in ast.walk(expression):
            if on_state and _is_feature_key(part, services):
                found.append(f"{where}: a feature's state read or written by key (use its accessor)")
                break
            if isinstance(part, ast.JoinedStr):
                found.append(f"{where}: a key built here (give the feature's module a function)")
                break
            if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value not in WIRE_PATHS:
                found.append(f"{where}: a bare string key")
                break
            if isinstance(part, ast.Name) and part.id in local:
                found.append(f"{where}: a key defined in this file (move it to {OWN})")
                break
            if isinstance(part, ast.Name) and part.id in from_components:
                found.append(f"{where}: a key of another component")
                break
    return found


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_and_components_key_session_state_only_through_their_own_feature_module(path: Path):
    assert problems(path.read_text(), path.stem) == []


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ('st.session_state["_mine"] = 1', "a bare string key"),
        ('x = st.session_state.get("_mine")', "a bare string key"),
        ('session = st.session_state\nsession.pop("_mine", None)', "a bare string key"),
        ('if "_mine" in st.session_state: pass', "a bare string key"),
        ('st.button("Go", key="_go")', "a bare string key"),
        ('st.button("Go", key=f"_go_{i}")', "a key built here"),
        ('MINE = "_mine"\nst.session_state[MINE] = 1', "a key defined in this file"),
        ("from .task_tracker import CACHE\nst.session_state.get(CACHE)", "a key of another component"),
        ("from components import preview\nst.session_state[preview.CACHE] = 1", "a key of another component"),
        ("from services.session_state.preview import CACHE", "another feature's keys"),
        ("from services.session_state import preview\nst.button('x', key=preview.CACHE)", "another feature's key"),
        ("from services.session_state.obs_browser import OPEN\nst.session_state[OPEN] = True", "use its accessor"),
        ("from services.session_state.obs_browser import OPEN\nx = st.session_state.get(OPEN)", "use its accessor"),
        ("from services.session_state.obs_browser import OPEN\nif OPEN in st.session_state: pass", "use its accessor"),
        ("from services.session_state.obs_browser import uploader\nst.session_state.pop(uploader(1))", "accessor"),
        ("from services import guide\nst.session_state.get(guide.STATE)", "use its accessor"),
        ("from services import form_state\nst.session_state[form_state.LABEL_DEFS] = {}", "use its accessor"),
        ("from services.form_state import SECRETS\nst.session_state.setdefault(SECRETS, {})", "use its accessor"),
    ],
)
def test_the_scan_finds_each_way_of_breaking_the_rule(source: str, why: str):
    found = problems(source, "obs_browser")
    assert len(found) == 1 and why in found[0], found


@pytest.mark.parametrize(
    "source",
    [
        'st.session_state.get("import_type")',  # a form field, keyed by its wire path
        "from services.session_state.obs_browser import BUCKET\nst.selectbox('Bucket', [], key=BUCKET)",
        "from services.session_state.obs_browser import ObsBrowserState\nObsBrowserState(st.session_state).open = True",
        "from services.session_state.obs_browser import folder_button\nst.button('x', key=folder_button(1))",
        "from services.session_state import task_tracker\ntask_tracker.observed(st.session_state, 't')",
        "from services import form_state\nst.session_state[form_state.SOURCE_INFO + name] = 'x'",
        "from services.form_state import CUSTOM_SUFFIX\nst.session_state.get(key + CUSTOM_SUFFIX)",
        "st.text_input('Name', key=key)\nst.session_state[key] = ''",
    ],
)
def test_the_scan_lets_pass_what_the_rule_allows(source: str):
    assert problems(source, "obs_browser") == []
