"""ClientToken: an idempotency token for retries. What a retry does, with the same or another token."""

import secrets
import time

import pytest

import strategies
from contract import CONTRACT, ERRORS
from conformance.failures import ConformanceFailure
from conformance.steps import accepted, count_listed, expect_listed_once, release, request_body, send

requirement = pytest.mark.requirement


def fresh_token():
    return f"rmd-{secrets.token_hex(12)}"


@requirement("RMD-IDEM-RETRY")
def test_identical_retry_with_the_same_token_succeeds(transport, judge, explore, resources, organization,
                                                      domain_suffix):
    def retried(name):
        body = request_body(organization, name, fresh_token())
        judge.success(send(transport, resources, body), "RMD-IDEM-RETRY")
        retry = send(transport, resources, body)
        judge.success(retry, "RMD-IDEM-RETRY")
        expect_listed_once(resources, "RMD-IDEM-RETRY", organization, name, retry)
        release(resources, organization, name)

    explore.run(retried, name=strategies.domain_names(domain_suffix))


@requirement("RMD-IDEM-LOST-RESPONSE")
def test_retry_after_a_lost_response_succeeds(transport, judge, resources, organization, domain_suffix):
    name = f"lost.{domain_suffix}"
    body = request_body(organization, name, fresh_token())
    resources.track(organization, name)
    # The first attempt is sent and its connection closed unread: the client never learns the outcome.
    transport.call(CONTRACT.operation, body, read_response=False)
    time.sleep(0.05)
    retry = send(transport, resources, body)
    judge.success(retry, "RMD-IDEM-LOST-RESPONSE")
    expect_listed_once(resources, "RMD-IDEM-LOST-RESPONSE", organization, name, retry)
    release(resources, organization, name)


@requirement("RMD-IDEM-REREGISTER", "RMD-IDEM-SINGLE-REGISTRATION")
@pytest.mark.parametrize("second_token", ["new", "none"])
def test_same_domain_again_in_the_same_organization(transport, judge, resources, organization, domain_suffix,
                                                    second_token):
    name = f"again-{second_token}.{domain_suffix}"
    judge.success(send(transport, resources, request_body(organization, name, fresh_token())),
                  "RMD-IDEM-SINGLE-REGISTRATION")
    again = send(transport, resources,
                  request_body(organization, name, fresh_token() if second_token == "new" else None))
    if accepted(again):
        judge.success(again, "RMD-IDEM-SINGLE-REGISTRATION")
        judge.observe("RMD-IDEM-REREGISTER", f"with {second_token} token: 200")
    else:
        judge.error(again, "RMD-IDEM-SINGLE-REGISTRATION", (ERRORS.MAIL_DOMAIN_IN_USE,))
        judge.observe("RMD-IDEM-REREGISTER", f"with {second_token} token: {ERRORS.MAIL_DOMAIN_IN_USE}")
    expect_listed_once(resources, "RMD-IDEM-SINGLE-REGISTRATION", organization, name, again)
    release(resources, organization, name)


@requirement("RMD-IDEM-TOKEN-OTHER-PARAMS", "RMD-IDEM-ONE-EFFECT-PER-TOKEN")
def test_token_reused_with_other_parameters(transport, judge, resources, organization, domain_suffix):
    token = fresh_token()
    first, second = f"first.{domain_suffix}", f"second.{domain_suffix}"
    judge.success(send(transport, resources, request_body(organization, first, token)),
                  "RMD-IDEM-ONE-EFFECT-PER-TOKEN")
    reused = send(transport, resources, request_body(organization, second, token))
    judge.responded(reused, "RMD-IDEM-ONE-EFFECT-PER-TOKEN")
    name = reused.response.error_type() if not accepted(reused) else None
    judge.observe("RMD-IDEM-TOKEN-OTHER-PARAMS",
                  "200" if accepted(reused) else f"HTTP {reused.response.status} {name or ''}".strip())
    both = count_listed(resources, organization, first) and count_listed(resources, organization, second)
    if both:
        raise ConformanceFailure("RMD-IDEM-ONE-EFFECT-PER-TOKEN", f"{second} not registered under {first}'s token",
                                 "both domains registered with one ClientToken", reused)
    release(resources, organization, first)
    release(resources, organization, second)


@requirement("RMD-IDEM-AT-MOST-ONCE")
def test_token_is_executed_at_most_once(transport, judge, resources, organization, domain_suffix):
    name = f"once.{domain_suffix}"
    body = request_body(organization, name, fresh_token())
    judge.success(send(transport, resources, body), "RMD-IDEM-AT-MOST-ONCE")
    removed = resources.deregister(organization, name)
    if removed.status != CONTRACT.success_status:
        pytest.skip(f"not verifiable: DeregisterMailDomain answered HTTP {removed.status}")
    retry = send(transport, resources, body)
    judge.success(retry, "RMD-IDEM-AT-MOST-ONCE")
    seen = count_listed(resources, organization, name)
    if seen:
        raise ConformanceFailure("RMD-IDEM-AT-MOST-ONCE", "the retry replayed, leaving the domain deregistered",
                                 "the retry registered the domain again", retry)
