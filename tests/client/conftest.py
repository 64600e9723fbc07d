import pytest

from tests.client.fault_server import FaultServer


@pytest.fixture
def server():
    fault_server = FaultServer()
    yield fault_server
    fault_server.close()


@pytest.fixture
def iam():
    """A second fault server standing in for IAM."""
    fault_server = FaultServer()
    yield fault_server
    fault_server.close()
