"""Input validation, member by member: must-accept values succeed, must-reject values are refused.

Boundaries run every time as pinned examples; Hypothesis explores beyond them.
"""

import random

import pytest

import strategies
from contract import (CONTRACT, NULL_AS_ABSENT, RULE_MAX_LENGTH, RULE_MIN_LENGTH, RULE_PATTERN, RULE_REQUIRED,
                      RULE_TYPE, SEARCH_ONLY)
from conformance import catalogue
from conformance.explore import example_rng
from conformance.client import accepted, domain_for_token, in_use_by_someone_else, request_body

requirement = pytest.mark.requirement
# The rule a must-reject value breaks names its requirement: the first of these that it breaks.
_RULE_SUFFIXES = ((RULE_REQUIRED, "REQUIRED"), (RULE_TYPE, "TYPE"), (RULE_MIN_LENGTH, "MIN"),
                  (RULE_MAX_LENGTH, "MAX"), (RULE_PATTERN, "PATTERN"))


def requirement_for(defect):
    """The catalogue requirement a must-reject value tests, from the rules it breaks."""
    suffix = next(suffix for rule, suffix in _RULE_SUFFIXES if rule in defect.rules)
    return catalogue.member_requirement(defect.member, suffix)


def _defect(member, value, *rules):
    return strategies.Defect(member=member, rules=frozenset(rules), value=value, label="boundary")


def _pinned_defects(suffix):
    """The exact out-of-bounds values next to each bound, run every time."""
    domain, token, org = CONTRACT.domain, CONTRACT.token, CONTRACT.organization
    valid_org = "m-" + "0" * (org.max_length - 2)
    too_long_domain = "a" + strategies.max_length_domain_name(suffix, random.Random(0))
    return [
        _defect(domain.name, "a" * (domain.min_length - 1), RULE_MIN_LENGTH),
        _defect(domain.name, too_long_domain, RULE_MAX_LENGTH),
        # The maximum length plus the absolute form's trailing dot: too long, unless the dot is stripped first.
        _defect(domain.name, strategies.max_length_domain_name(suffix, random.Random(0)) + ".", RULE_MAX_LENGTH),
        # A DNS name in fullwidth forms: nothing the pattern allows, but ASCII once NFKC-normalised.
        _defect(domain.name, strategies.fullwidth("example.test"), RULE_PATTERN),
        _defect(token.name, "", RULE_MIN_LENGTH, RULE_PATTERN),
        _defect(token.name, "a" * (token.max_length + 1), RULE_MAX_LENGTH),
        _defect(org.name, valid_org[:-1], RULE_MIN_LENGTH, RULE_PATTERN),
        _defect(org.name, valid_org + "0", RULE_MAX_LENGTH, RULE_PATTERN),
        # Pattern-only defects (within the length bounds), so a pattern that is not checked at all is
        # caught every run, not only when the exploration happens to draw one.
        _defect(domain.name, "_" * domain.min_length, RULE_PATTERN),
        _defect(token.name, " " * token.min_length, RULE_PATTERN),
        _defect(org.name, "m-" + "g" * (org.max_length - 2), RULE_PATTERN),
        _defect(org.name, "m-" + "0123456789ABCDEF" * 2, RULE_PATTERN),  # hex digits, but upper case
        # Likewise one omission per required member and one wrong JSON type per member.
        *[strategies.Defect(member=m.name, rules=frozenset({RULE_REQUIRED}), value=None, present=False,
                            label="boundary") for m in (domain, token, org) if m.required],
        *[_defect(m.name, 1, RULE_TYPE) for m in (domain, token, org)],
    ]


def _folded(name):
    return name.lower()


def _token(token):
    return token


def _ambiguous_value(ambiguous):
    return ambiguous.value.lower() if isinstance(ambiguous.value, str) else None


# -- must-accept ------------------------------------------------------------------------------------

@requirement("RMD-VAL-DOMAIN-ACCEPT")
def test_must_accept_domain_names_succeed(client, judge, explore, organization, domain_suffix, rng):
    def succeeds(name):
        for attempt in range(5):
            exchange = client.register(request_body(organization, name))
            if attempt < 4 and len(name) == CONTRACT.domain.min_length and in_use_by_someone_else(exchange):
                # A short name may be someone else's on a live service: another, from the example's own generator.
                name = strategies.min_length_domain_name(example_rng() or rng)
                continue
            judge.success(exchange, "RMD-VAL-DOMAIN-ACCEPT")
            client.release(organization, name)
            return

    explore.run(succeeds, examples=[{"name": strategies.min_length_domain_name(rng)},
                                    {"name": strategies.max_length_domain_name(domain_suffix)},
                                    {"name": strategies.longest_label_domain_name(domain_suffix)}],
                independent=True, key=_folded, name=strategies.domain_names(domain_suffix))


@requirement("RMD-VAL-TOKEN-ACCEPT")
def test_must_accept_client_tokens_succeed(client, judge, explore, organization, rmd_settings):
    def succeeds(token):
        name = domain_for_token(token, rmd_settings.domain_suffix)
        judge.success(client.register(request_body(organization, name, token)), "RMD-VAL-TOKEN-ACCEPT")
        client.release(organization, name)

    pinned = [strategies.min_length_client_token(), strategies.max_length_client_token(),
              *strategies.every_printable_token_character()]
    explore.run(succeeds, examples=[{"token": t} for t in pinned], independent=True, key=_token,
                token=strategies.client_tokens())


@requirement("RMD-VAL-TOKEN-OPTIONAL")
def test_client_token_may_be_omitted(client, organization, domain_suffix):
    client.register_ok("RMD-VAL-TOKEN-OPTIONAL", organization, f"no-token.{domain_suffix}")
    client.release(organization, f"no-token.{domain_suffix}")


@requirement("RMD-VAL-ORG-ACCEPT")
def test_well_formed_active_organization_id_is_accepted(client, organization, domain_suffix):
    client.register_ok("RMD-VAL-ORG-ACCEPT", organization, f"org-accept.{domain_suffix}")
    client.release(organization, f"org-accept.{domain_suffix}")


# -- must-reject ------------------------------------------------------------------------------------

def _reject_requirements(member):
    return [catalogue.member_requirement(member, suffix) for rule, suffix in _RULE_SUFFIXES
            if catalogue.member_requirement(member, suffix) in catalogue.REQUIREMENTS]


def _must_reject(member, suffix):
    return {
        CONTRACT.domain.name: lambda: strategies.must_reject_domain_names(suffix),
        CONTRACT.token.name: strategies.must_reject_client_tokens,
        CONTRACT.organization.name: strategies.must_reject_organization_ids,
    }[member]()


def _reject_test(member):
    """A check that every must-reject value of one member gets a validation error.

    One exploration per member (not per rule) keeps the run fast; each failure still names the
    requirement of the rule its value breaks, from the value's label.
    """

    def check(client, judge, explore, organization, domain_suffix):
        valid = request_body(organization, f"reject.{domain_suffix}", None)
        not_found = "RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND" if member == CONTRACT.organization.name else None

        def rejected(defect):
            exchange = client.register(defect.apply(valid))
            judge.validation_error(exchange, requirement_for(defect), not_found_requirement=not_found)

        pinned = [d for d in _pinned_defects(domain_suffix) if d.member == member]
        explore.run(rejected, examples=[{"defect": d} for d in pinned], independent=True, holds=0,
                    defect=_must_reject(member, domain_suffix))

    check.__name__ = f"test_must_reject_{member.lower()}_values_are_refused"
    return requirement(*_reject_requirements(member))(check)


test_must_reject_domain_names_are_refused = _reject_test(CONTRACT.domain.name)
test_must_reject_client_tokens_are_refused = _reject_test(CONTRACT.token.name)
test_must_reject_organization_ids_are_refused = _reject_test(CONTRACT.organization.name)


@requirement("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND")
def test_malformed_organization_id_is_not_answered_as_not_found(client, judge, explore, organization,
                                                                domain_suffix):
    valid = request_body(organization, f"malformed-org.{domain_suffix}")

    def validation_not_lookup(defect):
        judge.validation_error(client.register(defect.apply(valid)), "RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND",
                               not_found_requirement="RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND")

    explore.run(validation_not_lookup, independent=True, holds=0, defect=strategies.must_reject_organization_ids())


@requirement("RMD-VAL-BEFORE-LOOKUP")
def test_invalid_domain_is_a_validation_error_even_for_an_unknown_organization(client, judge, explore,
                                                                             domain_suffix):
    def validation_first(defect, unknown):
        body = defect.apply(request_body(unknown, f"x.{domain_suffix}"))
        judge.validation_error(client.register(body), "RMD-VAL-BEFORE-LOOKUP",
                               not_found_requirement="RMD-VAL-BEFORE-LOOKUP")

    explore.run(validation_first, independent=True, holds=0,
                defect=strategies.must_reject_domain_names(domain_suffix), unknown=strategies.organization_ids())


@requirement("RMD-VAL-ERROR-NAME")
def test_constraint_violations_use_the_documented_error_name(client, judge, organization, domain_suffix):
    too_long = "a" + strategies.max_length_domain_name(domain_suffix, random.Random(1))
    judge.validation_error(client.register(request_body(organization, too_long)), "RMD-VAL-DOMAIN-MAX")


# -- implementation-defined -------------------------------------------------------------------------

def _judge_ambiguous(judge, exchange, ambiguous, semantics, member):
    """Success or a validation error, nothing else; under a chosen reading, the one that reading demands."""
    requirement_id = "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER"
    judge.responded(exchange, requirement_id)
    if semantics == "fullmatch" and SEARCH_ONLY in ambiguous.reasons:
        judge.validation_error(exchange, catalogue.member_requirement(member, "PATTERN"))
        return False
    if semantics == "search" and ambiguous.reasons == frozenset({SEARCH_ONLY}):
        judge.success(exchange, catalogue.member_requirement(member, "ACCEPT"))
        return True
    if accepted(exchange):
        judge.success(exchange, requirement_id)
        return True
    judge.validation_error(exchange, requirement_id)
    return False


def _observe_reading(judge, requirement_id, outcomes):
    for reasons in sorted({r for r, _ in outcomes}, key=sorted):
        seen = [ok for r, ok in outcomes if r == reasons]
        kind = "+".join(sorted(reasons))
        if all(seen):
            verdict = "accepted"
        elif not any(seen):
            verdict = "rejected"
        else:
            verdict = "mixed"
        counted = f" ({sum(seen)} of {len(seen)} accepted)" if verdict == "mixed" else ""
        judge.observe(requirement_id, f"{kind} values {verdict}{counted}", point=kind, value=verdict)


@requirement("RMD-VAL-DOMAIN-READING", "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER")
def test_domain_names_legal_under_one_reading(client, judge, explore, organization, domain_suffix, rmd_settings):
    outcomes = []

    def observed(ambiguous):
        body = ambiguous.apply(request_body(organization, f"x.{domain_suffix}"))
        ok = _judge_ambiguous(judge, client.register(body), ambiguous, rmd_settings.pattern_semantics,
                              CONTRACT.domain.name)
        outcomes.append((ambiguous.reasons, ok))
        if ok:
            client.release(organization, body[CONTRACT.domain.name])

    explore.run(observed, independent=True, key=_ambiguous_value,
                ambiguous=strategies.implementation_defined_domain_names(domain_suffix))
    _observe_reading(judge, "RMD-VAL-DOMAIN-READING", outcomes)


@requirement("RMD-VAL-TOKEN-READING", "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER")
def test_client_tokens_legal_under_one_reading(client, judge, explore, resources, organization, domain_suffix,
                                               rmd_settings):
    outcomes = []

    def observed(ambiguous):
        name = domain_for_token(ambiguous.value, rmd_settings.domain_suffix)
        ok = _judge_ambiguous(judge, client.register(request_body(organization, name, ambiguous.value)), ambiguous,
                              rmd_settings.pattern_semantics, CONTRACT.token.name)
        outcomes.append((ambiguous.reasons, ok))
        if ok:
            client.release(organization, name)

    explore.run(observed, independent=True, key=_ambiguous_value,
                ambiguous=strategies.implementation_defined_client_tokens())
    # A null token: absent to a Smithy server, of the wrong type to a reader of the page.
    null = strategies.Ambiguous(CONTRACT.token.name, frozenset({NULL_AS_ABSENT}), None, "ClientToken null")
    name = f"null-token.{domain_suffix}"
    with resources.scratch():
        ok = _judge_ambiguous(judge, client.register({**request_body(organization, name), CONTRACT.token.name: None}),
                              null, rmd_settings.pattern_semantics, CONTRACT.token.name)
        if ok:
            client.release(organization, name)
    outcomes.append((null.reasons, ok))
    _observe_reading(judge, "RMD-VAL-TOKEN-READING", outcomes)

