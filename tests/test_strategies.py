"""Self-tests of the strategies: every value is in the class it claims, and the bounds are reached."""

import random

import jsonschema
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import contract
import strategies
from contract import CONTRACT, MUST_ACCEPT, READING_FULLMATCH, READING_SEARCH

SUFFIX = "r1a2b3c4.rmd-conformance.test"
SAMPLE_ORGANIZATION = "m-0123456789abcdef0123456789abcdef"
BUDGET = 100  # Hypothesis's default max_examples

checks = settings(max_examples=60, deadline=None, database=None)
VALIDATORS = {
    reading: jsonschema.Draft202012Validator(CONTRACT.request_schema(reading))
    for reading in (READING_FULLMATCH, READING_SEARCH)
}
DOMAIN, TOKEN, ORGANIZATION = (CONTRACT.members[n] for n in ("DomainName", "ClientToken", "OrganizationId"))


def body_with(**members):
    body = {DOMAIN.name: "mail.example.test", ORGANIZATION.name: SAMPLE_ORGANIZATION}
    body.update(members)
    return body


def assert_must_accept(member, value):
    assert member.classify(value) == (MUST_ACCEPT, frozenset()), (member.name, value)
    body = body_with(**{member.name: value})
    for reading, validator in VALIDATORS.items():
        errors = [e.message for e in validator.iter_errors(body)]
        assert not errors, (reading, value, errors)


def assert_domain_under_suffix(name):
    assert name.endswith("." + SUFFIX), name
    assert contract.is_dns_name(name), name


def assert_defect(defect):
    member = CONTRACT.members[defect.member]
    assert member.violated_rules(defect.value, defect.present) == defect.rules, defect
    assert defect.rules, defect
    assert defect.label, defect
    body = defect.apply(body_with(ClientToken="t"))
    assert (defect.member in body) == defect.present
    for reading, validator in VALIDATORS.items():
        assert not validator.is_valid(body), (reading, defect)


def assert_ambiguous(ambiguous):
    member = CONTRACT.members[ambiguous.member]
    assert member.ambiguities(ambiguous.value) == ambiguous.reasons, ambiguous
    assert ambiguous.reasons, ambiguous
    assert member.violated_rules(ambiguous.value) == frozenset(), ambiguous
    assert ambiguous.label, ambiguous
    assert ambiguous.apply({})[ambiguous.member] == ambiguous.value


# --- must-accept ---------------------------------------------------------------------------------

@checks
@given(strategies.domain_names(SUFFIX))
def test_domain_names_are_must_accept_and_under_the_suffix(name):
    assert_must_accept(DOMAIN, name)
    assert_domain_under_suffix(name)
    assert max(DOMAIN.min_length, len(SUFFIX) + 2) <= len(name) <= DOMAIN.max_length


@pytest.mark.parametrize("seed", [None, 0, 1, 2, random.Random(7)])
def test_bound_helpers_for_domain_names(seed):
    longest = strategies.max_length_domain_name(SUFFIX, seed)
    assert len(longest) == DOMAIN.max_length
    assert_must_accept(DOMAIN, longest)
    assert_domain_under_suffix(longest)
    shortest = strategies.min_length_domain_name(random.Random(seed if isinstance(seed, int) else 3))
    assert len(shortest) == DOMAIN.min_length
    assert_must_accept(DOMAIN, shortest)
    assert contract.is_dns_name(shortest)


def test_max_length_domain_name_is_deterministic_per_seed():
    assert strategies.max_length_domain_name(SUFFIX, 5) == strategies.max_length_domain_name(SUFFIX, random.Random(5))
    assert strategies.max_length_domain_name(SUFFIX) == strategies.max_length_domain_name(SUFFIX)


@pytest.mark.parametrize("suffix", ["localhost", "x.123", "a..b", "-a.test", "a" * 300])
def test_unusable_suffixes_are_refused(suffix):
    with pytest.raises(ValueError):
        strategies.domain_names(suffix)


@checks
@given(strategies.client_tokens())
def test_client_tokens_are_must_accept(token):
    assert_must_accept(TOKEN, token)


def test_token_bound_helpers():
    for token, length in [
        (strategies.min_length_client_token(), TOKEN.min_length),
        (strategies.max_length_client_token(), TOKEN.max_length),
        (strategies.max_length_client_token(random.Random(9)), TOKEN.max_length),
    ]:
        assert len(token) == length
        assert_must_accept(TOKEN, token)
    assert strategies.max_length_client_token(4) == strategies.max_length_client_token(random.Random(4))


def test_every_printable_token_character_covers_the_alphabet():
    tokens = strategies.every_printable_token_character()
    printable = {chr(code) for code in range(0x100) if TOKEN.matches(chr(code), READING_FULLMATCH)}
    assert all(c.isascii() and c.isprintable() and not c.isspace() for c in printable)
    assert len(printable) == 94  # every printable ASCII character but the space
    assert set("".join(tokens)) == printable
    for token in tokens:
        assert TOKEN.min_length <= len(token) <= TOKEN.max_length
        assert_must_accept(TOKEN, token)


@checks
@given(strategies.organization_ids())
def test_organization_ids_are_must_accept(organization_id):
    assert_must_accept(ORGANIZATION, organization_id)


# --- must-reject ---------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None, database=None)
@given(st.one_of(
    strategies.must_reject_domain_names(SUFFIX),
    strategies.must_reject_client_tokens(),
    strategies.must_reject_organization_ids(),
))
def test_defects_break_exactly_the_rules_they_name(defect):
    assert_defect(defect)


@checks
@given(strategies.must_reject_domain_names(SUFFIX))
def test_domain_defects_stay_off_real_domains(defect):
    # Any string defect long enough to be a name is under the suffix (the absolute form's dot included).
    if isinstance(defect.value, str) and len(defect.value) > DOMAIN.max_length:
        assert defect.value.rstrip(".").endswith("." + SUFFIX)


@checks
@given(strategies.must_reject_client_tokens())
def test_client_token_is_never_omitted_as_a_defect(defect):
    assert defect.present  # ClientToken is optional: leaving it out is not a defect


# --- implementation-defined ----------------------------------------------------------------------

@settings(max_examples=100, deadline=None, database=None)
@given(st.one_of(
    strategies.implementation_defined_domain_names(SUFFIX),
    strategies.implementation_defined_client_tokens(),
))
def test_ambiguous_values_name_exactly_their_reasons(ambiguous):
    assert_ambiguous(ambiguous)
    assert CONTRACT.members[ambiguous.member].classify(ambiguous.value)[0] == contract.IMPLEMENTATION_DEFINED


@checks
@given(strategies.implementation_defined_client_tokens())
def test_ambiguous_tokens_are_search_only(ambiguous):
    assert ambiguous.reasons == {contract.SEARCH_ONLY}
    assert TOKEN.matches(ambiguous.value, READING_SEARCH)


# --- bounds are reached within the default budget -----------------------------------------------

def examples_until(strategy, predicates):
    """How many examples Hypothesis generates before each predicate first holds (None: never within BUDGET)."""
    first = dict.fromkeys(predicates)
    seen = [0]

    @settings(max_examples=BUDGET, deadline=None, database=None, phases=[Phase.generate])
    @given(strategy)
    def run(value):
        seen[0] += 1
        for name, predicate in predicates.items():
            if first[name] is None and predicate(value):
                first[name] = seen[0]

    run()
    return first


def test_client_tokens_hit_both_bounds_within_the_budget():
    first = examples_until(strategies.client_tokens(), {
        "min": lambda t: len(t) == TOKEN.min_length,
        "max": lambda t: len(t) == TOKEN.max_length,
    })
    print(f"client_tokens: first min-length token at example {first['min']}, "
          f"first max-length at {first['max']} (budget {BUDGET})")
    assert all(n is not None and n <= BUDGET for n in first.values()), first


def test_domain_names_hit_both_bounds_within_the_budget():
    first = examples_until(strategies.domain_names(SUFFIX), {
        "max": lambda n: len(n) == DOMAIN.max_length,
        "shortest under the suffix": lambda n: len(n) == len(SUFFIX) + 2,
    })
    print(f"domain_names: first max-length name at example {first['max']}, first shortest name under "
          f"the suffix at {first['shortest under the suffix']} (budget {BUDGET})")
    assert all(n is not None and n <= BUDGET for n in first.values()), first


# --- the public surface --------------------------------------------------------------------------

PUBLIC = {
    "Defect", "Ambiguous", "TokenTwins", "Document", "EQUIVALENT", "INVALID", "LENIENT",
    "domain_names", "max_length_domain_name", "min_length_domain_name", "longest_label_domain_name",
    "must_reject_domain_names", "implementation_defined_domain_names", "fullwidth",
    "client_tokens", "every_printable_token_character", "min_length_client_token", "max_length_client_token",
    "must_reject_client_tokens", "implementation_defined_client_tokens", "token_twins", "pinned_token_twins",
    "organization_ids", "must_reject_organization_ids",
    "request_documents", "pinned_documents",
}
_TYPES_AND_NAMES = {"Defect", "Ambiguous", "TokenTwins", "Document", "EQUIVALENT", "INVALID", "LENIENT"}


def test_public_names():
    assert set(strategies.__all__) == PUBLIC
    assert len(strategies.__all__) == len(PUBLIC)
    for name in strategies.__all__:
        assert hasattr(strategies, name), name


@pytest.mark.parametrize("name", sorted(PUBLIC - _TYPES_AND_NAMES))
def test_builders_have_a_one_line_docstring(name):
    doc = getattr(strategies, name).__doc__
    assert doc and len(doc.strip().splitlines()) == 1, name


def test_defect_apply_replaces_or_removes_without_touching_the_input():
    body = body_with()
    replaced = strategies.Defect(DOMAIN.name, frozenset({contract.RULE_TYPE}), [1], True, "array").apply(body)
    removed = strategies.Defect(DOMAIN.name, frozenset({contract.RULE_REQUIRED}), None, False, "omitted").apply(body)
    assert replaced[DOMAIN.name] == [1] and DOMAIN.name not in removed
    assert body == body_with()


# --- whatever --domain-suffix a user passes, the suite sends only what it means to send ------------------

def _dns_suffixes(max_length):
    """DNS names of at least two labels, each 1-63 characters, up to max_length in all."""
    label = st.integers(1, 63).flatmap(lambda n: st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=n, max_size=n))
    return st.lists(label, min_size=1, max_size=4).map(lambda labels: ".".join(labels + ["test"])).filter(
        lambda s: len(s) <= max_length and contract.is_dns_name(s))


def _check_name_prefixes():
    """Every fixed name a check builds under its test suffix (f"<prefix>.{domain_suffix}"), numbers at their widest."""
    import pathlib
    import re

    source = "".join(p.read_text() for p in (pathlib.Path(__file__).parent.parent / "conformance" / "checks").glob("*.py"))
    found = set(re.findall(r'f"([a-z0-9{}_-]+)\.\{domain_suffix\}"', source))
    assert len(found) > 15, found
    return [re.sub(r"\{[^}]*\}", "9999999", prefix) for prefix in found]


@settings(max_examples=60)
@given(suffix=st.data())
def test_every_name_under_any_allowed_suffix_fits_the_contract(suffix):
    from conformance import options

    limit = options.max_domain_suffix_length()
    user_suffix = suffix.draw(_dns_suffixes(limit))
    assert options.OPTIONS[[o.dest for o in options.OPTIONS].index("domain_suffix")].convert(user_suffix)
    test_suffix = f"t9999-abcdef12gw12.{user_suffix}"  # the widest run label a test puts in front of it
    assert len("t9999-abcdef12gw12.") <= options.RUN_LABEL_ROOM
    for prefix in _check_name_prefixes():
        assert len(prefix) + 1 <= options.CHECK_NAME_ROOM, prefix
        assert CONTRACT.domain.classify(f"{prefix}.{test_suffix}")[0] == MUST_ACCEPT, prefix
    assert CONTRACT.domain.classify(suffix.draw(strategies.domain_names(test_suffix)))[0] == MUST_ACCEPT
    assert CONTRACT.domain.classify(strategies.max_length_domain_name(test_suffix))[0] == MUST_ACCEPT
    from conformance.client import domain_for_token
    assert CONTRACT.domain.classify(domain_for_token("t", user_suffix))[0] == MUST_ACCEPT


def test_a_suffix_over_the_limit_is_refused_with_the_limit_named():
    from conformance import options

    limit = options.max_domain_suffix_length()
    too_long = ".".join(["a" * 60, "b" * 60, "c" * (limit - 126), "test"])  # one character over the limit
    assert len(too_long) == limit + 1 and contract.is_dns_name(too_long)
    with pytest.raises(options.OptionError, match=f"at most {limit} leave room"):
        options.settings_from(lambda dest: too_long if dest == "domain_suffix" else None, {}, lambda name: None)


# --- near twins and whole documents ---------------------------------------------------------------

LABEL = "abcdef12-"


@checks
@given(strategies.token_twins(LABEL))
def test_each_twin_is_distinct_valid_and_labelled(twins):
    assert twins.token != twins.twin
    for token in (twins.token, twins.twin):
        assert_must_accept(TOKEN, token)
        assert token.startswith(LABEL)


def test_pinned_twins_cover_every_kind_and_the_widest_cuts():
    pinned = strategies.pinned_token_twins(LABEL)
    assert {t.how.split(" (")[0] for t in pinned} >= {"letter case", "the last character only", "one a prefix of the other",
                                                      "look-alike characters", "equal in the first 64 characters"}
    for twins in pinned:
        assert twins.token != twins.twin and twins.token.startswith(LABEL)
        assert_must_accept(TOKEN, twins.token) and assert_must_accept(TOKEN, twins.twin)
    assert any(len(t.token) == TOKEN.max_length for t in pinned)


@checks
@given(strategies.request_documents(SAMPLE_ORGANIZATION, SUFFIX))
def test_documents_owe_what_json_says(document):
    import json

    if document.kind == strategies.EQUIVALENT:  # the same request: JSON reads it back to the valid members
        body = json.loads(document.raw)
        assert CONTRACT.classify_request(body) == (MUST_ACCEPT, {}) and set(body) == set(CONTRACT.required_members)
    elif document.kind == strategies.INVALID:  # no request can be read: not JSON, or a required member missing
        try:
            body = json.loads(document.raw)
        except ValueError:
            return
        assert not set(CONTRACT.required_members) <= set(body)
    else:
        assert document.kind == strategies.LENIENT and document.names
