"""Behaviour over state: the effect of a success, organizations that are missing or not Active,
domains owned by another organization, and the domains-per-organization quota."""

import pytest

import strategies
from contract import CONTRACT, ERRORS
from conformance.failures import ConformanceFailure
from conformance.resources import ProvisioningError
from conformance.steps import count_listed, expect_listed_once, register, register_ok, release, request_body, send

requirement = pytest.mark.requirement


# -- the effect -------------------------------------------------------------------------------------

@requirement("RMD-EFFECT-LISTED")
def test_registered_domain_is_listed(transport, judge, explore, resources, organization, domain_suffix):
    def listed(name):
        exchange = register_ok(transport, judge, resources, "RMD-EFFECT-LISTED", organization, name)
        expect_listed_once(resources, "RMD-EFFECT-LISTED", organization, name, exchange)
        release(resources, organization, name)

    explore.run(listed, name=strategies.domain_names(domain_suffix))


@requirement("RMD-EFFECT-GET")
def test_registered_domain_answers_get_mail_domain(transport, judge, resources, organization, domain_suffix):
    name = f"get.{domain_suffix}"
    register_ok(transport, judge, resources, "RMD-EFFECT-GET", organization, name)
    got = resources.get_domain(organization, name)
    judge.responded(got, "RMD-EFFECT-GET")
    if got.response.error_type() == ERRORS.UNKNOWN_OPERATION:
        pytest.skip("not verifiable: the endpoint does not implement GetMailDomain")
    try:
        document = got.response.json() if got.response.status == 200 else None
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise ConformanceFailure("RMD-EFFECT-GET", "GetMailDomain answers 200 with a JSON object",
                                 f"HTTP {got.response.status}", got)
    release(resources, organization, name)


@requirement("RMD-EFFECT-DEREGISTRABLE")
def test_registered_domain_can_be_deregistered(transport, judge, explore, resources, organization, domain_suffix):
    def removed(name):
        register_ok(transport, judge, resources, "RMD-EFFECT-DEREGISTRABLE", organization, name)
        exchange = release(resources, organization, name)
        if count_listed(resources, organization, name):
            raise ConformanceFailure("RMD-EFFECT-DEREGISTRABLE", f"{name} no longer listed",
                                     "still listed after DeregisterMailDomain answered 200", exchange)

    explore.run(removed, name=strategies.domain_names(domain_suffix))


# -- organizations ----------------------------------------------------------------------------------

@requirement("RMD-ORG-NOT-FOUND")
def test_unknown_organization_is_not_found(transport, judge, explore, domain_suffix):
    def not_found(unknown):
        exchange = register(transport, request_body(unknown, f"nf.{domain_suffix}"))
        judge.error(exchange, "RMD-ORG-NOT-FOUND", (ERRORS.ORGANIZATION_NOT_FOUND,))

    explore.run(not_found, unknown=strategies.organization_ids())


@requirement("RMD-ORG-STATE")
def test_organization_that_is_not_active_is_refused(transport, judge, resources, organization,
                                                    inactive_organization, domain_suffix):
    described = resources.describe(inactive_organization)
    if described is None:
        pytest.skip("not verifiable: DescribeOrganization reports the inactive organization as not found; "
                    "pass --inactive-organization-id with one it reports in a state other than Active")
    if described.get("State") == CONTRACT.active_state:
        pytest.fail(f"--inactive-organization-id {inactive_organization} is Active", pytrace=False)
    name = f"inactive.{domain_suffix}"
    exchange = send(transport, resources, request_body(inactive_organization, name))
    judge.error(exchange, "RMD-ORG-STATE", (ERRORS.ORGANIZATION_STATE,))
    # Nothing was registered: the name is still free for an Active organization.
    register_ok(transport, judge, resources, "RMD-ORG-STATE", organization, name)
    release(resources, organization, name)


@requirement("RMD-ORG-ERROR-AGREES-DESCRIBE")
def test_organization_error_agrees_with_describe_organization(transport, judge, resources,
                                                              inactive_organization, domain_suffix):
    unknown = "m-" + "d" * (CONTRACT.organization.max_length - 2)
    for organization_id in (inactive_organization, unknown):
        described = resources.describe(organization_id)
        if described is None:
            expected = ERRORS.ORGANIZATION_NOT_FOUND
        elif described.get("State") != CONTRACT.active_state:
            expected = ERRORS.ORGANIZATION_STATE
        else:
            continue
        exchange = register(transport, request_body(organization_id, f"agree.{domain_suffix}"))
        judge.error(exchange, "RMD-ORG-ERROR-AGREES-DESCRIBE", (expected,))


@requirement("RMD-ORG-CREATING")
def test_organization_still_creating_is_not_registered_into(transport, judge, resources, domain_suffix):
    try:
        creating = resources.create_organization(wait_active=False)
    except ProvisioningError as why:
        pytest.skip(f"not verifiable: {why}")
    before = resources.describe(creating)
    if before is None or before.get("State") != "Creating":
        pytest.skip(f"not verifiable: a new organization was {before and before.get('State')!r}, never seen Creating")
    name = f"creating.{domain_suffix}"
    body = request_body(creating, name)
    exchange = send(transport, resources, body)
    if exchange.status == CONTRACT.success_status:
        after = resources.describe(creating)
        if after is not None and after.get("State") == "Creating":
            raise ConformanceFailure("RMD-ORG-CREATING", f"HTTP 400 {ERRORS.ORGANIZATION_STATE}",
                                     "HTTP 200 while DescribeOrganization still says Creating", exchange)
        pytest.skip("not verifiable: the organization became Active while the request was in flight")
    judge.error(exchange, "RMD-ORG-CREATING", (ERRORS.ORGANIZATION_STATE,))


# -- conflicts --------------------------------------------------------------------------------------

def _conflict_check(requirement_id, transport, judge, explore, resources, first, second, suffix, recase):
    def in_use(name):
        register_ok(transport, judge, resources, requirement_id, first, name)
        other = recase(name)
        body = request_body(second, other)
        exchange = send(transport, resources, body)
        judge.error(exchange, requirement_id, (ERRORS.MAIL_DOMAIN_IN_USE,))
        if count_listed(resources, second, name) or count_listed(resources, first, name) != 1:
            raise ConformanceFailure(requirement_id, f"{name} listed only by {first}",
                                     "it moved or was duplicated", exchange)
        release(resources, first, name)

    explore.run(in_use, name=strategies.domain_names(suffix))


@requirement("RMD-CONFLICT-OTHER-ORG")
def test_domain_owned_by_another_organization_is_in_use(transport, judge, explore, resources, organization,
                                                        second_organization, domain_suffix):
    _conflict_check("RMD-CONFLICT-OTHER-ORG", transport, judge, explore, resources, organization,
                    second_organization, domain_suffix, lambda name: name)


@requirement("RMD-CONFLICT-CASE")
def test_domain_in_other_letter_case_is_in_use(transport, judge, explore, resources, organization,
                                               second_organization, domain_suffix):
    _conflict_check("RMD-CONFLICT-CASE", transport, judge, explore, resources, organization,
                    second_organization, domain_suffix, str.swapcase)


# -- the quota --------------------------------------------------------------------------------------

@requirement("RMD-QUOTA")
def test_registrations_past_the_quota_are_refused(transport, judge, resources, organization, domain_suffix,
                                                  max_domains_per_org):
    if max_domains_per_org is None:
        pytest.skip("not run: the quota is undocumented; pass --max-domains-per-org N to check it")
    try:
        target = resources.create_organization()
    except ProvisioningError:
        target = organization  # an organization given by the user: count what it already holds
    existing = len(resources.list_domains(target))
    if existing >= max_domains_per_org:
        pytest.skip(f"not verifiable: organization {target} already holds {existing} domains")
    names = [f"q{i}.{domain_suffix}" for i in range(max_domains_per_org - existing + 1)]
    for name in names[:-1]:
        register_ok(transport, judge, resources, "RMD-QUOTA", target, name)
    body = request_body(target, names[-1])
    exchange = send(transport, resources, body)
    judge.error(exchange, "RMD-QUOTA", (ERRORS.LIMIT_EXCEEDED,))
    if count_listed(resources, target, names[-1]):
        raise ConformanceFailure("RMD-QUOTA", f"{names[-1]} not registered", "it is listed", exchange)
    for name in names[:-1]:
        release(resources, target, name)
