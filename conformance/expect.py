"""The suite's vocabulary for judging one exchange: expect a success, expect an error.

Each judgement checks the generic protocol requirements first (a response came, no 5xx, the
status, the Content-Type, the error body) and attributes a breach to the requirement it breaks,
which is not always the one the calling check is about. MUST breaches raise ConformanceFailure;
SHOULD breaches met along the way are recorded as findings, so they never fail a MUST check.
"""

import dataclasses
import json

from contract import CONTRACT, ERRORS, MUST_ACCEPT
from conformance.failures import ConformanceFailure, exchange_record
from conformance.resources import NotVerifiable

JSON_MEDIA_TYPES = ("application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json")

FINDING = "finding"  # a SHOULD-level breach seen incidentally
DEVIATION = "deviation"  # accepted, but not what the page says (e.g. ValidationException)
OBSERVATION = "observation"  # implementation-defined behaviour, recorded without judgement


@dataclasses.dataclass
class Note:
    requirement: str
    kind: str
    what: str
    exchange: object = None

    def as_record(self):
        record = {"requirement": self.requirement, "kind": self.kind, "what": self.what}
        if self.exchange is not None:
            record.update(exchange_record(self.exchange))
        return record


class Judge:
    """Judges exchanges for one test; collects that test's notes."""

    def __init__(self, strict_errors):
        self.strict_errors = strict_errors
        self.notes = []

    # -- notes ---------------------------------------------------------------------------------
    def note(self, requirement, kind, what, exchange=None):
        if not any(n.requirement == requirement and n.kind == kind and n.what == what for n in self.notes):
            self.notes.append(Note(requirement, kind, what, exchange))

    def observe(self, requirement, what, exchange=None):
        self.note(requirement, OBSERVATION, what, exchange)

    # -- generic protocol requirements ---------------------------------------------------------
    def responded(self, exchange, requirement):
        __tracebackhide__ = True
        if exchange.response is None:
            raise ConformanceFailure(requirement, "an HTTP response", exchange.problem or "no response", exchange)
        if exchange.response.status >= 500:
            raise ConformanceFailure("RMD-PROTO-NO-5XX", "a 2xx or 4xx answer",
                                     f"HTTP {exchange.response.status} {_summary(exchange.response)}", exchange)

    def content_type(self, exchange):
        __tracebackhide__ = True
        value = exchange.response.header("Content-Type")
        media = (value or "").split(";", 1)[0].strip().lower()
        if media not in JSON_MEDIA_TYPES:
            raise ConformanceFailure("RMD-PROTO-CONTENT-TYPE", f"Content-Type {CONTRACT.content_type}",
                                     f"Content-Type {value!r}" if value else "no Content-Type header", exchange)

    # -- success ---------------------------------------------------------------------------------
    def success(self, exchange, requirement):
        """A documented success: 200, JSON Content-Type, empty body or a JSON object (members: a finding)."""
        __tracebackhide__ = True
        self.responded(exchange, requirement)
        response = exchange.response
        if response.status != CONTRACT.success_status:
            if 200 <= response.status < 300:
                raise ConformanceFailure("RMD-PROTO-SUCCESS-STATUS", f"HTTP {CONTRACT.success_status}",
                                         f"HTTP {response.status}", exchange)
            if requirement != "RMD-QUOTA" and _named(exchange, ERRORS.LIMIT_EXCEEDED):
                # The organization is full, most likely of what the run could not remove: judging this
                # check's claim now would blame it for that. The quota itself is RMD-QUOTA's to judge.
                raise NotVerifiable(f"the organization refused with {ERRORS.LIMIT_EXCEEDED} "
                                    f"({response.message() or 'no message'}); see RMD-EFFECT-DEREGISTRABLE and "
                                    "RMD-QUOTA")
            raise ConformanceFailure(_refused_bound(exchange) or requirement,
                                     f"HTTP {CONTRACT.success_status} (success)",
                                     f"HTTP {response.status} {_summary(response)}", exchange)
        self.content_type(exchange)
        members = self.success_members(exchange)
        if members:
            self.note("RMD-PROTO-SUCCESS-NO-MEMBERS", FINDING,
                      f"success body has members {sorted(members)}", exchange)
        return response

    def success_members(self, exchange):
        """The members of a success body; raises if the body is neither empty nor a JSON object."""
        __tracebackhide__ = True
        try:
            document = exchange.response.json()
        except ValueError:
            document = ValueError
        if document is None:
            return {}
        if not isinstance(document, dict):
            raise ConformanceFailure("RMD-PROTO-SUCCESS-BODY", "an empty body or a JSON object",
                                     f"body {_short(exchange.response.body)}", exchange)
        return document

    # -- errors ----------------------------------------------------------------------------------
    def error(self, exchange, requirement, names, wrong_name_requirement=None):
        """A documented error: 400, JSON Content-Type, a body whose __type is one of `names`."""
        __tracebackhide__ = True
        names = tuple(names)
        expected = f"HTTP 400 {' or '.join(names)}"
        self.responded(exchange, requirement)
        response = exchange.response
        if response.status < 400:
            raise ConformanceFailure(requirement, expected, f"HTTP {response.status} {_summary(response)}", exchange)
        name = self.error_name(exchange)
        if name not in names:
            raise ConformanceFailure(wrong_name_requirement or requirement, expected,
                                     f"HTTP {response.status} {name or 'with no error type'}", exchange)
        if response.status != 400:
            raise ConformanceFailure("RMD-PROTO-ERROR-STATUS", f"HTTP 400 for {name}",
                                     f"HTTP {response.status}", exchange)
        if response.message() is None:
            self.note("RMD-PROTO-ERROR-MESSAGE", FINDING, f"{name} has no Message or message member", exchange)
        return name

    def error_name(self, exchange):
        """The error's name from the body's __type; from x-amzn-ErrorType only with a finding."""
        __tracebackhide__ = True
        response = exchange.response
        self.content_type(exchange)
        try:
            document = response.json()
        except ValueError:
            document = ValueError
        if not isinstance(document, dict):
            raise ConformanceFailure("RMD-PROTO-ERROR-TYPE", "a JSON object body with __type",
                                     f"HTTP {response.status} body {_short(response.body)}", exchange)
        name = response.error_type()
        if name is None:
            name = response.error_type_header()
            if name is None:
                raise ConformanceFailure("RMD-PROTO-ERROR-TYPE", "__type naming the error",
                                         f"HTTP {response.status} body {_short(response.body)}", exchange)
            self.note("RMD-SDK-MODELED-EXCEPTION", FINDING,
                      f"{name} is named only by x-amzn-ErrorType; boto3 reads __type and will not raise it",
                      exchange)
        return name

    def validation_error(self, exchange, requirement, not_found_requirement=None):
        """A constraint violation: InvalidParameterException, or ValidationException unless strict.

        not_found_requirement: the requirement broken when the answer is OrganizationNotFound instead.
        """
        __tracebackhide__ = True
        allowed = (ERRORS.INVALID_PARAMETER,) if self.strict_errors else CONTRACT.validation_errors
        wrong = not_found_requirement if _named(exchange, ERRORS.ORGANIZATION_NOT_FOUND) else None
        try:
            name = self.error(exchange, requirement, allowed, wrong_name_requirement=wrong)
        except ConformanceFailure as failure:
            if self.strict_errors and failure.requirement.id == requirement and _named(exchange, ERRORS.VALIDATION):
                raise ConformanceFailure("RMD-VAL-ERROR-NAME", f"HTTP 400 {ERRORS.INVALID_PARAMETER} (--strict-errors)",
                                         f"HTTP 400 {ERRORS.VALIDATION}", exchange) from None
            raise
        if name == ERRORS.VALIDATION:
            self.note("RMD-VAL-ERROR-NAME", DEVIATION,
                      f"constraint violations answered with {ERRORS.VALIDATION}, not {ERRORS.INVALID_PARAMETER}")
        return name


# Member name -> the catalogue's prefix for its validation requirements.
_MEMBER_PREFIX = {CONTRACT.domain.name: "DOMAIN", CONTRACT.token.name: "TOKEN", CONTRACT.organization.name: "ORG"}


def _refused_bound(exchange):
    """The ACCEPT requirement a validation error breaks when it refuses a must-accept value at a bound.

    A check about ownership that happens to draw a maximum-length name, and meets an endpoint that
    refuses it, has found a broken bound, not broken ownership. Only an unambiguous case is
    re-attributed: a RegisterMailDomain body that is must-accept, with exactly one member at a bound.
    """
    if exchange.request.headers.get("X-Amz-Target") != CONTRACT.target:
        return None
    body = exchange.request.json_body()
    if not isinstance(body, dict) or CONTRACT.classify_request(body)[0] != MUST_ACCEPT:
        return None
    if (exchange.response.error_type() or exchange.response.error_type_header()) not in CONTRACT.validation_errors:
        return None
    at_bound = [name for name, member in CONTRACT.members.items()
                if isinstance(body.get(name), str) and not member.min_length == member.max_length
                and len(body[name]) in (member.min_length, member.max_length)]
    return f"RMD-VAL-{_MEMBER_PREFIX[at_bound[0]]}-ACCEPT" if len(at_bound) == 1 else None


def _named(exchange, name):
    response = exchange.response
    return response is not None and (response.error_type() or response.error_type_header()) == name


def _summary(response):
    name = response.error_type() or response.error_type_header()
    return f"{name}: {response.message() or ''}".strip(": ") if name else f"body {_short(response.body)}"


def _short(body, limit=200):
    text = body.decode("utf-8", "backslashreplace")
    if not text:
        return "(empty)"
    return json.dumps(text[:limit] + ("..." if len(text) > limit else ""))
