"""ClientToken: an idempotency token for retries. What a retry does, with the same or another token."""

import hashlib
import time

import pytest

import strategies
from contract import CONTRACT, ERRORS
from conformance.client import accepted, request_body

requirement = pytest.mark.requirement


def _folded(name):
    return name.lower()


@requirement("RMD-IDEM-RETRY")
def test_identical_retry_with_the_same_token_succeeds(client, judge, explore, organization, domain_suffix):
    def retried(name):
        body = request_body(organization, name, client.token())
        judge.success(client.register(body), "RMD-IDEM-RETRY")
        retry = client.register(body)
        judge.success(retry, "RMD-IDEM-RETRY")
        client.expect_listed("RMD-IDEM-RETRY", organization, name, times=1, exchange=retry)
        client.release(organization, name)

    explore.run(retried, independent=True, key=_folded, name=strategies.domain_names(domain_suffix))


@requirement("RMD-IDEM-LOST-RESPONSE")
def test_retry_after_a_lost_response_succeeds(client, judge, transport, resources, organization, domain_suffix):
    name = f"lost.{domain_suffix}"
    body = request_body(organization, name, client.token())
    resources.track(organization, name, accepted=False)
    # The first attempt is sent and its connection closed unread: the client never learns the outcome.
    transport.call(CONTRACT.operation, body, read_response=False)
    time.sleep(0.05)
    retry = client.register(body)
    judge.success(retry, "RMD-IDEM-LOST-RESPONSE")
    client.expect_listed("RMD-IDEM-LOST-RESPONSE", organization, name, times=1, exchange=retry)
    client.release(organization, name)


@requirement("RMD-IDEM-REREGISTER", "RMD-IDEM-SINGLE-REGISTRATION")
@pytest.mark.parametrize("second_token", ["new", "none"])
def test_same_domain_again_in_the_same_organization(client, judge, organization, domain_suffix, second_token):
    name = f"again-{second_token}.{domain_suffix}"
    client.register_ok("RMD-IDEM-SINGLE-REGISTRATION", organization, name, client.token())
    again = client.register(request_body(organization, name, client.token() if second_token == "new" else None))
    if accepted(again):
        judge.success(again, "RMD-IDEM-SINGLE-REGISTRATION")
        outcome = "200"
    else:
        judge.error(again, "RMD-IDEM-SINGLE-REGISTRATION", (ERRORS.MAIL_DOMAIN_IN_USE,))
        outcome = ERRORS.MAIL_DOMAIN_IN_USE
    judge.observe("RMD-IDEM-REREGISTER", f"with {second_token} token: {outcome}",
                  point=f"{second_token} token", value=outcome)
    client.expect_listed("RMD-IDEM-SINGLE-REGISTRATION", organization, name, times=1, exchange=again)
    client.release(organization, name)


@requirement("RMD-IDEM-TOKEN-OTHER-PARAMS", "RMD-IDEM-ONE-EFFECT-PER-TOKEN")
def test_token_reused_with_other_parameters(client, judge, organization, domain_suffix):
    token = client.token()
    first, second = f"first.{domain_suffix}", f"second.{domain_suffix}"
    client.register_ok("RMD-IDEM-ONE-EFFECT-PER-TOKEN", organization, first, token)
    reused = client.register(request_body(organization, second, token))
    judge.responded(reused, "RMD-IDEM-ONE-EFFECT-PER-TOKEN")
    outcome = "200" if accepted(reused) else f"HTTP {reused.response.status} {reused.response.error_name() or ''}"
    judge.observe("RMD-IDEM-TOKEN-OTHER-PARAMS", outcome.strip(), point="answer", value=outcome.strip())
    client.expect_listed("RMD-IDEM-ONE-EFFECT-PER-TOKEN", organization, second, times=0, exchange=reused)
    client.release(organization, first)
    client.release(organization, second)


@requirement("RMD-IDEM-AT-MOST-ONCE")
def test_token_is_executed_at_most_once(client, judge, resources, organization, domain_suffix):
    name = f"once.{domain_suffix}"
    body = request_body(organization, name, client.token())
    judge.success(client.register(body), "RMD-IDEM-AT-MOST-ONCE")
    client.release(organization, name)
    client.expect_listed("RMD-IDEM-AT-MOST-ONCE", organization, name, times=0)
    retry = client.register(body)
    judge.success(retry, "RMD-IDEM-AT-MOST-ONCE")
    client.expect_listed("RMD-IDEM-AT-MOST-ONCE", organization, name, times=0, exchange=retry)


TWINS_DISTINCT = "RMD-IDEM-TWIN-TOKENS-DISTINCT"
TWINS_RETRY = "RMD-IDEM-TWIN-TOKENS-OWN-RETRY"


def _name_for(token, label, suffix):
    """A name of the token's own (the run label left out of the digest: the suffix carries it already)."""
    return f"tw-{hashlib.sha256(token.removeprefix(label).encode()).hexdigest()[:12]}.{suffix}"


@requirement(TWINS_DISTINCT, TWINS_RETRY)
def test_near_twin_tokens_are_two_requests(client, judge, explore, organization, domain_suffix, rmd_run):
    # Every token carries the run label, so no run meets a token an earlier run left in the endpoint's memory.
    label = f"{rmd_run['run_id']}-"
    used = set()

    def new_pair(twins):
        if {twins.token, twins.twin} & used:
            return False  # a token seen before is a retry of its first request, not a new pair
        used.update((twins.token, twins.twin))
        return True

    def two_requests(twins):
        first, second = _name_for(twins.token, label, domain_suffix), _name_for(twins.twin, label, domain_suffix)
        bodies = (request_body(organization, first, twins.token), request_body(organization, second, twins.twin))
        with judge.context(f"near-twin tokens ({twins.how}): {twins.token!r} and {twins.twin!r}"):
            for body in bodies:
                judge.success(client.register(body), TWINS_DISTINCT)  # a distinct token: a new request
            client.expect_counts(TWINS_DISTINCT, organization, {first: 1, second: 1})
            for body in bodies:
                judge.success(client.register(body), TWINS_RETRY)  # each retry is its own request's
            client.expect_counts(TWINS_RETRY, organization, {first: 1, second: 1})
            client.release(organization, first)
            client.release(organization, second)

    explore.run(two_requests, examples=[{"twins": t} for t in strategies.pinned_token_twins(label)],
                independent=True, holds=2, admit=new_pair,
                twins=strategies.token_twins(label))
