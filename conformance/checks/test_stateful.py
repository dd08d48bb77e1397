"""Random sequences of operations against a model of who owns which domain.

Rules: register, register the same name again (any letter case, with or without a token), register it
in the other organization, and deregister. After every step each organization must list exactly the
domains the model gives it (among this test's names), once its reads settle. Deleting an organization is
RMD-ORG-DELETE-RELEASES's own check: no sentence of the page makes it part of this MUST.
"""

import functools

import hypothesis
import hypothesis.errors
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from contract import ERRORS
from conformance import lanes
from conformance.client import accepted, request_body

REQUIREMENT = "RMD-STATEFUL"
NAMES = 4  # few names, so conflicts and re-registrations happen often


def machine_for(client, judge, resources, organizations, suffix, steps, quota=None):
    # No more names than the quota: the model does not predict LimitExceededException.
    names = [f"s{i}.{suffix}" for i in range(min(NAMES, quota or NAMES))]

    class Registrations(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.owner = {}  # lower-case name -> organization id
            # Names released lately: a release may take a moment to settle. The previous example's teardown
            # released every name, so each starts out as one.
            self.released = {n.lower() for n in names}
            self.checked = None  # the ownership last seen in the listings
            steps.clear()

        @rule(which=st.integers(0, len(organizations) - 1), index=st.integers(0, len(names) - 1),
              upper=st.booleans(), token=st.booleans())
        def register_name(self, which, index, upper, token):
            lanes.checkpoint()
            organization_id = organizations[which]
            name = names[index].upper() if upper else names[index]
            exchange = client.register(request_body(organization_id, name, client.token() if token else None))
            steps.append(f"register {name} in {organization_id}{' with a token' if token else ''}: "
                         f"HTTP {exchange.status} {exchange.response.error_name() or '' if exchange.response else ''}")
            holder = self.owner.get(name.lower())
            if holder is None and name.lower() in self.released and exchange.response is not None \
                    and exchange.response.error_name() == ERRORS.MAIL_DOMAIN_IN_USE:
                exchange = client.register_once_settled(REQUIREMENT, organization_id, name,
                                                        (ERRORS.MAIL_DOMAIN_IN_USE,))
            if holder is not None and holder != organization_id:
                judge.error(exchange, REQUIREMENT, (ERRORS.MAIL_DOMAIN_IN_USE,))
            elif holder == organization_id and not accepted(exchange):
                judge.error(exchange, REQUIREMENT, (ERRORS.MAIL_DOMAIN_IN_USE,))  # implementation-defined
            else:
                judge.success(exchange, REQUIREMENT)
                self.owner[name.lower()] = organization_id

        @rule(which=st.integers(0, len(organizations) - 1), index=st.integers(0, len(names) - 1),
              upper=st.booleans())
        def deregister(self, which, index, upper):
            lanes.checkpoint()
            organization_id = organizations[which]
            name = names[index].upper() if upper else names[index]
            if self.owner.get(name.lower()) == organization_id:
                client.release(organization_id, name)  # it accepted the name: it must take it back
                del self.owner[name.lower()]
                self.released.add(name.lower())
            else:
                resources.deregister(organization_id, name)  # not its to hold: any answer will do
                self.checked = None  # whatever that did, the listings are read again
            steps.append(f"deregister {name} in {organization_id}")

        @invariant()
        def listings_match_the_model(self):
            lanes.checkpoint()
            if self.checked == self.owner:
                return  # nothing changed since the listings last matched: reading them again proves nothing new
            expected = {o: {n for n, holder in self.owner.items() if holder == o} for o in organizations}
            client.expect_listings(REQUIREMENT, expected, names)
            self.checked = dict(self.owner)

        def teardown(self):
            # Every spelling in every organization, not just what the model believes: after a failure the
            # endpoint may hold what the model does not know, and the next example must start empty.
            resources.each_at_once([functools.partial(resources.deregister, organization_id, spelling)
                                    for organization_id in organizations for name in names
                                    for spelling in (name, name.upper())])

    return Registrations


def run_machine(client, judge, resources, organizations, domain_suffix, max_domains_per_org):
    steps = []
    machine = machine_for(client, judge, resources, organizations, domain_suffix, steps, max_domains_per_org)
    current = hypothesis.settings()
    # No shrink phase: shrinking replays whole sequences against a live endpoint, which took minutes
    # per failure here; the failing sequence is printed as it was found, step by step.
    budget = hypothesis.settings(current, max_examples=max(5, current.max_examples // 6), stateful_step_count=12,
                                 phases=[p for p in current.phases if p != hypothesis.Phase.shrink])
    try:
        run_state_machine_as_test(machine, settings=budget)
    except hypothesis.errors.Flaky as flaky:
        lanes.checkpoint()  # a lane stopped half-way replays differently: that is not the endpoint's doing
        # The endpoint answered one sequence two ways: a replay did not fail where the first run did.
        judge.fail(REQUIREMENT, "the same sequence of requests gets the same answers",
                   f"a replay diverged ({type(flaky).__name__})", detail="steps of the last run: " + "; ".join(steps))


@pytest.mark.requirement(REQUIREMENT)
@pytest.mark.beside.with_args(run_machine)  # the longest chain of the run: beside the other checks when it may (lanes)
def test_random_operation_sequences_match_the_model(lane, client, judge, resources, organization, second_organization,
                                                    domain_suffix, max_domains_per_org):
    lanes.outcome(lane, functools.partial(run_machine, client, judge, resources, (organization, second_organization),
                                          domain_suffix, max_domains_per_org))


@pytest.mark.requirement(REQUIREMENT)
def test_a_deregistered_domain_is_free_for_another_organization(client, organization, second_organization,
                                                                 domain_suffix):
    # The machine reaches this sequence only in some runs; this runs it every time.
    name = f"moved.{domain_suffix}"
    client.register_ok(REQUIREMENT, organization, name)
    client.release(organization, name.swapcase())  # the same domain, in other letter case
    client.expect_listed(REQUIREMENT, organization, name, times=0)
    exchange = client.register_once_settled(REQUIREMENT, second_organization, name, (ERRORS.MAIL_DOMAIN_IN_USE,))
    client.expect_listings(REQUIREMENT, {organization: set(), second_organization: {name.lower()}}, [name], exchange)
    client.release(second_organization, name)
