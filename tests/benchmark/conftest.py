from ..selfcheck.conftest import questionnaire, selfcheck, submitted  # noqa: F401 - shared fixtures
