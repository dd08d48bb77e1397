"""Before any check: can the endpoint take part at all? A typo in --endpoint is one error, not hundreds."""

import pytest

from conformance import keys, reachability
from conformance.fixtures import EXIT_UNUSABLE


def pytest_sessionstart(session):
    """One clear error before any test runs when the endpoint cannot be reached at all."""
    config = session.config
    settings = config.stash[keys.settings_key]
    if not settings.endpoint or hasattr(config, "workerinput") or config.option.collectonly:
        return
    problem = reachability.probe(settings.endpoint, settings.request_timeout)
    if problem:
        pytest.exit(f"rmd-conformance: cannot use endpoint {settings.endpoint}: {problem}", returncode=EXIT_UNUSABLE)
