"""Shared fixtures of the property tests (the self-check test questionnaire)."""

from ..selfcheck.conftest import questionnaire  # noqa: F401 - the fixture is used by name
