"""Behaviour over state: the effect of a success, organizations that are missing or not Active,
domains owned by another organization, and the domains-per-organization quota.

Every read of an effect waits up to --consistency-timeout for it (conformance.client), so an endpoint
whose reads lag is judged on what it settles to.
"""

import pytest

import strategies
from contract import CONTRACT, ERRORS
from conformance.client import accepted, request_body
from conformance.resources import MayNotCreate, ProvisioningError, poll
from conformance.verdicts import NotVerifiable

requirement = pytest.mark.requirement


def disposable_organization(resources):
    """A fresh organization of the run's own, or the reason why the check cannot have one."""
    try:
        return resources.create_organization()
    except MayNotCreate as why:
        raise NotVerifiable("organizations-given", str(why)) from None
    except ProvisioningError as why:
        raise NotVerifiable("setup-failed", str(why)) from None


def _folded(name):
    return name.lower()


# -- the effect -------------------------------------------------------------------------------------

@requirement("RMD-EFFECT-LISTED")
def test_registered_domain_is_listed(client, explore, organization, domain_suffix):
    def listed(name):
        exchange = client.register_ok("RMD-EFFECT-LISTED", organization, name)
        client.expect_listed("RMD-EFFECT-LISTED", organization, name, times=1, exchange=exchange)
        client.release(organization, name)

    explore.run(listed, independent=True, key=_folded, name=strategies.domain_names(domain_suffix))


@requirement("RMD-EFFECT-GET")
def test_registered_domain_answers_get_mail_domain(client, judge, organization, domain_suffix):
    name = f"get.{domain_suffix}"
    client.register_ok("RMD-EFFECT-GET", organization, name)
    got, waited = client.get_eventually(organization, name)
    judge.responded(got, "RMD-EFFECT-GET")
    if got.response.error_name() == ERRORS.UNKNOWN_OPERATION:
        raise NotVerifiable("operation-unusable", "the endpoint does not implement GetMailDomain")
    judge.count("RMD-EFFECT-GET")
    try:
        document = got.response.json() if got.response.status == 200 else None
    except ValueError:
        document = None
    if not isinstance(document, dict):
        judge.fail("RMD-EFFECT-GET", "GetMailDomain answers 200 with a JSON object",
                   f"HTTP {got.response.status} {got.response.error_name() or ''}".strip()
                   + f", still after waiting {waited:.1f} s (--consistency-timeout)", got)
    client.release(organization, name)


@requirement("RMD-EFFECT-DEREGISTRABLE")
def test_registered_domain_can_be_deregistered(client, explore, organization, domain_suffix):
    def removed(name):
        client.register_ok("RMD-EFFECT-DEREGISTRABLE", organization, name)
        exchange = client.release(organization, name)
        client.expect_listed("RMD-EFFECT-DEREGISTRABLE", organization, name, times=0, exchange=exchange)

    explore.run(removed, independent=True, key=_folded, name=strategies.domain_names(domain_suffix))


# -- organizations ----------------------------------------------------------------------------------

@requirement("RMD-ORG-NOT-FOUND")
def test_unknown_organization_is_not_found(client, judge, explore, domain_suffix):
    def not_found(unknown):
        exchange = client.register(request_body(unknown, f"nf.{domain_suffix}"))
        judge.error(exchange, "RMD-ORG-NOT-FOUND", (ERRORS.ORGANIZATION_NOT_FOUND,))

    explore.run(not_found, independent=True, holds=0, unknown=strategies.organization_ids())


@requirement("RMD-ORG-STATE")
def test_organization_that_is_not_active_is_refused(client, judge, resources, organization, inactive_organization,
                                                    domain_suffix):
    described = resources.describe(inactive_organization)
    if described is None:
        raise NotVerifiable("deleted-organizations-forgotten",
                            f"DescribeOrganization does not know {inactive_organization}; pass "
                            "--inactive-organization-id with one it reports in a state other than Active")
    if described.get("State") == CONTRACT.active_state:
        raise NotVerifiable("setup-failed", f"organization {inactive_organization} is still Active")
    name = f"inactive.{domain_suffix}"
    judge.error(client.register(request_body(inactive_organization, name)), "RMD-ORG-STATE",
                (ERRORS.ORGANIZATION_STATE,))
    # Nothing was registered: the name is still free for an Active organization.
    client.register_ok("RMD-ORG-STATE", organization, name)
    client.release(organization, name)
    _just_deleted_is_refused(client, judge, resources, domain_suffix)


def _just_deleted_is_refused(client, judge, resources, suffix):
    """An organization refuses registrations from the moment DescribeOrganization no longer says Active: no
    state cached while it was in use lets one in. (Without an organization of its own to delete, the run
    skips this part.)"""
    try:
        fresh = disposable_organization(resources)
    except NotVerifiable:
        return
    client.register_ok("RMD-ORG-STATE", fresh, f"in-use.{suffix}")  # the organization in use, as a cache sees it
    try:
        resources.delete_organization(fresh)
    except ProvisioningError:
        return
    state, _, _ = poll(lambda: resources.state(fresh), lambda s: s != CONTRACT.active_state,
                       resources.activation_timeout)
    if state in (None, CONTRACT.active_state):
        return  # forgotten once deleted (RMD-ORG-ERROR-AGREES-DESCRIBE's case), or never left Active
    judge.error(client.register(request_body(fresh, f"after.{suffix}")), "RMD-ORG-STATE",
                (ERRORS.ORGANIZATION_STATE,))


@requirement("RMD-ORG-ERROR-AGREES-DESCRIBE")
def test_organization_error_agrees_with_describe_organization(client, judge, resources, inactive_organization,
                                                              domain_suffix):
    unknown = "m-" + "d" * (CONTRACT.organization.max_length - 2)
    for organization_id in (inactive_organization, unknown):
        described = resources.describe(organization_id)
        if described is None:
            expected = ERRORS.ORGANIZATION_NOT_FOUND
        elif described.get("State") != CONTRACT.active_state:
            expected = ERRORS.ORGANIZATION_STATE
        else:
            continue  # an Active organization is no case for this claim: nothing judged
        exchange = client.register(request_body(organization_id, f"agree.{domain_suffix}"))
        judge.error(exchange, "RMD-ORG-ERROR-AGREES-DESCRIBE", (expected,))


@requirement("RMD-ORG-CREATING")
def test_organization_still_creating_is_not_registered_into(client, judge, resources, domain_suffix):
    try:
        creating = resources.create_organization(wait_active=False)
    except MayNotCreate as why:
        raise NotVerifiable("organizations-given", str(why)) from None
    except ProvisioningError as why:
        raise NotVerifiable("setup-failed", str(why)) from None
    before = resources.describe(creating)
    if before is None or before.get("State") != "Creating":
        raise NotVerifiable("never-creating", f"a new organization was {before and before.get('State')!r} at once")
    exchange = client.register(request_body(creating, f"creating.{domain_suffix}"))
    if accepted(exchange):
        after = resources.describe(creating)
        if after is not None and after.get("State") == "Creating":
            judge.count("RMD-ORG-CREATING")
            judge.fail("RMD-ORG-CREATING", f"HTTP 400 {ERRORS.ORGANIZATION_STATE}",
                       "HTTP 200 while DescribeOrganization still says Creating", exchange)
        raise NotVerifiable("left-creating-in-flight")
    judge.error(exchange, "RMD-ORG-CREATING", (ERRORS.ORGANIZATION_STATE,))


@requirement("RMD-ORG-DELETE-RELEASES")
def test_deleting_an_organization_releases_its_domains(client, judge, resources, organization, domain_suffix):
    disposable = disposable_organization(resources)
    name = f"released.{domain_suffix}"
    client.register_ok("RMD-ORG-DELETE-RELEASES", disposable, name)
    try:
        resources.delete_and_wait(disposable)
    except ProvisioningError as why:
        raise NotVerifiable("operation-unusable", str(why)) from None
    client.register_ok("RMD-ORG-DELETE-RELEASES", organization, name)
    client.release(organization, name)


# -- conflicts --------------------------------------------------------------------------------------

def _conflict_check(requirement_id, client, judge, explore, resources, first, second, suffix, recase):
    in_use_error = (ERRORS.MAIL_DOMAIN_IN_USE,)

    def in_use(name):
        client.register_ok(requirement_id, first, name)
        body = request_body(second, recase(name), client.token())
        judge.error(client.register(body), requirement_id, in_use_error)
        # Its retry with the same token is refused again, whether replayed or run anew: never a success.
        judge.error(client.register(body), requirement_id, in_use_error)
        # The other organization letting go of a name it does not hold frees nothing (any answer will do).
        resources.deregister(second, recase(name))
        exchange = client.register(request_body(second, recase(name)))
        judge.error(exchange, requirement_id, in_use_error)
        client.expect_listings(requirement_id, {first: {name.lower()}, second: set()}, [name], exchange)
        client.release(first, name)

    explore.run(in_use, independent=True, key=_folded, name=strategies.domain_names(suffix))


@requirement("RMD-CONFLICT-OTHER-ORG")
def test_domain_owned_by_another_organization_is_in_use(client, judge, explore, resources, organization,
                                                        second_organization, domain_suffix):
    _conflict_check("RMD-CONFLICT-OTHER-ORG", client, judge, explore, resources, organization, second_organization,
                    domain_suffix, lambda name: name)


@requirement("RMD-CONFLICT-CASE")
def test_domain_in_other_letter_case_is_in_use(client, judge, explore, resources, organization, second_organization,
                                               domain_suffix):
    _conflict_check("RMD-CONFLICT-CASE", client, judge, explore, resources, organization, second_organization,
                    domain_suffix, str.swapcase)


# -- the quota --------------------------------------------------------------------------------------

QUOTA = "RMD-QUOTA"


@requirement(QUOTA)
def test_registrations_past_the_quota_are_refused(client, judge, resources, organization, domain_suffix,
                                                  max_domains_per_org):
    if max_domains_per_org is None:
        raise NotVerifiable("quota-unknown")
    try:
        target = disposable_organization(resources)
    except NotVerifiable as why:
        if why.code != "organizations-given":
            raise
        target = organization  # an organization given by the user: count what it already holds
    before = len(resources.list_domains(target))
    readings = {max_domains_per_org - before: "counted", max_domains_per_org: "not counted"}
    names = [f"q{i}.{domain_suffix}" for i in range(max_domains_per_org + 1)]
    taken = []
    for name in names:
        exchange = client.register(request_body(target, name))
        if not accepted(exchange):
            judge.error(exchange, QUOTA, (ERRORS.LIMIT_EXCEEDED,))
            break
        judge.success(exchange, QUOTA)
        taken.append(name)
    else:
        judge.fail(QUOTA, f"{ERRORS.LIMIT_EXCEEDED} once {target} holds {max_domains_per_org} domains",
                   f"all {len(names)} registrations accepted (it held {before} before)", exchange)
    if len(taken) not in readings:
        judge.fail(QUOTA, f"{ERRORS.LIMIT_EXCEEDED} after " + " or ".join(
            f"{n} registrations (the {before} domains held before {how})" for n, how in readings.items()),
            f"refused after {len(taken)}", exchange)
    how = readings[len(taken)] if before else "none held before"
    judge.observe(QUOTA, f"quota {max_domains_per_org}; domains held before the run: {before}, {how}",
                  point="pre-existing domains", value=how)
    refused = names[len(taken)]
    client.expect_listed(QUOTA, target, refused, times=0, exchange=exchange)
    # A released domain frees its slot: the refused one now fits (once the release has settled).
    client.release(target, taken.pop())
    client.register_once_settled(QUOTA, target, refused, (ERRORS.LIMIT_EXCEEDED,))
    for name in [*taken, refused]:
        client.release(target, name)
