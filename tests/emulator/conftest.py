"""Fixtures for the emulator's own tests: a fresh emulator per test and boto3 clients for it."""

import boto3
import pytest

import emulator
from emulator_helpers import DUMMY_KEY, DUMMY_SECRET, FAST_ACTIVATION, make_client, new_active_org


@pytest.fixture(scope="session")
def boto_session():
    return boto3.session.Session(aws_access_key_id=DUMMY_KEY, aws_secret_access_key=DUMMY_SECRET,
                                 region_name="us-east-1")


@pytest.fixture
def running():
    with emulator.start(activation_delay=FAST_ACTIVATION, read_timeout=2.0) as running:
        yield running


@pytest.fixture
def client(boto_session, running):
    return make_client(boto_session, running.url)


@pytest.fixture
def loose_client(boto_session, running):
    """A client whose own parameter validation is off, so bad values reach the emulator."""
    return make_client(boto_session, running.url, validate=False)


@pytest.fixture
def org(client):
    return new_active_org(client)
