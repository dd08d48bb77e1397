"""The awsJson1.1 wire: success and error shapes, content type, dispatch, and no 5xx for anything.

Most of these requirements are response rules (conformance/rules.py) that hold for every response of the
run; the checks here make sure each meets at least one response it applies to.
"""

import collections
import json

import botocore.exceptions
import pytest
from hypothesis import strategies as st

import strategies
from contract import CONTRACT, ERRORS
from conformance import rules, sdk as sdk_calls
from conformance.client import request_body

requirement = pytest.mark.requirement


@pytest.fixture
def registered(client, judge, organization, domain_suffix):
    """Register one fresh domain and hand over the exchange; released afterwards. A refusal of this valid
    request is a failure of RMD-VAL-DOMAIN-ACCEPT, and blocks the check that needed a success."""
    name = f"proto.{domain_suffix}"
    exchange = client.register(request_body(organization, name, client.token()))
    if exchange.response is None or not 200 <= exchange.response.status < 300:
        judge.success(exchange, "RMD-VAL-DOMAIN-ACCEPT")
    yield exchange
    client.release(organization, name)


@pytest.fixture
def invalid_parameter(client, organization):
    """An exchange that must be a constraint violation (a DomainName one over the maximum)."""
    return client.register(request_body(organization, "a" * (CONTRACT.domain.max_length + 1)))


@pytest.fixture
def organization_not_found(client, domain_suffix):
    unknown = "m-" + "f" * (CONTRACT.organization.max_length - 2)
    return client.register(request_body(unknown, f"nf.{domain_suffix}"))


@requirement("RMD-PROTO-SUCCESS-STATUS")
def test_success_is_http_200(judge, registered):
    judge.rule_holds(registered, "RMD-PROTO-SUCCESS-STATUS")


@requirement("RMD-PROTO-SUCCESS-BODY")
def test_success_body_is_empty_or_a_json_object(judge, registered):
    judge.rule_holds(registered, "RMD-PROTO-SUCCESS-BODY")


@requirement("RMD-PROTO-SUCCESS-NO-MEMBERS")
def test_success_body_has_no_members(judge, registered):
    judge.rule_holds(registered, "RMD-PROTO-SUCCESS-NO-MEMBERS")


@requirement("RMD-PROTO-CONTENT-TYPE")
def test_responses_carry_a_json_content_type(judge, registered, invalid_parameter):
    for exchange in (registered, invalid_parameter):
        judge.rule_holds(exchange, "RMD-PROTO-CONTENT-TYPE")


@requirement("RMD-PROTO-ERROR-STATUS")
def test_documented_errors_are_http_400(judge, invalid_parameter, organization_not_found):
    judge.validation_error(invalid_parameter, "RMD-PROTO-ERROR-STATUS")
    judge.error(organization_not_found, "RMD-PROTO-ERROR-STATUS", (ERRORS.ORGANIZATION_NOT_FOUND,))


@requirement("RMD-PROTO-ERROR-TYPE")
def test_errors_name_their_type(judge, invalid_parameter, organization_not_found):
    judge.validation_error(invalid_parameter, "RMD-PROTO-ERROR-TYPE")
    judge.error(organization_not_found, "RMD-PROTO-ERROR-TYPE", (ERRORS.ORGANIZATION_NOT_FOUND,))


@requirement("RMD-PROTO-ERROR-MESSAGE")
def test_errors_carry_a_message(judge, invalid_parameter, organization_not_found):
    for exchange in (invalid_parameter, organization_not_found):
        judge.rule_holds(exchange, "RMD-PROTO-ERROR-MESSAGE")


@requirement("RMD-PROTO-TRANSIENT-BOUNDED")
def test_transient_answers_pass_once_retried(judge, registered):
    """The rule holds for every request of the run; this check makes sure it met a valid one."""
    judge.rule_holds(registered, "RMD-PROTO-TRANSIENT-BOUNDED")


# Values no endpoint should answer with a 5xx, in any member. Each is a claim about robustness, not validity.
_HOSTILE_VALUES = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
_ABSENT = object()


def _hostile_bodies():
    """A body with any member present (any JSON value) or absent; OrganizationId absent means the run's own."""
    value_or_absent = st.one_of(st.just(_ABSENT), _HOSTILE_VALUES)
    return st.fixed_dictionaries({name: value_or_absent for name in CONTRACT.members})


def _domain_of(values):
    name = values.get(CONTRACT.domain.name)
    return name.lower() if isinstance(name, str) else None


@requirement("RMD-PROTO-NO-5XX")
def test_no_request_gets_a_server_error(client, judge, explore, organization):
    domain = CONTRACT.domain.name

    def no_5xx(values):
        body = {name: value for name, value in values.items() if value is not _ABSENT}
        body.setdefault(CONTRACT.organization.name, organization)
        judge.rule_holds(client.register(body), "RMD-PROTO-NO-5XX")

    pinned = [{domain: "日本.example"}, {domain: "a" * 5000}, {domain: "\udcff.example"}, {domain: None},
              {CONTRACT.token.name: "\u0000"}]
    explore.run(no_5xx, examples=[{"values": {**{n: _ABSENT for n in CONTRACT.members}, **p}} for p in pinned],
                independent=True, key=_domain_of, values=_hostile_bodies())


def _status_and_name(exchange):
    return f"HTTP {exchange.response.status} {exchange.response.error_name() or '(no error name)'}"


@requirement("RMD-PROTO-UNKNOWN-TARGET")
@pytest.mark.parametrize("target", [
    f"{CONTRACT.target}Typo",
    f"NoSuchService.{CONTRACT.operation}",
    f"{CONTRACT.target_prefix}.NoSuchOperation",
    None,
], ids=["operation-typo", "other-service", "unknown-operation", "no-target-header"])
def test_unknown_target_is_a_client_error(client, judge, organization, domain_suffix, target):
    payload = json.dumps(request_body(organization, f"target.{domain_suffix}")).encode()
    exchange = client.probe(target, payload)
    judge.responded(exchange, "RMD-PROTO-UNKNOWN-TARGET")
    judge.count("RMD-PROTO-UNKNOWN-TARGET")
    judge.fact("RMD-PROTO-UNKNOWN-TARGET", f"X-Amz-Target {target or '(none)'}", _status_and_name(exchange))
    if not 400 <= exchange.response.status < 500:
        judge.fail("RMD-PROTO-UNKNOWN-TARGET", "a 4xx error", f"HTTP {exchange.response.status}", exchange)


@requirement("RMD-PROTO-MALFORMED-JSON")
@pytest.mark.parametrize("payload", [b"{", b"not json", b"[]", b"null", b"42", b'"text"', b"", b"\xff\xfe{}"],
                         ids=["unterminated", "not-json", "array", "null", "number", "string", "empty", "bad-utf8"])
def test_body_that_is_not_a_json_object_is_a_client_error(client, judge, payload):
    exchange = client.probe(CONTRACT.target, payload)
    judge.responded(exchange, "RMD-PROTO-MALFORMED-JSON")
    judge.count("RMD-PROTO-MALFORMED-JSON")
    judge.fact("RMD-PROTO-MALFORMED-JSON", "answer", _status_and_name(exchange))
    if not 400 <= exchange.response.status < 500:
        judge.fail("RMD-PROTO-MALFORMED-JSON", "a 4xx error", f"HTTP {exchange.response.status}", exchange)


# -- whole documents around the members -------------------------------------------------------------------

def _names_of(document):
    return [name.lower() for name in document.names]


EQUIVALENT_JSON = "RMD-PROTO-JSON-EQUIVALENT"
BODY_SHAPES = "RMD-PROTO-BODY-SHAPES"
LENIENCY = "RMD-PROTO-BODY-LENIENCY"
NO_SERVER_ERROR = "RMD-PROTO-NO-5XX"


@requirement(EQUIVALENT_JSON, BODY_SHAPES, LENIENCY)
def test_request_documents_around_the_members(client, judge, explore, organization, domain_suffix):
    answers = collections.defaultdict(list)  # a lenient shape -> whether each was accepted

    def owed(document):
        exchange = client.send_document(document, organization)
        with judge.context(f"{document.label}: {rules.short(document.raw, 120)}"):
            if document.kind == strategies.EQUIVALENT:
                judge.success(exchange, EQUIVALENT_JSON)
            elif document.kind == strategies.INVALID:
                judge.responded(exchange, BODY_SHAPES)
                judge.count(BODY_SHAPES)
                if not 400 <= exchange.response.status < 500:
                    judge.fail(BODY_SHAPES, "a 4xx error", rules.answer(exchange), exchange)
            else:
                # A MAY is observed, never judged: no answer at all (a dropped connection) is what every request
                # must have, whatever its parser makes of the body, so it counts against RMD-PROTO-NO-5XX.
                judge.responded(exchange, NO_SERVER_ERROR)
                accepted = 200 <= exchange.response.status < 300
                if " nested " in document.label:
                    nested_labels.add(document.label)
                if document in pinned:  # the same document every run: a parity point of its own
                    judge.fact(LENIENCY, document.label, "accepted" if accepted else "refused")
                answers[document.label.split(" nested")[0]].append(accepted)
        for name in document.names:
            client.release(organization, name)

    pinned = strategies.pinned_documents(organization, f"pinned.{domain_suffix}")
    nested_labels = set()
    explore.run(owed, examples=[{"document": d} for d in pinned], independent=True, key=_names_of,
                document=strategies.request_documents(organization, domain_suffix))
    for shape, accepted in sorted(answers.items()):
        verdict = "accepted" if all(accepted) else "refused" if not any(accepted) else "mixed"
        # Nesting is drawn at any depth: whether it was accepted depends on the depths drawn, so it is
        # observed, and compared only at the pinned depths.
        nested = any(label.startswith(shape + " nested") for label in nested_labels)
        judge.observe(LENIENCY, f"{shape}: {verdict}", point=None if nested else shape, value=verdict)


# -- the real SDK -----------------------------------------------------------------------------------

@requirement("RMD-SDK-SUCCESS")
def test_boto3_registers_a_domain(sdk, client, judge, transport, resources, organization, domain_suffix):
    domain = f"sdk.{domain_suffix}"
    judge.count("RMD-SDK-SUCCESS")
    try:
        # An explicit token, so that a retry after a transient answer is the same request.
        answer = sdk_calls.call(sdk.register_mail_domain, transport.backoff, transport.weather,
                                OrganizationId=organization, DomainName=domain, ClientToken=client.token())
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
        resources.track(organization, domain, accepted=False)
        judge.fail("RMD-SDK-SUCCESS", "register_mail_domain returns", f"{type(error).__name__}: {error}")
    resources.track(organization, domain)
    status = answer["ResponseMetadata"]["HTTPStatusCode"]
    if status != CONTRACT.success_status:
        judge.fail("RMD-SDK-SUCCESS", f"HTTP {CONTRACT.success_status}", f"HTTP {status}")
    client.release(organization, domain)


@requirement("RMD-SDK-MODELED-EXCEPTION")
def test_boto3_raises_the_modeled_exception(sdk, client, judge, transport, rmd_settings, organization, domain_suffix):
    cases = [
        ({"OrganizationId": organization, "DomainName": "a" * (CONTRACT.domain.max_length + 1)},
         ERRORS.INVALID_PARAMETER),
        ({"OrganizationId": "m-" + "e" * (CONTRACT.organization.max_length - 2), "DomainName": f"sdk.{domain_suffix}"},
         ERRORS.ORGANIZATION_NOT_FOUND),
    ]
    for params, name in cases:
        judge.count("RMD-SDK-MODELED-EXCEPTION")
        modeled = getattr(sdk.exceptions, name)
        try:
            # An explicit token (boto3 would draw a random one): two runs with one seed send the same requests.
            sdk_calls.call(sdk.register_mail_domain, transport.backoff, transport.weather, ClientToken=client.token(),
                           **params)
        except modeled:
            continue
        except botocore.exceptions.ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if name == ERRORS.INVALID_PARAMETER and code == ERRORS.VALIDATION and not rmd_settings.strict_errors:
                continue  # the common error: a deviation reported by RMD-VAL-ERROR-NAME, not an SDK break
            judge.fail("RMD-SDK-MODELED-EXCEPTION", f"boto3 raises {name}", f"ClientError with code {code!r}: {error}")
        judge.fail("RMD-SDK-MODELED-EXCEPTION", f"boto3 raises {name}", "no exception")
