"""ClientToken: an idempotency token for retries. What a retry does, with the same or another token."""

import time

import pytest

import strategies
from contract import CONTRACT, ERRORS
from conformance.client import accepted, request_body

requirement = pytest.mark.requirement


@requirement("RMD-IDEM-RETRY")
def test_identical_retry_with_the_same_token_succeeds(client, judge, explore, organization, domain_suffix):
    def retried(name):
        body = request_body(organization, name, client.token())
        judge.success(client.register(body), "RMD-IDEM-RETRY")
        retry = client.register(body)
        judge.success(retry, "RMD-IDEM-RETRY")
        client.expect_listed("RMD-IDEM-RETRY", organization, name, times=1, exchange=retry)
        client.release(organization, name)

    explore.run(retried, name=strategies.domain_names(domain_suffix))


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
