"""Response-level rules: small named checks that every response to a RegisterMailDomain request must meet.

Each rule names its requirement, says which responses it applies to, and returns what it expected and
what it got when a response breaks it. The judge runs every rule on every response it sees, so a response
that breaks two rules fails both requirements (an HTML error page fails RMD-PROTO-CONTENT-TYPE and
RMD-PROTO-ERROR-TYPE), and a rule that applied counts one judged example for its requirement.

Scopes: a *call* is a well-formed RegisterMailDomain request (its target, a JSON object body); a *probe*
is any request the suite sends about the operation, malformed ones included. Only RMD-PROTO-NO-5XX holds
for probes: what a server answers to a body that is no JSON, or to a target it does not serve, is
otherwise the protocol's business, not the page's.
"""

import dataclasses
import json

from contract import CONTRACT, error_name
from conformance import weather

JSON_MEDIA_TYPES = ("application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json")


@dataclasses.dataclass(frozen=True)
class Breach:
    requirement: str
    expected: str
    got: str


@dataclasses.dataclass(frozen=True)
class Deviation:
    """Accepted, but not what the page or the protocol says: reported, never failed."""
    requirement: str
    what: str


@dataclasses.dataclass(frozen=True)
class Rule:
    requirement: str
    scope: str  # "call" or "probe"
    applies: object  # response -> bool
    check: object  # exchange -> Breach | Deviation | None

    def judge(self, exchange):
        return self.check(exchange)


RULES = []


def rule(requirement, scope="call", applies=lambda response: True):
    def register(check):
        RULES.append(Rule(requirement, scope, applies, check))
        return check
    return register


# -- what a response is ---------------------------------------------------------------------------

def document(response):
    """The parsed body: None for an empty body, ValueError (the class) when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return ValueError


def media_type(response):
    value = response.header("Content-Type")
    return (value or "").split(";", 1)[0].strip().lower() or None


def named(response):
    """The error's name from __type, then code, then X-Amzn-Errortype (the protocol allows each)."""
    return response.error_name()


def is_success(response):
    return 200 <= response.status < 300


def is_error(response):
    return response.status >= 400


def short(body, limit=200):
    text = body.decode("utf-8", "backslashreplace") if isinstance(body, bytes) else str(body)
    if not text:
        return "(empty)"
    return json.dumps(text[:limit] + ("..." if len(text) > limit else ""))


def answer(exchange):
    """What came back, in a few words: status, error name and message, or the transport problem."""
    if exchange.response is None:
        return exchange.problem or "no response"
    response = exchange.response
    name = named(response)
    text = f"HTTP {response.status} " + (f"{name}: {response.message() or ''}".strip(": ") if name
                                          else f"body {short(response.body)}")
    return text + weather.persisted_note(exchange)


# -- the rules --------------------------------------------------------------------------------------

@rule("RMD-PROTO-NO-5XX", scope="probe")
def not_a_server_error(exchange):
    if exchange.response.status >= 500:
        return Breach("RMD-PROTO-NO-5XX", "a 2xx or 4xx answer", answer(exchange))
    return None


@rule("RMD-PROTO-TRANSIENT-BOUNDED", scope="probe", applies=lambda r: True)
def transient_answers_pass(exchange):
    if exchange.gave_up:
        return Breach("RMD-PROTO-TRANSIENT-BOUNDED", "the transient answer to pass once retried with backoff",
                      answer(exchange))
    return None


@rule("RMD-PROTO-SUCCESS-STATUS", applies=is_success)
def success_is_200(exchange):
    status = exchange.response.status
    if status != CONTRACT.success_status:
        return Breach("RMD-PROTO-SUCCESS-STATUS", f"HTTP {CONTRACT.success_status} for a success", f"HTTP {status}")
    return None


@rule("RMD-PROTO-SUCCESS-BODY", applies=is_success)
def success_body_is_empty_or_an_object(exchange):
    body = document(exchange.response)
    if body is not None and not isinstance(body, dict):
        return Breach("RMD-PROTO-SUCCESS-BODY", "an empty body or a JSON object",
                      f"body {short(exchange.response.body)}")
    return None


@rule("RMD-PROTO-SUCCESS-NO-MEMBERS", applies=is_success)
def success_has_no_members(exchange):
    members = document(exchange.response)
    if isinstance(members, dict) and members:
        return Breach("RMD-PROTO-SUCCESS-NO-MEMBERS", "{} or an empty body", f"members {sorted(members)}")
    return None


@rule("RMD-PROTO-CONTENT-TYPE", applies=lambda r: bool(r.body.strip()) or is_success(r))
def json_content_type(exchange):
    response = exchange.response
    media = media_type(response)
    if not response.body.strip():  # an empty success body: the page shows no header, the protocol wants one
        if media is None:
            return Deviation("RMD-PROTO-CONTENT-TYPE", "an empty success body comes without Content-Type (the "
                                                       "protocol says the server MUST still send it; the page "
                                                       "shows an empty body and no header)")
        return None
    if media not in JSON_MEDIA_TYPES:
        value = response.header("Content-Type")
        return Breach("RMD-PROTO-CONTENT-TYPE", f"Content-Type {CONTRACT.content_type}",
                      f"Content-Type {value!r}" if value else "no Content-Type header")
    if media != CONTRACT.content_type:
        return Deviation("RMD-PROTO-CONTENT-TYPE", f"responses carry Content-Type {media}, not {CONTRACT.content_type}")
    return None


@rule("RMD-PROTO-ERROR-TYPE", applies=is_error)
def errors_are_named(exchange):
    response = exchange.response
    body = document(response)
    if body is not None and not isinstance(body, dict):
        return Breach("RMD-PROTO-ERROR-TYPE", "an empty body or a JSON object naming the error",
                      f"HTTP {response.status} body {short(response.body)}")
    if named(response) is None:
        return Breach("RMD-PROTO-ERROR-TYPE", "__type, code or X-Amzn-Errortype naming the error",
                      f"HTTP {response.status} body {short(response.body)}")
    in_body, in_header = _body_name(body), response.error_type_header()
    if in_body and in_header and in_body != in_header:
        # Clients differ in which they read first (the JavaScript SDK reads the header): one error, one name.
        return Breach("RMD-PROTO-ERROR-TYPE", "the body and X-Amzn-Errortype naming the same error",
                      f"the body names {in_body}, X-Amzn-Errortype names {in_header}")
    return None


def _body_name(body):
    if not isinstance(body, dict):
        return None
    return next((n for n in (error_name(body.get("__type")), error_name(body.get("code"))) if n), None)


@rule("RMD-PROTO-ERROR-MESSAGE", applies=lambda r: 400 <= r.status < 500)
def errors_carry_a_message(exchange):
    if exchange.response.message() is None:
        return Breach("RMD-PROTO-ERROR-MESSAGE", "a Message (or message) string member",
                      f"{named(exchange.response) or 'an error'} without one")
    return None


@rule("RMD-PROTO-ERROR-STATUS", applies=lambda r: is_error(r) and named(r) in CONTRACT.errors)
def documented_errors_are_400(exchange):
    response = exchange.response
    name = named(response)
    if response.status != CONTRACT.errors[name]:
        return Breach("RMD-PROTO-ERROR-STATUS", f"HTTP {CONTRACT.errors[name]} for {name}", f"HTTP {response.status}")
    return None


@rule("RMD-SDK-MODELED-EXCEPTION", applies=lambda r: is_error(r) and named(r) in CONTRACT.errors)
def sdks_can_read_the_error(exchange):
    response = exchange.response
    body = document(response)
    name = named(response)
    if not (isinstance(body, dict) and error_name(body.get("__type")) == name):
        where = "code" if isinstance(body, dict) and body.get("code") else "X-Amzn-Errortype"
        return Breach("RMD-SDK-MODELED-EXCEPTION", f"__type naming {name} (boto3 reads __type only)",
                      f"{name} named only by {where}")
    if response.header("x-amzn-query-error"):
        return Breach("RMD-SDK-MODELED-EXCEPTION", f"no x-amzn-query-error header (boto3 would report its code, "
                                                   f"not {name})",
                      f"x-amzn-query-error: {response.header('x-amzn-query-error')}")
    return None


def is_call(exchange):
    """A well-formed RegisterMailDomain request: its target and a JSON object body."""
    return (exchange.request.headers.get("X-Amz-Target") == CONTRACT.target
            and isinstance(exchange.request.json_body(), dict))


def applicable(exchange, probe):
    """The rules that hold for this exchange: all of them for a call, RMD-PROTO-NO-5XX for a probe."""
    if exchange.response is None:
        return []
    call = not probe and is_call(exchange)
    return [r for r in RULES if (r.scope == "probe" or call) and r.applies(exchange.response)]

