"""The validator against the contract's own classification, value by value (no server needed)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract import (CONTRACT, IMPLEMENTATION_DEFINED, MUST_ACCEPT, MUST_REJECT, NOT_A_DNS_NAME, NULL_AS_ABSENT,
                      SEARCH_ONLY)
from emulator import validation
from emulator.exceptions import InvalidParameter

VALID = {CONTRACT.organization.name: "m-" + "a" * 32, CONTRACT.domain.name: "example.com"}

# Values near every member's bounds and pattern edges, plus arbitrary JSON values.
json_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        st.lists(st.text(max_size=3), max_size=2))
near_domain = st.from_regex(r"[a-zA-Z0-9.\- _]{0,12}", fullmatch=True) | st.builds(
    lambda label, n: ".".join([label] * n), st.from_regex(r"[a-z0-9-]{1,70}", fullmatch=True), st.integers(1, 5))
member_values = st.one_of(json_values, st.text(max_size=240), near_domain)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(CONTRACT.members)), value=member_values, present=st.booleans())
def test_verdicts_agree_with_the_contract(name, value, present):
    member = CONTRACT.members[name]
    body = {k: v for k, v in VALID.items() if k != name}
    if present:
        body[name] = value
    kind, reasons = member.classify(value, present)
    problems = validation.contract_violations(body)
    if kind == MUST_REJECT:
        assert problems, f"{name}={value!r} must be rejected"
    elif kind == MUST_ACCEPT:
        assert not problems, problems
    else:
        # The emulator's documented choice: reject both kinds of implementation-defined value.
        assert kind == IMPLEMENTATION_DEFINED and reasons <= {SEARCH_ONLY, NOT_A_DNS_NAME, NULL_AS_ABSENT}
        assert problems and all(name in problem for problem in problems)


def test_validate_raises_invalid_parameter_with_a_count():
    with pytest.raises(InvalidParameter, match="^1 validation error detected"):
        validation.validate(CONTRACT.operation, {CONTRACT.organization.name: VALID[CONTRACT.organization.name]})


def test_valid_request_passes():
    assert validation.validate(CONTRACT.operation, dict(VALID)) is None


@pytest.mark.parametrize("operation, body, path", [
    ("ListMailDomains", {"OrganizationId": VALID["OrganizationId"], "MaxResults": True}, "MaxResults"),
    ("ListMailDomains", {"OrganizationId": VALID["OrganizationId"], "MaxResults": 2.5}, "MaxResults"),
    ("CreateOrganization", {"Alias": "acme", "Domains": [{}]}, "Domains[0].DomainName"),
    ("CreateOrganization", {"Alias": "acme", "Domains": [{"DomainName": "a.com"}] * 6}, "Domains"),
    ("CreateOrganization", {"Alias": "acme", "Domains": "a.com"}, "Domains"),
    ("DeleteOrganization", {"OrganizationId": VALID["OrganizationId"], "DeleteDirectory": "yes"}, "DeleteDirectory"),
])
def test_model_driven_checks_name_the_path(operation, body, path):
    problems = validation.model_violations(operation, body)
    assert problems and all(f"'{path}'" in problem for problem in problems), problems
