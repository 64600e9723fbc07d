"""The reliability suite: faults through the app, secrets after a whole session, and load on the sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from sandbox.launcher import RunningSandbox, start_sandbox


@pytest.fixture(scope="session")
def fault_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox with its fault switch on (and imports that do not dawdle)."""
    running = start_sandbox(tmp_path_factory.mktemp("fault-sandbox"), port=0, faults=True, import_delay=0)
    try:
        yield running
    finally:
        running.stop()


class FaultSwitch:
    """The sandbox's fault switch (POST/DELETE /_sandbox/faults) and import hold."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.trust_env = False

    def arm(self, **rule: object) -> None:
        answer = self.http.post(f"{self.url}/_sandbox/faults", json=rule, timeout=10)
        assert answer.status_code == 200, answer.text

    def applied(self) -> int:
        return self.http.get(f"{self.url}/_sandbox/faults", timeout=10).json()["applied"]

    def clear(self) -> None:
        self.http.delete(f"{self.url}/_sandbox/faults", timeout=10).raise_for_status()

    def hold_imports(self, stage: str | None) -> None:
        self.http.post(f"{self.url}/_sandbox/imports", json={"hold": stage}, timeout=10).raise_for_status()


@pytest.fixture
def faults(fault_sandbox: RunningSandbox) -> Iterator[FaultSwitch]:
    switch = FaultSwitch(fault_sandbox.url)
    switch.clear()
    yield switch
    switch.clear()
    switch.hold_imports(None)
