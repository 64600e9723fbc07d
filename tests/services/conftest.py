"""The services' tests share the app tests' sandbox (one per test session)."""

from tests.app.conftest import sandbox  # noqa: F401  (a fixture)
