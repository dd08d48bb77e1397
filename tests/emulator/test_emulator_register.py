"""RegisterMailDomain through boto3: every documented outcome and every implementation-defined choice."""

import json

import pytest
from botocore.exceptions import ClientError

from contract import (
    CONTRACT,
    ERRORS,
    NOT_A_DNS_NAME,
    RULE_MAX_LENGTH,
    RULE_MIN_LENGTH,
    RULE_PATTERN,
    RULE_REQUIRED,
    RULE_TYPE,
)
from emulator_helpers import error_code, json_headers, new_active_org, post

DOMAIN = CONTRACT.domain
ORGANIZATION = CONTRACT.organization
TOKEN = CONTRACT.token
UNKNOWN_ORG = "m-" + "0" * 32


def register(client, org, name, **extra):
    return client.register_mail_domain(OrganizationId=org, DomainName=name, **extra)


def test_success_is_200_with_an_empty_json_object(running, client, org):
    status, headers, body = post(running, {ORGANIZATION.name: org, DOMAIN.name: "example.com"}, json_headers())
    assert (status, body) == (CONTRACT.success_status, {})
    assert headers["Content-Type"] == CONTRACT.content_type
    assert running.backend.registered_domains(org) == ["example.com"]


def test_errors_are_400_with_type_and_message(running, org):
    status, headers, body = post(running, {ORGANIZATION.name: UNKNOWN_ORG, DOMAIN.name: "example.com"},
                                 json_headers())
    assert status == CONTRACT.errors[ERRORS.ORGANIZATION_NOT_FOUND]
    assert body["__type"] == ERRORS.ORGANIZATION_NOT_FOUND and UNKNOWN_ORG in body["Message"]
    assert headers["Content-Type"] == CONTRACT.content_type


@pytest.mark.parametrize("member, value, rule, bound", [
    (DOMAIN, "a" * (DOMAIN.min_length - 1), RULE_MIN_LENGTH, DOMAIN.min_length),
    (DOMAIN, "a" * (DOMAIN.max_length - 4) + ".com" + "x", RULE_MAX_LENGTH, DOMAIN.max_length),
    (DOMAIN, "exa mple.com", RULE_PATTERN, DOMAIN.pattern),  # search reading matches, full match does not
    (DOMAIN, "ex_ample", RULE_PATTERN, DOMAIN.pattern),
    (TOKEN, "t" * (TOKEN.max_length + 1), RULE_MAX_LENGTH, TOKEN.max_length),
    (TOKEN, "", RULE_MIN_LENGTH, TOKEN.min_length),
    (TOKEN, "has space", RULE_PATTERN, TOKEN.pattern),
    (ORGANIZATION, "m-" + "A" * 32, RULE_PATTERN, ORGANIZATION.pattern),
    (ORGANIZATION, "m-" + "a" * 31, RULE_MIN_LENGTH, ORGANIZATION.min_length),
])
def test_each_constraint_violation_names_member_rule_and_bound(loose_client, org, member, value, rule, bound):
    params = {ORGANIZATION.name: org, DOMAIN.name: "example.com", member.name: value}
    with pytest.raises(ClientError) as excinfo:
        loose_client.register_mail_domain(**params)
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER
    message = excinfo.value.response["Error"]["Message"]
    assert member.name in message and rule in message and str(bound) in message


@pytest.mark.parametrize("missing", [DOMAIN, ORGANIZATION])
def test_missing_required_member(running, org, missing):
    body = {ORGANIZATION.name: org, DOMAIN.name: "example.com"}
    del body[missing.name]
    status, _, reply = post(running, body, json_headers())
    assert (status, reply["__type"]) == (400, ERRORS.INVALID_PARAMETER)
    assert missing.name in reply["Message"] and RULE_REQUIRED in reply["Message"]


@pytest.mark.parametrize("value", [None, 7, True, ["example.com"], {"name": "example.com"}])
def test_wrong_json_type(running, org, value):
    status, _, reply = post(running, {ORGANIZATION.name: org, DOMAIN.name: value}, json_headers())
    assert (status, reply["__type"]) == (400, ERRORS.INVALID_PARAMETER)
    assert DOMAIN.name in reply["Message"] and RULE_TYPE in reply["Message"]


def test_all_violations_are_reported_together(running):
    body = {ORGANIZATION.name: "x", DOMAIN.name: "a", TOKEN.name: ""}
    expected = sum(len(CONTRACT.members[name].violated_rules(value)) for name, value in body.items())
    status, _, reply = post(running, body, json_headers())
    assert status == 400 and reply["Message"].startswith(f"{expected} validation errors")
    assert all(f"'{name}'" in reply["Message"] for name in body)


@pytest.mark.parametrize("name", ["localhost", "a..b.com", "-lead.com", "trail-.com", "example.123",
                                  "x" * 64 + ".com", ".example.com", "example.com."])
def test_names_that_fully_match_but_are_not_dns_names_are_rejected(client, org, name):
    assert DOMAIN.matches(name, "fullmatch")  # the pattern alone would accept it
    with pytest.raises(ClientError) as excinfo:
        register(client, org, name)
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER
    assert NOT_A_DNS_NAME in excinfo.value.response["Error"]["Message"]


def test_validation_comes_before_any_lookup(loose_client):
    with pytest.raises(ClientError) as excinfo:
        register(loose_client, UNKNOWN_ORG, "no")
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER


def test_longest_legal_domain_is_accepted(client, org):
    labels = ["a" * 63, "b" * 63, "c" * 63, "d" * (DOMAIN.max_length - 3 * 64)]
    name = ".".join(labels)
    assert len(name) == DOMAIN.max_length
    register(client, org, name)
    assert client.get_mail_domain(OrganizationId=org, DomainName=name)["IsTestDomain"] is False


def test_unknown_organization(client):
    with pytest.raises(ClientError) as excinfo:
        register(client, UNKNOWN_ORG, "example.com")
    assert error_code(excinfo) == ERRORS.ORGANIZATION_NOT_FOUND


def test_organization_still_creating(client):
    organization_id = client.create_organization(Alias="slow")["OrganizationId"]
    with pytest.raises(ClientError) as excinfo:
        register(client, organization_id, "example.com")
    assert error_code(excinfo) == ERRORS.ORGANIZATION_STATE
    assert "Creating" in excinfo.value.response["Error"]["Message"]


def test_deleted_organization(client, org):
    client.delete_organization(OrganizationId=org, DeleteDirectory=True)
    with pytest.raises(ClientError) as excinfo:
        register(client, org, "example.com")
    assert error_code(excinfo) == ERRORS.ORGANIZATION_STATE


def test_domain_of_another_organization_is_in_use_whatever_its_case(client, org):
    other = new_active_org(client, alias="other")
    register(client, org, "example.com")
    for spelling in ("example.com", "EXAMPLE.COM", "Example.Com"):
        with pytest.raises(ClientError) as excinfo:
            register(client, other, spelling)
        assert error_code(excinfo) == ERRORS.MAIL_DOMAIN_IN_USE
    assert client.list_mail_domains(OrganizationId=other)["MailDomains"] == []


def test_domain_freed_by_deregistration_or_deletion_can_move(client, org):
    other = new_active_org(client, alias="other")
    register(client, org, "a.example.com")
    register(client, org, "b.example.com")
    client.deregister_mail_domain(OrganizationId=org, DomainName="A.example.com")
    register(client, other, "a.example.com")
    client.delete_organization(OrganizationId=org, DeleteDirectory=True)
    register(client, other, "b.example.com")


def test_same_domain_again_in_the_same_org_succeeds_once(running, client, org):
    register(client, org, "example.com")
    register(client, org, "EXAMPLE.com")  # a new (SDK-generated) token each time
    register(client, org, "example.com", ClientToken="explicit")
    assert running.backend.registered_domains(org) == ["example.com"]  # stored as first given


def test_quota_is_enforced_and_registers_nothing(boto_session):
    import emulator
    from emulator_helpers import make_client
    with emulator.start(max_domains_per_org=2, activation_delay=0) as small:
        client = make_client(boto_session, small.url)
        org = new_active_org(client)
        register(client, org, "one.example.com")
        register(client, org, "two.example.com")
        with pytest.raises(ClientError) as excinfo:
            register(client, org, "three.example.com")
        assert error_code(excinfo) == ERRORS.LIMIT_EXCEEDED
        assert "2" in excinfo.value.response["Error"]["Message"]
        assert sorted(small.backend.registered_domains(org)) == ["one.example.com", "two.example.com"]
        register(client, org, "ONE.example.com")  # re-registering at the quota is still fine
        client.deregister_mail_domain(OrganizationId=org, DomainName="two.example.com")
        register(client, org, "three.example.com")


def test_token_replays_the_first_result(running, client, org):
    body = {ORGANIZATION.name: org, DOMAIN.name: "example.com", TOKEN.name: "retry-1"}
    first = post(running, body, json_headers())
    again = post(running, body, json_headers())
    assert (first[0], first[2]) == (again[0], again[2]) == (200, {})
    assert running.backend.registered_domains(org) == ["example.com"]


def test_token_replays_an_error_too(running, client, org):
    other = new_active_org(client, alias="other")
    register(client, other, "taken.example.com")
    body = {ORGANIZATION.name: org, DOMAIN.name: "taken.example.com", TOKEN.name: "retry-2"}
    first = post(running, body, json_headers())
    client.deregister_mail_domain(OrganizationId=other, DomainName="taken.example.com")
    again = post(running, body, json_headers())
    assert first[0] == again[0] == 400
    assert first[2] == again[2] and first[2]["__type"] == ERRORS.MAIL_DOMAIN_IN_USE


def test_token_after_deregistration_is_replayed_not_reexecuted(client, org, running):
    register(client, org, "example.com", ClientToken="keep-me")
    client.deregister_mail_domain(OrganizationId=org, DomainName="example.com")
    register(client, org, "example.com", ClientToken="keep-me")
    assert running.backend.registered_domains(org) == []


def test_token_reused_with_other_parameters_is_refused_without_effect(client, org, running):
    register(client, org, "first.example.com", ClientToken="once")
    with pytest.raises(ClientError) as excinfo:
        register(client, org, "second.example.com", ClientToken="once")
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER
    assert "ClientToken" in excinfo.value.response["Error"]["Message"]
    assert running.backend.registered_domains(org) == ["first.example.com"]


def test_token_scope_is_the_organization(client, org, running):
    other = new_active_org(client, alias="other")
    register(client, org, "a.example.com", ClientToken="shared")
    register(client, other, "b.example.com", ClientToken="shared")
    assert running.backend.registered_domains(other) == ["b.example.com"]


def test_token_compares_domain_case_insensitively(client, org):
    register(client, org, "example.com", ClientToken="case")
    register(client, org, "EXAMPLE.COM", ClientToken="case")


def test_unknown_members_are_ignored(running, org):
    status, _, body = post(running, {ORGANIZATION.name: org, DOMAIN.name: "example.com", "Extra": 1},
                           json_headers())
    assert (status, body) == (200, {})


def test_success_body_is_exactly_braces(running, org):
    import http.client
    conn = http.client.HTTPConnection(running.host, running.port, timeout=5)
    conn.request("POST", "/", json.dumps({ORGANIZATION.name: org, DOMAIN.name: "example.com"}), json_headers())
    assert conn.getresponse().read() == b"{}"
    conn.close()


def test_token_used_while_creating_keeps_its_answer_after_activation(running, client):
    from emulator_helpers import wait_active
    organization_id = client.create_organization(Alias="waiting")["OrganizationId"]
    body = {ORGANIZATION.name: organization_id, DOMAIN.name: "example.com", TOKEN.name: "early"}
    first = post(running, body, json_headers())
    wait_active(client, organization_id)
    assert post(running, body, json_headers())[2] == first[2] and first[2]["__type"] == ERRORS.ORGANIZATION_STATE
    register(client, organization_id, "example.com")  # a new token is a new request
