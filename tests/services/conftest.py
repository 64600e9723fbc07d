"""The services' tests share the app tests' sandbox (one per test session)."""

from tests.pages.conftest import sandbox  # noqa: F401  (a fixture)
