"""services/settings.py: the one reader of the app's environment variables and secrets.toml keys."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from services import settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_table_is_the_one_settings_writes():
    text = settings.README.read_text()
    assert settings.readme_with_table(text) == text, "run `python3 -m services.settings`"
    documented = re.findall(r"^\| `([A-Z_]+)` \|", text, re.MULTILINE)
    assert documented == list(settings.NAMES)


def test_the_sample_secrets_file_names_every_setting_and_nothing_else():
    sample = (ROOT / ".streamlit" / "secrets.toml.example").read_text()
    assert re.findall(r"^# ([A-Z_]+) = ", sample, re.MULTILINE) == list(settings.NAMES)


def test_secrets_toml_wins_over_the_environment_and_blanks_count_as_unset():
    loaded = settings.load(
        {"MODELARTS_REGION": "cn-north-4", "DATABASE_URL": "  ", "PATH": "/bin", "IMPORT_COMPOSER_DATA": "/d"},
        {"MODELARTS_REGION": "cn-east-3", "auth": {"client_id": "x"}, "IMPORT_COMPOSER_SANDBOX_URL": "http://s"},
    )
    assert loaded.cloud == {"MODELARTS_REGION": "cn-east-3"}
    assert loaded.database_url is None and loaded.sandbox_url == "http://s" and loaded.data_dir == Path("/d")
    assert settings.load({}, {}).data_dir == ROOT / "data"
    with pytest.raises(KeyError, match=r"add it to services\.settings\.SETTINGS"):
        loaded.get("MODELARTS_REGON")


def test_the_environment_is_read_again_only_when_it_changed(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("IMPORT_COMPOSER_OBS_ENDPOINT", "http://one")
    first = settings.current()
    assert settings.current() is first and first.obs_endpoint == "http://one"
    monkeypatch.setenv("IMPORT_COMPOSER_OBS_ENDPOINT", "http://two")
    assert settings.current().obs_endpoint == "http://two"


APP_CODE = ("app.py", "app_pages", "components", "services", "store", "preflight", "sources", "models")


@pytest.mark.parametrize(
    "path",
    [p for name in APP_CODE for p in ([ROOT / name] if name.endswith(".py") else sorted((ROOT / name).rglob("*.py")))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_other_module_of_the_app_reads_the_environment_or_the_secrets(path: Path):
    if path == ROOT / "services" / "settings.py":
        return
    tree = ast.parse(path.read_text())
    reads = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and (
            (node.attr in ("environ", "getenv") and ast.unparse(node.value) == "os")
            or (node.attr == "secrets" and ast.unparse(node.value) in ("st", "streamlit"))
        )
    ]
    assert not reads, f"{path.name} reads {reads}: read settings through services.settings.current()"
