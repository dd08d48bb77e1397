"""Runs that repeat, runs that refuse to certify what they did not see, and runs that leave nothing behind."""

import dataclasses
import json
import re

import pytest

import emulator
from emulator import models
from emulator.exceptions import LimitExceeded
from emulator.seams import Seams


def _run(pytester, url, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", f"--endpoint={url}",
                                         *args, timeout=300)


class _Recorder:
    """A deliver seam that keeps every request the endpoint receives."""

    def __init__(self):
        self.requests = []

    def __call__(self, peer_gone, backend, headers, body, reply):
        self.requests.append((headers.get("X-Amz-Target"), body.decode("utf-8", "replace")))
        return reply


def _masked(requests, run_id):
    """The requests with the run label and the endpoint's own organization ids replaced by placeholders."""
    ids = {}

    def organization(match):
        return ids.setdefault(match.group(0), f"ORG{len(ids) + 1}")

    label = re.compile(re.escape(run_id), re.IGNORECASE)  # names are sent in other letter case too
    return [(target, re.sub(r"m-[0-9a-f]{32}", organization, label.sub("RUN", _decoded(body))))
            for target, body in requests if target and target.endswith(".RegisterMailDomain")]


def _decoded(body):
    """The body as JSON reads it (escapes decoded, so a label written as \\u escapes can be masked), or as sent."""
    try:
        return json.dumps(json.loads(body), ensure_ascii=False)
    except (ValueError, RecursionError):
        return body


def _recorded_run(pytester, *args):
    recorder = _Recorder()
    with emulator.start(max_domains_per_org=8, activation_delay=0.05,
                        seams=dataclasses.replace(Seams(), deliver=recorder)) as running:
        result = _run(pytester, running.url, "--max-domains-per-org=8", *args)
    assert result.ret == 0, result.stdout.str()[-2000:]
    run_id = re.search(r"run id ([0-9a-f]{8})", result.stdout.str()).group(1)
    return _masked(recorder.requests, run_id)


def test_two_runs_with_one_seed_send_the_same_requests_in_the_same_order(pytester):
    # Not derandomized, so the seed alone decides; the races are left out, their threads interleave freely.
    args = ("--hypothesis-profile=dev", "--hypothesis-seed=4242", "-k", "not concurrent and not raced",
            "-p", "no:randomly")
    first, second = (_recorded_run(pytester, *args, "--concurrency=1") for _ in range(2))
    assert len(first) > 300
    assert first == second
    # Examples in flight together send the very same requests; only their order is the network's (and with it
    # which organization id was met first, so ids are compared as ids).
    def unordered(requests):
        return sorted((target, re.sub(r"ORG\d+", "ORG", body)) for target, body in requests)

    assert unordered(_recorded_run(pytester, *args, "--concurrency=8")) == unordered(first)


def _always_full(self, organization_id, name):
    self._active_organization(organization_id, "RegisterMailDomain")
    raise LimitExceeded(f"Organization {organization_id} may hold no more mail domains.")


@pytest.mark.parametrize("concurrency", [1, 16])
@pytest.mark.parametrize("quota", [None, 8])
def test_an_endpoint_that_refuses_every_registration_fails_the_accept_requirements(pytester, quota, concurrency):
    # At 16, examples run together, and a refusal met then is sent again alone (where the endpoint may replay it).
    always_full = type("AlwaysFull", (models.Backend,), {"_register": _always_full})
    with emulator.start(seams=dataclasses.replace(Seams(), backend=always_full), activation_delay=0.05) as running:
        result = _run(pytester, running.url, *([f"--max-domains-per-org={quota}"] if quota else []),
                      f"--concurrency={concurrency}", "-k", "accept or listed or token_may_be_omitted")
    output = result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    # One cause, one line: the five requirements it broke, listed on it.
    grouped = re.search(r"^5 requirements \((.*)\): FAIL - expected HTTP 200 \(success\); got HTTP 400 "
                        r"LimitExceededException", output, re.MULTILINE)
    assert grouped, output[-3000:]
    assert sorted(grouped.group(1).split(", ")) == ["RMD-EFFECT-LISTED", "RMD-VAL-DOMAIN-ACCEPT", "RMD-VAL-ORG-ACCEPT",
                                                    "RMD-VAL-TOKEN-ACCEPT", "RMD-VAL-TOKEN-OPTIONAL"]
    assert "warnings summary" not in output
    assert "holds none of this run's domains" in output


def _created(result):
    from emulator import responses
    reply = responses.render_success(result)
    return reply._replace(status=201) if result == {} else reply


def test_a_registration_answered_with_another_2xx_is_cleaned_up_too(pytester):
    with emulator.start(seams=dataclasses.replace(Seams(), render_success=_created), activation_delay=0.05) as running:
        result = _run(pytester, running.url, "-k", "listed or retry")
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert "RMD-PROTO-SUCCESS-STATUS" in result.stdout.str()
        organizations = running.backend.list_organizations(100, None)["OrganizationSummaries"]
        left = [running.backend.registered_domains(o["OrganizationId"]) for o in organizations]
    assert all(state == [] for state in left), left
    assert all(o["State"] == "Deleted" for o in organizations)


def test_a_suffix_that_leaves_no_room_is_a_usage_error(pytester):
    long = ".".join(["a" * 60, "b" * 60, "c" * 40, "example"])
    result = pytester.runpytest_subprocess("--pyargs", "conformance", f"--domain-suffix={long}", timeout=60)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "leave room for the run label" in result.stderr.str()
