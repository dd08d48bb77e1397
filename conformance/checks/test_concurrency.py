"""Requests that race: identical retries at once, and one domain sent at once into two organizations.

A retryable in-flight answer to a duplicate (TransactionInProgressException and the like) is weather: the
transport retries it with the same token, and the check judges what the retry settles to.
"""

import concurrent.futures
import threading

import pytest

from contract import ERRORS
from conformance.client import accepted, request_body

requirement = pytest.mark.requirement
PARALLEL = 6


def _at_once(client, bodies):
    """Send every body from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))

    @client.resources.carried  # what the race registers is the round's, removed when the round ends
    def released_together(body):
        barrier.wait(timeout=30)
        return client.register(body)

    with concurrent.futures.ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(released_together, bodies))


def _rounds(rmd_settings):
    # Each round races on a name of its own, so rounds may overlap (--concurrency) as examples do.
    return [{"round_number": n} for n in range(rmd_settings.race_rounds)]


@requirement("RMD-CONC-IDENTICAL")
def test_concurrent_identical_requests_register_once(client, judge, explore, organization, domain_suffix,
                                                     rmd_settings):
    def one_round(round_number):
        name = f"same{round_number}.{domain_suffix}"
        body = request_body(organization, name, client.token())
        for exchange in _at_once(client, [body] * PARALLEL):
            judge.success(exchange, "RMD-CONC-IDENTICAL")
        client.expect_listed("RMD-CONC-IDENTICAL", organization, name, times=1, exchange=exchange)
        client.release(organization, name)

    explore.each(one_round, _rounds(rmd_settings))
    judge.observe("RMD-CONC-IDENTICAL", f"{rmd_settings.race_rounds} rounds of {PARALLEL} identical requests")


@requirement("RMD-CONC-TWO-ORGS")
def test_one_domain_raced_into_two_organizations_has_one_owner(client, judge, explore, organization,
                                                               second_organization, domain_suffix, rmd_settings):
    owners = (organization, second_organization)

    def one_round(round_number):
        name = f"race{round_number}.{domain_suffix}"
        exchanges = _at_once(client, [request_body(o, name) for o in owners])
        winners = [o for o, e in zip(owners, exchanges) if accepted(e)]
        for exchange in exchanges:
            if accepted(exchange):
                judge.success(exchange, "RMD-CONC-TWO-ORGS")
            else:
                judge.error(exchange, "RMD-CONC-TWO-ORGS", (ERRORS.MAIL_DOMAIN_IN_USE,))
        if len(winners) != 1:
            judge.fail("RMD-CONC-TWO-ORGS", "exactly one organization wins",
                       f"{len(winners)} successes in round {round_number + 1}", exchanges[0])
        client.expect_listings("RMD-CONC-TWO-ORGS", {o: ({name.lower()} if o == winners[0] else set()) for o in owners},
                               [name], exchanges[0])
        client.release(winners[0], name)

    explore.each(one_round, _rounds(rmd_settings))
    judge.observe("RMD-CONC-TWO-ORGS", f"{rmd_settings.race_rounds} rounds of one domain into two organizations")
