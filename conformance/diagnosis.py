"""What the endpoint is, from a few requests that change nothing: can it take part in a run at all?

An endpoint that answers RegisterMailDomain wrongly is for the checks to judge. This only tells apart the
endpoints no check could judge: one that does not answer, one that does not implement RegisterMailDomain
(HTTP 501, or UnknownOperationException), one that speaks no awsJson1.1 at all (moto's server answers every
WorkMail call with an HTML 500 page), and one that serves no organizations when the run needs to make its own.
A single JSON answer, to any of the probes, is enough to call the endpoint awsJson1.1: an endpoint whose
errors are HTML but whose successes are JSON is judged, and fails the error-shape checks.
"""

import dataclasses

from contract import CONTRACT, ERRORS
from conformance import reachability

# Well-formed, and held by no organization: every probe is answered without touching state.
UNKNOWN_ORGANIZATION = "m-" + "0" * 32
PREVIEW_BYTES = 120


@dataclasses.dataclass(frozen=True)
class Diagnosis:
    usable: bool
    finding: str  # one line: what the endpoint is
    seen: tuple = ()  # one line per probe: what it answered
    advice: str = ""  # what to do, when it cannot take part
    round_trip: float = None  # seconds the RegisterMailDomain probe took: a guide to the run's pace

    def as_record(self):
        return {"usable": self.usable, "finding": self.finding, "seen": list(self.seen), "advice": self.advice}

    def lines(self):
        head = "endpoint serves WorkMail awsJson1.1: yes" if self.usable else "the endpoint cannot take part"
        lines = [f"preflight: {head}: {self.finding}"]
        lines += [f"  {line}" for line in self.seen if not self.usable]
        if self.advice:
            lines.append(f"  what to do: {self.advice}")
        return lines


def diagnose(transport, settings):
    """The Diagnosis of settings.endpoint, sent through the run's own signed transport."""
    problem = reachability.probe(settings.endpoint, settings.request_timeout)
    if problem:
        return Diagnosis(False, problem, advice="check --endpoint and that the server is running")
    probes = _Probes(transport)
    register = probes.send(CONTRACT.operation, {
        CONTRACT.organization.name: UNKNOWN_ORGANIZATION, CONTRACT.domain.name: f"preflight.{settings.domain_suffix}",
        CONTRACT.token.name: "rmd-conformance-preflight"})
    if register.response is None:
        return probes.unusable(f"no answer to {CONTRACT.operation}: {register.problem}",
                               "check that the server is up; raise --request-timeout if it is only slow")
    if register.gave_up:
        return probes.unusable(f"{CONTRACT.operation} was answered {register.transient} on every one of "
                               f"{len(register.attempts) + 1} attempts",
                               "wait for the endpoint to recover, or raise --transient-retries")
    if _not_implemented(register.response):
        return probes.unusable(f"it does not implement {CONTRACT.operation}",
                               "use an endpoint that implements the operation under test")
    given = settings.organization_id and settings.second_organization_id
    describe = probes.send("DescribeOrganization", {CONTRACT.organization.name: settings.organization_id
                                                    or UNKNOWN_ORGANIZATION})
    if not any(_speaks_aws_json(e.response) for e in probes.sent):
        probes.send("ListOrganizations", {})
    if not any(_speaks_aws_json(e.response) for e in probes.sent):
        return probes.unusable("it does not speak awsJson1.1, Amazon WorkMail's protocol: no answer was a JSON "
                               "document or named an error type",
                               "check that --endpoint is the URL of a server that implements Amazon WorkMail")
    if not given and describe.response is not None and _not_implemented(describe.response):
        return probes.unusable("it does not implement DescribeOrganization, which the suite needs to use the "
                               "organizations it creates",
                               "give two Active organizations with --organization-id and --second-organization-id")
    return Diagnosis(True, f"{CONTRACT.operation} into an unknown organization answered {_answer(register)}",
                     tuple(probes.seen()), round_trip=register.elapsed)


class _Probes:
    def __init__(self, transport):
        self.transport, self.sent = transport, []

    def send(self, operation, body):
        exchange = self.transport.call(operation, body)
        self.sent.append(exchange)
        return exchange

    def seen(self):
        return [f"{exchange.operation}: {_answer(exchange)}" for exchange in self.sent]

    def unusable(self, finding, advice):
        return Diagnosis(False, finding, tuple(self.seen()), advice + "; --no-preflight runs the checks anyway")


def _not_implemented(response):
    return response.status == 501 or response.error_name() == ERRORS.UNKNOWN_OPERATION


def _speaks_aws_json(response):
    """An answer in awsJson1.1's shape: a JSON object, an empty 2xx body, or an error named in its header."""
    if response is None or _not_implemented(response):
        return False
    if response.error_type_header():
        return True
    if not response.body.strip():
        return 200 <= response.status < 300
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False


def _answer(exchange):
    if exchange.response is None:
        return f"no answer ({exchange.problem})"
    response = exchange.response
    name = response.error_name()
    preview = response.body[:PREVIEW_BYTES].decode("utf-8", "replace")
    preview = " ".join(preview.split()) + ("..." if len(response.body) > PREVIEW_BYTES else "")
    return (f"HTTP {response.status}" + (f" {name}" if name else "")
            + f", Content-Type {response.header('Content-Type') or '(none)'}" + (f": {preview}" if preview else ""))
