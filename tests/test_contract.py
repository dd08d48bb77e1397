"""Self-tests of the contract: model drift, generated schemas, error names and pattern readings."""

import copy
import pathlib

import jsonschema
import pytest

import contract
from contract import CONTRACT, READING_FULLMATCH, READING_SEARCH, _botocore

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Every known difference between the page and botocore's model: field -> (page, model, why it is expected).
# A field that appears here and no longer differs, or differs and is not here, fails test_drift_is_known.
KNOWN_DRIFT = {
    **{
        f"errors.{name}": (400, None, "the page prints HTTP 400; the WorkMail model carries no httpStatusCode")
        for name in (
            "InvalidParameterException",
            "LimitExceededException",
            "MailDomainInUseException",
            "OrganizationNotFoundException",
            "OrganizationStateException",
        )
    },
    "http_method": (None, "POST", "the page shows no HTTP method; awsJson1.1 always POSTs"),
    "request_uri": (None, "/", "the page shows no request URI; awsJson1.1 always posts to /"),
    "target_prefix": (None, "WorkMailService", "the page shows no X-Amz-Target; only the model names its prefix"),
    "protocol": (None, "json", "the page does not name the protocol"),
    "json_version": (None, "1.1", "the page does not name the JSON protocol version"),
    "idempotent": (None, True, "the page only calls ClientToken an idempotency token; the model marks the operation"),
}


def test_drift_is_known():
    found = {d.field: (d.documented, d.model) for d in contract.drift()}
    new = sorted(set(found) - set(KNOWN_DRIFT))
    vanished = sorted(set(KNOWN_DRIFT) - set(found))
    assert not new, "new page/model differences: " + "; ".join(f"{f}: page {found[f][0]!r}, model {found[f][1]!r}" for f in new)
    assert not vanished, f"differences that vanished (update KNOWN_DRIFT): {vanished}"
    changed = sorted(f for f in found if found[f] != KNOWN_DRIFT[f][:2])
    assert not changed, "differences whose values changed: " + "; ".join(
        f"{f}: now page {found[f][0]!r}, model {found[f][1]!r}" for f in changed)


def test_drift_names_a_changed_bound():
    model = copy.deepcopy(_botocore.model_facts())
    model["members"]["DomainName"]["max_length"] = CONTRACT.domain.max_length + 1
    fields = {d.field: d for d in contract.drift(model=model)}
    assert "members.DomainName.max_length" in fields
    difference = fields["members.DomainName.max_length"]
    assert (difference.documented, difference.model) == (CONTRACT.domain.max_length, CONTRACT.domain.max_length + 1)
    assert "members.DomainName.max_length" in str(difference)


def test_drift_of_a_model_that_agrees_but_for_one_bound():
    model = copy.deepcopy(contract.documented_facts())
    model["members"]["DomainName"]["max_length"] = CONTRACT.domain.max_length + 1
    assert [d.field for d in contract.drift(model=model)] == ["members.DomainName.max_length"]


def test_drift_names_a_member_the_model_adds():
    model = copy.deepcopy(contract.documented_facts())
    model["members"]["Extra"] = {"min_length": None}
    assert [d.field for d in contract.drift(model=model)] == ["members.Extra"]


# --- schemas ---------------------------------------------------------------------------------------

GOOD = {"DomainName": "mail.example.test", "OrganizationId": "m-0123456789abcdef0123456789abcdef", "ClientToken": "t-1"}
READINGS = (READING_FULLMATCH, READING_SEARCH)


def schema_validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("reading", READINGS)
def test_request_schema_is_valid_and_accepts_a_good_body(reading):
    validator = schema_validator(CONTRACT.request_schema(reading))
    validator.validate(GOOD)
    validator.validate({k: v for k, v in GOOD.items() if k != "ClientToken"})


def _with(**changes):
    body = dict(GOOD)
    for key, value in changes.items():
        if value is _OMIT:
            body.pop(key)
        else:
            body[key] = value
    return body


_OMIT = object()
DEFECTIVE = {
    "DomainName omitted": _with(DomainName=_OMIT),
    "OrganizationId omitted": _with(OrganizationId=_OMIT),
    "DomainName a number": _with(DomainName=7),
    "DomainName null": _with(DomainName=None),
    "OrganizationId an array": _with(OrganizationId=[GOOD["OrganizationId"]]),
    "DomainName too short": _with(DomainName="a" * (CONTRACT.domain.min_length - 1)),
    "DomainName too long": _with(DomainName="a" * (CONTRACT.domain.max_length + 1)),
    "ClientToken empty": _with(ClientToken=""),
    "ClientToken too long": _with(ClientToken="t" * (CONTRACT.token.max_length + 1)),
    "OrganizationId one short": _with(OrganizationId=GOOD["OrganizationId"][:-1]),
    "OrganizationId uppercase": _with(OrganizationId=GOOD["OrganizationId"].upper()),
    "OrganizationId trailing newline": _with(OrganizationId=GOOD["OrganizationId"] + "\n"),
    "DomainName no allowed character": _with(DomainName="_ _"),
    "ClientToken no allowed character": _with(ClientToken="   "),
}


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("name", sorted(DEFECTIVE))
def test_request_schema_rejects_each_kind_of_defect(reading, name):
    body = DEFECTIVE[name]
    assert CONTRACT.classify_request(body)[0] == contract.MUST_REJECT, name
    assert not schema_validator(CONTRACT.request_schema(reading)).is_valid(body), name


def test_a_null_optional_member_is_implementation_defined():
    """Smithy servers drop null members (AwsJson11ServersDontDeserializeNullStructureValues); the page types the
    member String. A null ClientToken is absent to one reading, a type violation to the other."""
    kind, reasons = CONTRACT.classify_request(_with(ClientToken=None))
    assert kind == contract.IMPLEMENTATION_DEFINED and reasons == {"ClientToken": {contract.NULL_AS_ABSENT}}
    assert CONTRACT.classify_request(_with(DomainName=None))[0] == contract.MUST_REJECT  # required either way


def test_request_schema_readings_differ_on_a_search_only_value():
    body = _with(DomainName="ex_ample.com")
    assert schema_validator(CONTRACT.request_schema(READING_SEARCH)).is_valid(body)
    assert not schema_validator(CONTRACT.request_schema(READING_FULLMATCH)).is_valid(body)


def test_fullmatch_schema_rejects_a_trailing_newline():
    # jsonschema searches `pattern` with Python's re, where `$` also matches before a final newline.
    body = _with(DomainName="example.com\n")
    assert not CONTRACT.domain.matches(body["DomainName"], READING_FULLMATCH)
    assert not schema_validator(CONTRACT.request_schema(READING_FULLMATCH)).is_valid(body)


@pytest.mark.parametrize("documented_only", [False, True])
def test_error_schema(documented_only):
    validator = schema_validator(CONTRACT.error_schema(documented_only=documented_only))
    validator.validate({"__type": "aws.workmail#InvalidParameterException:http://x", "message": "m"})
    validator.validate({"__type": "InvalidParameterException", "Message": "m"})
    assert not validator.is_valid({"message": "m"})
    assert not validator.is_valid({"__type": ""})


def test_documented_error_schema_refuses_other_names():
    validator = schema_validator(CONTRACT.error_schema(documented_only=True))
    assert not validator.is_valid({"__type": "aws.workmail#SomethingElseException"})


def test_success_schema():
    validator = schema_validator(CONTRACT.success_schema())
    validator.validate({})
    assert not validator.is_valid({"x": 1})


# --- error names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, name", [
    ("aws.workmail#InvalidParameterException:http://internal.amazon.com/coral/x", "InvalidParameterException"),
    ("com.amazonaws.workmail#OrganizationNotFoundException", "OrganizationNotFoundException"),
    ("MailDomainInUseException:http://x", "MailDomainInUseException"),
    ("LimitExceededException", "LimitExceededException"),
    ("", None),
    (None, None),
    (400, None),
])
def test_error_name_strips_namespace_and_suffix(raw, name):
    assert contract.error_name(raw) == name


# --- readings ----------------------------------------------------------------------------------------

def test_unanchored_pattern_is_searched():
    assert not CONTRACT.domain.anchored
    assert CONTRACT.domain.matches("ex_ample.com", READING_SEARCH)
    assert not CONTRACT.domain.matches("ex_ample.com", READING_FULLMATCH)
    assert CONTRACT.domain.classify("ex_ample.com") == (
        contract.IMPLEMENTATION_DEFINED, frozenset({contract.SEARCH_ONLY, contract.NOT_A_DNS_NAME}))


def test_anchored_pattern_uses_ecma_dollar():
    good = GOOD["OrganizationId"]
    assert CONTRACT.organization.anchored
    for reading in READINGS:
        assert CONTRACT.organization.matches(good, reading)
        assert not CONTRACT.organization.matches(good + "\n", reading), reading


# --- the contract is the one place a pattern is written --------------------------------------------

PATTERN_TEXTS = ("[a-zA-Z0-9.-]+", "[\\x21-\\x7e]+", "^m-[0-9a-f]{32}$")
PACKAGES = ("conformance", "strategies", "reports", "emulator")


def test_no_module_outside_the_contract_writes_a_pattern():
    offenders = []
    for package in PACKAGES:
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.relative_to(ROOT)}: {p}" for p in PATTERN_TEXTS if p in text]
    assert not offenders, offenders


def test_pattern_texts_are_the_contracts():
    # Guards the test above: it looks for the patterns the contract actually holds.
    assert {m.pattern for m in CONTRACT.members.values()} == set(PATTERN_TEXTS)
