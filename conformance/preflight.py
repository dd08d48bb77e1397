"""Before any check: can the endpoint take part at all? One diagnosis on one screen, not hundreds of errors.

The finding is a block of the run header. When the endpoint cannot take part the run stops before any
check, exits EXIT_UNUSABLE, and every requirement is reported not run for that reason (results.json too,
so a dashboard shows why). `--no-preflight` skips it: no requests, every check runs.
"""

import pytest

from conformance import diagnosis, keys
from conformance.endpoint import credentials_for, transport_for
from conformance.verdicts import EXIT_UNUSABLE


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """Before the header is written (and before xdist starts its workers): the header shows the finding."""
    config = session.config
    settings = config.stash[keys.settings_key]
    if (not settings.endpoint or settings.no_preflight or hasattr(config, "workerinput")
            or config.option.collectonly):
        return
    transport = transport_for(settings.endpoint, settings, credentials_for(settings), None,
                              config.stash[keys.weather_key])
    try:
        config.stash[keys.preflight_key] = diagnosis.diagnose(transport, settings)
    finally:
        transport.close()


def pytest_report_header(config):
    found = config.stash.get(keys.preflight_key, None)
    if found is None:
        settings = config.stash[keys.settings_key]
        return ["rmd-conformance: preflight skipped (--no-preflight)"] if settings.no_preflight else []
    return [f"rmd-conformance: {line}" for line in found.lines()]


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    """After the header: stop here, before collecting or running anything, when the endpoint cannot take part."""
    found = session.config.stash.get(keys.preflight_key, None)
    if found is not None and not found.usable:
        pytest.exit("rmd-conformance: no check was run: the endpoint cannot take part (the preflight above says why)",
                    returncode=EXIT_UNUSABLE)
