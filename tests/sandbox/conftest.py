"""Fixtures for talking HTTP to a real `python -m sandbox` child process (one per test module)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox, start_sandbox
from tests.sandbox.sandbox_api import SandboxApi


@pytest.fixture(scope="module")
def sandbox_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox-data")


@pytest.fixture(scope="module")
def sandbox(sandbox_root: Path) -> Iterator[RunningSandbox]:
    """A sandbox for this test module: its own data root, the demo data, the test switches on."""
    with start_sandbox(sandbox_root, faults=True, import_delay=0) as running:
        yield running


@pytest.fixture(scope="module")
def api(sandbox: RunningSandbox) -> SandboxApi:
    return SandboxApi(sandbox.url, sandbox.project_id)


@pytest.fixture(scope="module")
def make_api(sandbox: RunningSandbox) -> Callable[..., SandboxApi]:
    """Another client of this module's sandbox: make_api(project_id=..., token=...)."""
    return lambda **kwargs: SandboxApi(sandbox.url, **kwargs)
