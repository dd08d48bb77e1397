"""The awsJson1.1 wire: success and error shapes, content type, dispatch, and no 5xx for anything."""

import json

import botocore.exceptions
import pytest
from hypothesis import strategies as st

from contract import CONTRACT, ERRORS
from conformance.failures import ConformanceFailure
from conformance.steps import register, release, request_body, send

requirement = pytest.mark.requirement


@pytest.fixture
def registered(transport, resources, organization, domain_suffix):
    """Register one fresh domain and hand over the exchange; released afterwards."""
    body = request_body(organization, f"proto.{domain_suffix}", f"proto-{domain_suffix}")
    exchange = send(transport, resources, body)
    yield exchange
    release(resources, organization, body[CONTRACT.domain.name])


@pytest.fixture
def invalid_parameter(transport, resources, organization, domain_suffix):
    """An exchange that must be a constraint violation (a DomainName one over the maximum)."""
    body = request_body(organization, "a" * (CONTRACT.domain.max_length + 1))
    exchange = send(transport, resources, body)
    return exchange


@pytest.fixture
def organization_not_found(transport, domain_suffix):
    unknown = "m-" + "f" * (CONTRACT.organization.max_length - 2)
    return register(transport, request_body(unknown, f"nf.{domain_suffix}"))


@requirement("RMD-PROTO-SUCCESS-STATUS")
def test_success_is_http_200(judge, registered):
    judge.success(registered, "RMD-PROTO-SUCCESS-STATUS")


@requirement("RMD-PROTO-SUCCESS-BODY")
def test_success_body_is_empty_or_a_json_object(judge, registered):
    judge.responded(registered, "RMD-PROTO-SUCCESS-BODY")
    if registered.response.status == CONTRACT.success_status:
        judge.success_members(registered)


@requirement("RMD-PROTO-SUCCESS-NO-MEMBERS")
def test_success_body_has_no_members(judge, registered):
    judge.success(registered, "RMD-PROTO-SUCCESS-NO-MEMBERS")
    members = judge.success_members(registered)
    if members:
        raise ConformanceFailure("RMD-PROTO-SUCCESS-NO-MEMBERS", "{} or an empty body",
                                 f"members {sorted(members)}", registered)


@requirement("RMD-PROTO-CONTENT-TYPE")
def test_responses_carry_a_json_content_type(judge, registered, invalid_parameter):
    for exchange in (registered, invalid_parameter):
        judge.responded(exchange, "RMD-PROTO-CONTENT-TYPE")
        judge.content_type(exchange)


@requirement("RMD-PROTO-ERROR-STATUS")
def test_documented_errors_are_http_400(judge, invalid_parameter, organization_not_found):
    for exchange in (invalid_parameter, organization_not_found):
        judge.responded(exchange, "RMD-PROTO-ERROR-STATUS")
        if exchange.response.status != 400:
            raise ConformanceFailure("RMD-PROTO-ERROR-STATUS", "HTTP 400",
                                     f"HTTP {exchange.response.status}", exchange)


@requirement("RMD-PROTO-ERROR-TYPE")
def test_errors_name_their_type(judge, invalid_parameter, organization_not_found):
    judge.error(invalid_parameter, "RMD-PROTO-ERROR-TYPE", CONTRACT.validation_errors)
    judge.error(organization_not_found, "RMD-PROTO-ERROR-TYPE", (ERRORS.ORGANIZATION_NOT_FOUND,))


@requirement("RMD-PROTO-ERROR-MESSAGE")
def test_errors_carry_a_message(judge, invalid_parameter, organization_not_found):
    for exchange in (invalid_parameter, organization_not_found):
        judge.responded(exchange, "RMD-PROTO-ERROR-MESSAGE")
        if exchange.response.message() is None:
            raise ConformanceFailure("RMD-PROTO-ERROR-MESSAGE", "a Message (or message) string member",
                                     "none", exchange)


# Bodies no endpoint should answer with a 5xx. Each is a claim about robustness, not about validity.
_HOSTILE_VALUES = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@requirement("RMD-PROTO-NO-5XX")
def test_no_request_gets_a_server_error(transport, judge, explore, resources, organization):
    def no_5xx(values):
        body = {name: value for name, value in zip(CONTRACT.members, values) if value is not None}
        body.setdefault(CONTRACT.organization.name, organization)
        exchange = send(transport, resources, body)
        judge.responded(exchange, "RMD-PROTO-NO-5XX")

    explore.run(no_5xx, examples=[{"values": ("日本.example", None, None)}, {"values": ("a" * 5000, None, None)},
                                  {"values": ("\udcff.example", None, None)}],
                values=st.tuples(_HOSTILE_VALUES, _HOSTILE_VALUES, _HOSTILE_VALUES))


@requirement("RMD-PROTO-UNKNOWN-TARGET")
@pytest.mark.parametrize("target", [
    f"{CONTRACT.target}Typo",
    f"NoSuchService.{CONTRACT.operation}",
    f"{CONTRACT.target_prefix}.NoSuchOperation",
    None,
], ids=["operation-typo", "other-service", "unknown-operation", "no-target-header"])
def test_unknown_target_is_a_client_error(transport, judge, organization, domain_suffix, target):
    payload = json.dumps(request_body(organization, f"target.{domain_suffix}")).encode()
    exchange = transport.send(target, payload)
    judge.responded(exchange, "RMD-PROTO-UNKNOWN-TARGET")
    if not 400 <= exchange.response.status < 500:
        raise ConformanceFailure("RMD-PROTO-UNKNOWN-TARGET", "a 4xx error", f"HTTP {exchange.response.status}",
                                 exchange)


@requirement("RMD-PROTO-MALFORMED-JSON")
@pytest.mark.parametrize("payload", [b"{", b"not json", b"[]", b"null", b"42", b'"text"', b"", b"\xff\xfe{}"],
                         ids=["unterminated", "not-json", "array", "null", "number", "string", "empty", "bad-utf8"])
def test_body_that_is_not_a_json_object_is_a_client_error(transport, judge, payload):
    exchange = transport.send(CONTRACT.target, payload)
    judge.responded(exchange, "RMD-PROTO-MALFORMED-JSON")
    if not 400 <= exchange.response.status < 500:
        raise ConformanceFailure("RMD-PROTO-MALFORMED-JSON", "a 4xx error", f"HTTP {exchange.response.status}",
                                 exchange)


# -- the real SDK -----------------------------------------------------------------------------------

@requirement("RMD-SDK-SUCCESS")
def test_boto3_registers_a_domain(sdk, resources, organization, domain_suffix):
    domain = f"sdk.{domain_suffix}"
    try:
        answer = sdk.register_mail_domain(OrganizationId=organization, DomainName=domain)
    except botocore.exceptions.ClientError as error:
        raise ConformanceFailure("RMD-SDK-SUCCESS", "register_mail_domain returns",
                                 f"{type(error).__name__}: {error}") from None
    resources.track(organization, domain)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == CONTRACT.success_status
    release(resources, organization, domain)


@requirement("RMD-SDK-MODELED-EXCEPTION")
def test_boto3_raises_the_modeled_exception(sdk, rmd_settings, organization, domain_suffix):
    cases = [
        ({"OrganizationId": organization, "DomainName": "a" * (CONTRACT.domain.max_length + 1)},
         ERRORS.INVALID_PARAMETER),
        ({"OrganizationId": "m-" + "e" * (CONTRACT.organization.max_length - 2), "DomainName": f"sdk.{domain_suffix}"},
         ERRORS.ORGANIZATION_NOT_FOUND),
    ]
    for params, name in cases:
        modeled = getattr(sdk.exceptions, name)
        try:
            sdk.register_mail_domain(**params)
        except modeled:
            continue
        except botocore.exceptions.ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if name == ERRORS.INVALID_PARAMETER and code == ERRORS.VALIDATION and not rmd_settings.strict_errors:
                continue  # the common error: a deviation reported by RMD-VAL-ERROR-NAME, not an SDK break
            raise ConformanceFailure("RMD-SDK-MODELED-EXCEPTION", f"boto3 raises {name}",
                                     f"ClientError with code {code!r}: {error}") from None
        raise ConformanceFailure("RMD-SDK-MODELED-EXCEPTION", f"boto3 raises {name}", "no exception")
