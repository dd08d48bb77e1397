"""How the suite reaches the endpoint: the credentials it signs with and the signed transport.

Shared by the fixtures and the preflight (which runs before any fixture), and kept out of both so that
neither plugin module imports the other.
"""

import pytest

from conformance import options
from conformance.verdicts import EXIT_UNUSABLE
from conformance.weather import Backoff
from conformance.wire import Transport, dummy_credentials


def credentials_for(settings):
    """The standard credential chain for AWS; worthless dummy values anywhere else."""
    if settings.endpoint and options.is_aws(settings.endpoint):
        import boto3

        found = boto3.session.Session().get_credentials()
        if found is None:
            pytest.exit("rmd-conformance: no AWS credentials found in the standard chain", returncode=EXIT_UNUSABLE)
        return found.get_frozen_credentials()
    return dummy_credentials()


def transport_for(endpoint, settings, credentials, seed, weather):
    return Transport(endpoint, settings.region, credentials, settings.request_timeout,
                     backoff=Backoff(settings.transient_retries, seed=seed), weather=weather)
