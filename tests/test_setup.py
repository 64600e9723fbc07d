"""The set-up: the hashed locks hold every requirement, at a version it allows, with hashes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def requirements(name: str) -> list[Requirement]:
    found = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found += requirements(line[3:].strip())
        else:
            found.append(Requirement(line))
    return found


def locked(name: str) -> dict[str, str]:
    return {canonicalize_name(package): version for package, version in PINNED.findall((ROOT / name).read_text())}


@pytest.mark.parametrize(("wanted", "lock"), [("requirements.txt", "requirements.lock"),
                                              ("requirements-dev.txt", "requirements-dev.lock")])  # fmt: skip
def test_each_lock_holds_every_requirement_at_an_allowed_version(wanted: str, lock: str):
    versions = locked(lock)
    for requirement in requirements(wanted):
        version = versions.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in {lock}: run `bash scripts/lock.sh`"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} has {requirement.name} {version}, {wanted} asks {requirement.specifier}: run scripts/lock.sh"
        )


def test_every_locked_package_has_hashes_and_the_dev_lock_keeps_the_apps_versions():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        assert entries and all("--hash=sha256:" in entry for entry in entries), lock
    app, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: dev.get(name) for name in app} == app


def test_streamlit_is_pinned_to_the_tested_minor_and_the_advisory_floors_hold():
    wanted = {canonicalize_name(r.name): r.specifier for r in requirements("requirements.txt")}
    assert not wanted["streamlit"].contains("1.68.0") and wanted["streamlit"].contains("1.67.9")
    versions = locked("requirements.lock")
    for name, floor in {"orjson": "3.9.15", "h11": "0.16.0", "starlette": "0.49.1"}.items():
        assert not wanted[name].contains(_below(floor)), name
        assert tuple(map(int, versions[name].split(".")[:3])) >= tuple(map(int, floor.split("."))), name


def _below(version: str) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    return f"{major}.{minor}.{patch - 1}" if patch else f"{major}.{minor - 1}.99"
