"""Requests that race: identical retries at once, and one domain sent at once into two organizations."""

import concurrent.futures
import threading

import pytest

from contract import ERRORS
from conformance.failures import ConformanceFailure
from conformance.steps import accepted, count_listed, expect_listed_once, release, request_body, send
from conformance.checks.test_idempotency import fresh_token

requirement = pytest.mark.requirement
PARALLEL = 6


def _at_once(transport, resources, bodies):
    """Send every body from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))

    def released_together(body):
        barrier.wait(timeout=30)
        return send(transport, resources, body)

    with concurrent.futures.ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(released_together, bodies))


@requirement("RMD-CONC-IDENTICAL")
def test_concurrent_identical_requests_register_once(transport, judge, resources, organization, domain_suffix,
                                                     rmd_settings):
    for round_number in range(rmd_settings.race_rounds):
        name = f"same{round_number}.{domain_suffix}"
        body = request_body(organization, name, fresh_token())
        for exchange in _at_once(transport, resources, [body] * PARALLEL):
            judge.success(exchange, "RMD-CONC-IDENTICAL")
        expect_listed_once(resources, "RMD-CONC-IDENTICAL", organization, name, exchange)
        release(resources, organization, name)
    judge.observe("RMD-CONC-IDENTICAL", f"{rmd_settings.race_rounds} rounds of {PARALLEL} identical requests")


@requirement("RMD-CONC-TWO-ORGS")
def test_one_domain_raced_into_two_organizations_has_one_owner(transport, judge, resources, organization,
                                                               second_organization, domain_suffix, rmd_settings):
    owners = (organization, second_organization)
    for round_number in range(rmd_settings.race_rounds):
        name = f"race{round_number}.{domain_suffix}"
        exchanges = _at_once(transport, resources, [request_body(o, name) for o in owners])
        winners = [e for e in exchanges if accepted(e)]
        for exchange in exchanges:
            if accepted(exchange):
                judge.success(exchange, "RMD-CONC-TWO-ORGS")
            else:
                judge.error(exchange, "RMD-CONC-TWO-ORGS", (ERRORS.MAIL_DOMAIN_IN_USE,))
        if len(winners) != 1:
            raise ConformanceFailure("RMD-CONC-TWO-ORGS", "exactly one organization wins",
                                     f"{len(winners)} successes in round {round_number + 1}", exchanges[0])
        holders = [o for o in owners if count_listed(resources, o, name)]
        if len(holders) != 1:
            raise ConformanceFailure("RMD-CONC-TWO-ORGS", f"{name} owned by exactly one organization",
                                     f"owned by {len(holders)}", winners[0])
        release(resources, holders[0], name)
    judge.observe("RMD-CONC-TWO-ORGS", f"{rmd_settings.race_rounds} rounds of one domain into two organizations")
