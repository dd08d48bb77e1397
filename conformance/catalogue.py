"""The requirement catalogue: every check the suite makes, with a stable ID, a level and its source.

Tests carry `@pytest.mark.requirement(ID)`; failures name the requirement they break; reports read
this catalogue. A self-test keeps the catalogue and the tests in step.
"""

import dataclasses

from contract import CONTRACT, ERRORS

MUST = "MUST"
SHOULD = "SHOULD"
MAY = "MAY"  # implementation-defined: observed and reported, never judged
LEVELS = (MUST, SHOULD, MAY)

# Where a requirement comes from.
PAGE = "RegisterMailDomain page"
PROTOCOL = "awsJson1.1 protocol"
MODEL = "botocore WorkMail model"
SDK = "AWS SDK behaviour"


@dataclasses.dataclass(frozen=True)
class Requirement:
    id: str
    level: str
    area: str
    title: str  # what it checks, as a claim
    traces_to: str  # the source and the part of it, in our own words

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level must be one of {LEVELS}, got {self.level!r}")


def _member_requirements(member, prefix):
    """The validation requirements every constrained member has."""
    m = CONTRACT.members[member]
    where = f"{PAGE}, Request Parameters, {member}"
    found = [
        Requirement(f"RMD-VAL-{prefix}-ACCEPT", MUST, "validation",
                    f"{member} values that satisfy every reading, both length bounds included, are accepted",
                    f"{where}: length {m.min_length}..{m.max_length}, pattern"),
        Requirement(f"RMD-VAL-{prefix}-MIN", MUST, "validation",
                    f"{member} shorter than {m.min_length} is rejected as a validation error",
                    f"{where}: minimum length"),
        Requirement(f"RMD-VAL-{prefix}-MAX", MUST, "validation",
                    f"{member} longer than {m.max_length} is rejected as a validation error",
                    f"{where}: maximum length"),
        Requirement(f"RMD-VAL-{prefix}-PATTERN", MUST, "validation",
                    f"{member} that satisfies no reading of its pattern is rejected as a validation error",
                    f"{where}: pattern"),
        Requirement(f"RMD-VAL-{prefix}-TYPE", MUST, "validation",
                    f"{member} of a JSON type other than string is rejected as a validation error",
                    f"{where}: type String"),
    ]
    if m.required:
        found.append(Requirement(f"RMD-VAL-{prefix}-REQUIRED", MUST, "validation",
                                 f"a request without {member} is rejected as a validation error",
                                 f"{where}: required"))
    return found


_REQUIREMENTS = [
    # Protocol
    Requirement("RMD-PROTO-SUCCESS-STATUS", MUST, "protocol",
                "a successful registration answers HTTP 200",
                f"{PAGE}, Response Elements"),
    Requirement("RMD-PROTO-SUCCESS-BODY", MUST, "protocol",
                "a successful registration's body is empty or a JSON object",
                f"{PAGE}, Response Elements; {PROTOCOL}: empty structure serialised as {{}}"),
    Requirement("RMD-PROTO-SUCCESS-NO-MEMBERS", SHOULD, "protocol",
                "a successful registration's JSON object has no members",
                f"{PAGE}, Response Elements: no output members"),
    Requirement("RMD-PROTO-CONTENT-TYPE", MUST, "protocol",
                f"responses with a body carry Content-Type {CONTRACT.content_type} (or another JSON type)",
                f"{PROTOCOL}: response Content-Type"),
    Requirement("RMD-PROTO-ERROR-STATUS", MUST, "protocol",
                "each documented error answers HTTP 400",
                f"{PAGE}, Errors: HTTP Status Code 400 for each error"),
    Requirement("RMD-PROTO-ERROR-TYPE", MUST, "protocol",
                "an error body is a JSON object and the error is named by its __type (namespace prefix and :suffix "
                "allowed) or, protocol-legal though boto3 ignores it, by the x-amzn-ErrorType header alone",
                f"{PROTOCOL}: error serialisation"),
    Requirement("RMD-PROTO-ERROR-MESSAGE", SHOULD, "protocol",
                "an error body carries a human-readable message (Message or message)",
                f"{PAGE}, Errors: see the error message for details"),
    Requirement("RMD-PROTO-NO-5XX", MUST, "protocol",
                "no request the suite sends, however malformed, gets a 5xx",
                f"{PAGE}, Errors: every documented failure is a 400"),
    Requirement("RMD-PROTO-UNKNOWN-TARGET", MUST, "protocol",
                "an unknown X-Amz-Target gets a 4xx error, not a success",
                f"{PROTOCOL}: operation dispatch on X-Amz-Target"),
    Requirement("RMD-PROTO-MALFORMED-JSON", MUST, "protocol",
                "a body that is not a JSON object gets a 4xx error, not a success",
                f"{PROTOCOL}: request body is a JSON object"),
    Requirement("RMD-SDK-MODELED-EXCEPTION", SHOULD, "sdk",
                "boto3 raises the modeled exception class for a documented error",
                f"{SDK}: botocore reads the error code from __type only, not from x-amzn-ErrorType"),
    Requirement("RMD-SDK-SUCCESS", MUST, "sdk",
                "boto3's register_mail_domain succeeds against the endpoint for a valid request",
                f"{SDK}; {MODEL}: RegisterMailDomain"),
    # Validation
    *_member_requirements("DomainName", "DOMAIN"),
    *_member_requirements("ClientToken", "TOKEN"),
    *_member_requirements("OrganizationId", "ORG"),
    Requirement("RMD-VAL-TOKEN-OPTIONAL", MUST, "validation",
                "a request without ClientToken is accepted",
                f"{PAGE}, Request Parameters, ClientToken: Required No"),
    Requirement("RMD-VAL-ERROR-NAME", SHOULD, "validation",
                f"constraint violations are reported as {ERRORS.INVALID_PARAMETER}, the page's error "
                f"({ERRORS.VALIDATION} is a deviation, a failure with --strict-errors)",
                f"{PAGE}, Errors, {ERRORS.INVALID_PARAMETER}"),
    Requirement("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND", MUST, "validation",
                f"a malformed OrganizationId is a validation error, not {ERRORS.ORGANIZATION_NOT_FOUND}",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_NOT_FOUND}: it is for a valid identifier"),
    Requirement("RMD-VAL-BEFORE-LOOKUP", SHOULD, "validation",
                "an invalid DomainName is a validation error even when the organization does not exist",
                f"{PAGE}, Errors, {ERRORS.INVALID_PARAMETER}; input validation precedes lookups"),
    Requirement("RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER", MUST, "validation",
                "a value legal under only one reading gets success or a validation error, nothing else",
                f"{PAGE}, Request Parameters: patterns; Smithy patterns are not anchored"),
    Requirement("RMD-VAL-DOMAIN-READING", MAY, "validation",
                "which reading of the DomainName pattern and DNS rules the endpoint applies (observed)",
                f"{PAGE}, Request Parameters, DomainName: pattern"),
    Requirement("RMD-VAL-TOKEN-READING", MAY, "validation",
                "which reading of the ClientToken pattern the endpoint applies (observed)",
                f"{PAGE}, Request Parameters, ClientToken: pattern"),
    # State (second batch)
    Requirement("RMD-EFFECT-LISTED", MUST, "state",
                "after a success the domain is listed by ListMailDomains for that organization",
                f"{PAGE}: registers a new domain in the organization"),
    Requirement("RMD-EFFECT-GET", MUST, "state",
                "after a success GetMailDomain answers for the domain",
                f"{PAGE}: registers a new domain in the organization"),
    Requirement("RMD-EFFECT-DEREGISTRABLE", MUST, "state",
                "a domain RegisterMailDomain accepted, DeregisterMailDomain accepts and removes",
                f"{MODEL}: both operations take DomainName as the same WorkMailDomainName shape"),
    Requirement("RMD-ORG-NOT-FOUND", MUST, "organization",
                f"a well-formed OrganizationId that does not exist gets 400 {ERRORS.ORGANIZATION_NOT_FOUND}",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_NOT_FOUND}"),
    Requirement("RMD-ORG-STATE", MUST, "organization",
                f"an organization that is not Active gets 400 {ERRORS.ORGANIZATION_STATE} and nothing is registered",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_STATE}"),
    Requirement("RMD-ORG-ERROR-AGREES-DESCRIBE", MUST, "organization",
                "the organization error agrees with DescribeOrganization (not found vs. not Active)",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_NOT_FOUND} and {ERRORS.ORGANIZATION_STATE}"),
    Requirement("RMD-ORG-CREATING", MUST, "organization",
                "an organization still in Creating is not registered into",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_STATE}"),
    Requirement("RMD-CONFLICT-OTHER-ORG", MUST, "conflict",
                f"a domain registered in one organization gets 400 {ERRORS.MAIL_DOMAIN_IN_USE} in another, "
                "and stays only with the first",
                f"{PAGE}, Errors, {ERRORS.MAIL_DOMAIN_IN_USE}"),
    Requirement("RMD-CONFLICT-CASE", MUST, "conflict",
                f"the same domain in other letter case gets {ERRORS.MAIL_DOMAIN_IN_USE} in another organization",
                f"{PAGE}, Errors, {ERRORS.MAIL_DOMAIN_IN_USE}; DNS names are case-insensitive"),
    Requirement("RMD-QUOTA", MUST, "quota",
                f"past the domains-per-organization quota the next registration gets 400 {ERRORS.LIMIT_EXCEEDED} "
                "and is not registered",
                f"{PAGE}, Errors, {ERRORS.LIMIT_EXCEEDED}; the quota itself is undocumented (--max-domains-per-org)"),
    Requirement("RMD-IDEM-RETRY", MUST, "idempotency",
                "an identical retry with the same ClientToken after success gets 200 and leaves one registration",
                f"{PAGE}, ClientToken: idempotency token for retries; {MODEL}: idempotent operation"),
    Requirement("RMD-IDEM-LOST-RESPONSE", MUST, "idempotency",
                "a retry after the first attempt's response was lost gets 200 and leaves one registration",
                f"{PAGE}, ClientToken: idempotency token for retries"),
    Requirement("RMD-IDEM-REREGISTER", MAY, "idempotency",
                "the same domain again in the same organization with a new or no token (observed: 200 or in use)",
                f"{MODEL}: idempotent operation; the page is silent"),
    Requirement("RMD-IDEM-SINGLE-REGISTRATION", MUST, "idempotency",
                "registering the same domain again in the same organization never makes a second registration",
                f"{PAGE}: registers a domain; {MODEL}: idempotent operation"),
    Requirement("RMD-IDEM-TOKEN-OTHER-PARAMS", MAY, "idempotency",
                "a ClientToken reused with other parameters (observed)",
                f"{PAGE}, ClientToken; the page is silent on reuse"),
    Requirement("RMD-IDEM-ONE-EFFECT-PER-TOKEN", MUST, "idempotency",
                "one ClientToken never has two different effects",
                f"{PAGE}, ClientToken: idempotency token"),
    Requirement("RMD-IDEM-AT-MOST-ONCE", SHOULD, "idempotency",
                "a request is executed at most once per token: a retry after deregistration is replayed, not re-executed",
                f"{PAGE}, ClientToken: idempotency token"),
    Requirement("RMD-CONC-IDENTICAL", MUST, "concurrency",
                "concurrent identical requests with one token all get 200 and leave one registration",
                f"{PAGE}, ClientToken; {MODEL}: idempotent operation"),
    Requirement("RMD-CONC-TWO-ORGS", MUST, "concurrency",
                f"the same domain sent at once into two organizations: exactly one 200, the rest "
                f"{ERRORS.MAIL_DOMAIN_IN_USE}, and one owner",
                f"{PAGE}, Errors, {ERRORS.MAIL_DOMAIN_IN_USE}"),
    Requirement("RMD-STATEFUL", MUST, "state",
                "random sequences of register, re-register, register elsewhere, deregister and delete organization "
                "match a model of the expected state",
                f"{PAGE}: the effect and the errors, taken together"),
]

REQUIREMENTS = {r.id: r for r in _REQUIREMENTS}
assert len(REQUIREMENTS) == len(_REQUIREMENTS), "requirement IDs must be unique"


def get(requirement_id):
    try:
        return REQUIREMENTS[requirement_id]
    except KeyError:
        raise KeyError(f"unknown requirement ID {requirement_id!r}; see conformance/catalogue.py") from None
