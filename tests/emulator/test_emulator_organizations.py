"""Organizations and the domain operations around RegisterMailDomain, through boto3."""

import re
import time

import pytest
from botocore.exceptions import ClientError

from contract import CONTRACT, ERRORS, service_model
from emulator_helpers import FAST_ACTIVATION, error_code, new_active_org, wait_active


def output_members(operation):
    return set(service_model().operation_model(operation).output_shape.members)


# --- organizations ----------------------------------------------------------------------------------

def test_create_returns_a_well_formed_id(client):
    organization_id = client.create_organization(Alias="acme")["OrganizationId"]
    assert CONTRACT.organization.matches(organization_id, "fullmatch")
    assert re.fullmatch(r"m-[0-9a-f]{32}", organization_id)


def test_organization_is_creating_then_active(client):
    organization_id = client.create_organization(Alias="acme")["OrganizationId"]
    described = client.describe_organization(OrganizationId=organization_id)
    assert described["State"] == "Creating" and "CompletedDate" not in described
    time.sleep(FAST_ACTIVATION * 2)
    described = client.describe_organization(OrganizationId=organization_id)
    assert described["State"] == CONTRACT.active_state
    assert described["CompletedDate"].timestamp() <= time.time()


def test_describe_answers_only_with_modeled_members(client, org):
    described = client.describe_organization(OrganizationId=org)
    described.pop("ResponseMetadata")
    assert set(described) <= output_members("DescribeOrganization")
    assert described["Alias"] == "acme" and described["ARN"].endswith(org)
    assert all(state in CONTRACT.organization_states for state in [described["State"]])


def test_describe_unknown_organization(client):
    with pytest.raises(ClientError) as excinfo:
        client.describe_organization(OrganizationId="m-" + "1" * 32)
    assert error_code(excinfo) == ERRORS.ORGANIZATION_NOT_FOUND


def test_alias_is_unique_among_live_organizations(client, org):
    with pytest.raises(ClientError) as excinfo:
        client.create_organization(Alias="ACME")
    assert error_code(excinfo) == ERRORS.NAME_AVAILABILITY
    client.delete_organization(OrganizationId=org, DeleteDirectory=True)
    client.create_organization(Alias="acme")  # a deleted organization's alias is free again


@pytest.mark.parametrize("alias", ["d-abc", "has space", "-lead", "x" * 63, ""])
def test_alias_is_validated_from_the_model(loose_client, alias):
    with pytest.raises(ClientError) as excinfo:
        loose_client.create_organization(Alias=alias)
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER
    assert "Alias" in excinfo.value.response["Error"]["Message"]


def test_create_token_is_idempotent(client):
    first = client.create_organization(Alias="acme", ClientToken="create-1")["OrganizationId"]
    again = client.create_organization(Alias="acme", ClientToken="create-1")["OrganizationId"]
    assert first == again
    assert len(client.list_organizations()["OrganizationSummaries"]) == 1
    with pytest.raises(ClientError) as excinfo:
        client.create_organization(Alias="other", ClientToken="create-1")
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER


def test_create_with_domains_registers_them(client):
    organization_id = client.create_organization(Alias="acme", Domains=[{"DomainName": "a.example.com"}])[
        "OrganizationId"]
    wait_active(client, organization_id)
    listed = client.list_mail_domains(OrganizationId=organization_id)["MailDomains"]
    assert [d["DomainName"] for d in listed] == ["a.example.com"]
    with pytest.raises(ClientError) as excinfo:
        client.create_organization(Alias="other", Domains=[{"DomainName": "A.EXAMPLE.COM"}])
    assert error_code(excinfo) == ERRORS.MAIL_DOMAIN_IN_USE


def test_delete_moves_to_deleted_and_describe_still_answers(client, org):
    deleted = client.delete_organization(OrganizationId=org, DeleteDirectory=True)
    assert deleted["State"] == "Deleted" and deleted["OrganizationId"] == org
    assert client.describe_organization(OrganizationId=org)["State"] == "Deleted"
    with pytest.raises(ClientError) as excinfo:
        client.delete_organization(OrganizationId=org, DeleteDirectory=True)
    assert error_code(excinfo) == ERRORS.ORGANIZATION_STATE


def test_delete_needs_delete_directory(loose_client, org):
    with pytest.raises(ClientError) as excinfo:
        loose_client.delete_organization(OrganizationId=org)
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER
    assert "DeleteDirectory" in excinfo.value.response["Error"]["Message"]


def test_list_organizations_pages(client):
    created = [client.create_organization(Alias=f"org{i}")["OrganizationId"] for i in range(5)]
    seen, token, pages = [], None, 0
    while True:
        page = client.list_organizations(MaxResults=2, **({"NextToken": token} if token else {}))
        seen += [summary["OrganizationId"] for summary in page["OrganizationSummaries"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert seen == created and pages == 3
    paginated = client.get_paginator("list_organizations").paginate(PaginationConfig={"PageSize": 4})
    assert [s["OrganizationId"] for p in paginated for s in p["OrganizationSummaries"]] == created


@pytest.mark.parametrize("max_results", [0, 101, -1])
def test_list_max_results_bounds_come_from_the_model(loose_client, max_results):
    with pytest.raises(ClientError) as excinfo:
        loose_client.list_organizations(MaxResults=max_results)
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER


def test_forged_next_token_is_invalid_parameter(client, org):
    for token in ["garbage", "WyJvcmdhbml6YXRpb25zIiwgIngiXQ==", "bnVsbA=="]:
        with pytest.raises(ClientError) as excinfo:
            client.list_organizations(NextToken=token)
        assert error_code(excinfo) == ERRORS.INVALID_PARAMETER


# --- the other domain operations --------------------------------------------------------------------

def test_get_mail_domain(client, org):
    client.register_mail_domain(OrganizationId=org, DomainName="Example.com")
    domain = client.get_mail_domain(OrganizationId=org, DomainName="example.COM")
    assert domain["IsTestDomain"] is False and domain["IsDefault"] is False
    assert {r["Type"] for r in domain["Records"]} >= {"MX", "TXT", "CNAME"}
    assert all("Example.com" in record["Hostname"] for record in domain["Records"])
    enum = service_model().shape_for("DnsRecordVerificationStatus").enum
    assert domain["OwnershipVerificationStatus"] in enum and domain["DkimVerificationStatus"] in enum
    assert client.get_mail_domain(OrganizationId=org, DomainName="example.com")["Records"] == domain["Records"]


def test_get_unknown_domain(client, org):
    with pytest.raises(ClientError) as excinfo:
        client.get_mail_domain(OrganizationId=org, DomainName="nowhere.example.com")
    assert error_code(excinfo) == ERRORS.MAIL_DOMAIN_NOT_FOUND


def test_list_mail_domains_pages_and_survives_removal_between_pages(client, org):
    names = [f"d{i}.example.com" for i in range(5)]
    for name in names:
        client.register_mail_domain(OrganizationId=org, DomainName=name)
    first = client.list_mail_domains(OrganizationId=org, MaxResults=2)
    assert [d["DomainName"] for d in first["MailDomains"]] == names[:2]
    client.deregister_mail_domain(OrganizationId=org, DomainName=names[0])
    second = client.list_mail_domains(OrganizationId=org, MaxResults=2, NextToken=first["NextToken"])
    assert [d["DomainName"] for d in second["MailDomains"]] == names[2:4]
    third = client.list_mail_domains(OrganizationId=org, MaxResults=2, NextToken=second["NextToken"])
    assert [d["DomainName"] for d in third["MailDomains"]] == names[4:] and "NextToken" not in third


def test_next_token_is_bound_to_its_organization(client, org):
    other = new_active_org(client, alias="other")
    for i in range(3):
        client.register_mail_domain(OrganizationId=org, DomainName=f"d{i}.example.com")
    token = client.list_mail_domains(OrganizationId=org, MaxResults=1)["NextToken"]
    with pytest.raises(ClientError) as excinfo:
        client.list_mail_domains(OrganizationId=other, NextToken=token)
    assert error_code(excinfo) == ERRORS.INVALID_PARAMETER


def test_default_domain(client, org):
    client.register_mail_domain(OrganizationId=org, DomainName="a.example.com")
    client.register_mail_domain(OrganizationId=org, DomainName="b.example.com")
    client.update_default_mail_domain(OrganizationId=org, DomainName="B.example.com")
    assert client.describe_organization(OrganizationId=org)["DefaultMailDomain"] == "b.example.com"
    assert client.get_mail_domain(OrganizationId=org, DomainName="b.example.com")["IsDefault"] is True
    listed = {d["DomainName"]: d["DefaultDomain"] for d in client.list_mail_domains(OrganizationId=org)["MailDomains"]}
    assert listed == {"a.example.com": False, "b.example.com": True}
    summaries = client.list_organizations()["OrganizationSummaries"]
    assert summaries[0]["DefaultMailDomain"] == "b.example.com"
    with pytest.raises(ClientError) as excinfo:
        client.deregister_mail_domain(OrganizationId=org, DomainName="b.example.com")
    assert error_code(excinfo) == ERRORS.MAIL_DOMAIN_IN_USE
    with pytest.raises(ClientError) as excinfo:
        client.update_default_mail_domain(OrganizationId=org, DomainName="c.example.com")
    assert error_code(excinfo) == ERRORS.MAIL_DOMAIN_NOT_FOUND


def test_deregistering_an_unregistered_domain_succeeds(client, org):
    client.deregister_mail_domain(OrganizationId=org, DomainName="never.example.com")


@pytest.mark.parametrize("call", [
    lambda c, o: c.list_mail_domains(OrganizationId=o),
    lambda c, o: c.get_mail_domain(OrganizationId=o, DomainName="example.com"),
    lambda c, o: c.deregister_mail_domain(OrganizationId=o, DomainName="example.com"),
    lambda c, o: c.update_default_mail_domain(OrganizationId=o, DomainName="example.com"),
])
def test_domain_operations_need_an_active_organization(client, call):
    creating = client.create_organization(Alias="acme")["OrganizationId"]
    with pytest.raises(ClientError) as excinfo:
        call(client, creating)
    assert error_code(excinfo) == ERRORS.ORGANIZATION_STATE
    with pytest.raises(ClientError) as excinfo:
        call(client, "m-" + "2" * 32)
    assert error_code(excinfo) == ERRORS.ORGANIZATION_NOT_FOUND
