"""Config refuses nonsense up front, and start() accepts a Config plus overrides."""

import dataclasses

import pytest

import emulator
from emulator import Config


@pytest.mark.parametrize("fields", [
    {"max_domains_per_org": -1}, {"max_domains_per_org": 1.5}, {"max_domains_per_org": True},
    {"activation_delay": -0.1}, {"activation_delay": float("inf")}, {"activation_delay": "soon"},
    {"max_body_bytes": 0}, {"read_timeout": 0}, {"verify_signatures": True},
    {"latency_ms": -1}, {"latency_ms": float("nan")}, {"latency_ms": True}, {"latency_ms": "50"},
])
def test_bad_config_is_a_value_error(fields):
    with pytest.raises(ValueError):
        Config(**fields)


def test_start_with_config_and_overrides():
    base = Config(max_domains_per_org=7, activation_delay=0)
    with emulator.start(config=base, max_domains_per_org=9) as running:
        assert running.config.max_domains_per_org == 9 and running.config.activation_delay == 0
        assert running.url == f"http://127.0.0.1:{running.port}"


def test_config_is_frozen_and_credentials_read_only():
    config = Config(credentials={"AK": "SK"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_domains_per_org = 1
    with pytest.raises(TypeError):
        config.credentials["AK2"] = "x"


def test_a_seam_replaces_one_behaviour(boto_session):
    """The hook for later faults: case-sensitive ownership is one swapped function."""
    from emulator_helpers import make_client, new_active_org
    seams = dataclasses.replace(emulator.Seams(), domain_key=str)
    with emulator.start(seams=seams, activation_delay=0) as running:
        client = make_client(boto_session, running.url)
        first, second = new_active_org(client, "one"), new_active_org(client, "two")
        client.register_mail_domain(OrganizationId=first, DomainName="example.com")
        client.register_mail_domain(OrganizationId=second, DomainName="EXAMPLE.com")  # the fault lets it in
        assert running.backend.registered_domains(second) == ["EXAMPLE.com"]


def test_latency_delays_every_answer_and_nothing_else():
    import http.client
    import time

    with emulator.start(latency_ms=150) as running:
        connection = http.client.HTTPConnection(running.host, running.port, timeout=5)
        started = time.monotonic()
        connection.request("GET", "/")  # a framing answer (405) is late too
        response = connection.getresponse()
        response.read()
        assert response.status == 405 and time.monotonic() - started >= 0.15
        connection.close()
