"""The requirement catalogue: every check the suite makes, with a stable ID, a level and its evidence.

Tests carry `@pytest.mark.requirement(ID)`; failures name the requirement they break; reports read this
catalogue. Levels follow the text: a MUST quotes a sentence (of the page, the awsJson1.1 protocol or
botocore's model) that demands it; a claim no sentence demands is a SHOULD, and implementation-defined
behaviour is a MAY (observed, never judged). A self-test keeps the catalogue and the tests in step and
holds every MUST to a quote.
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
RFC = "RFC 4343"


@dataclasses.dataclass(frozen=True)
class Quote:
    """A sentence of a source, quoted word for word, and where it stands."""

    source: str  # e.g. "RegisterMailDomain page, Errors, InvalidParameterException"
    text: str

    def __str__(self):
        return f"{self.source}: \u201c{self.text}\u201d"


@dataclasses.dataclass(frozen=True)
class Requirement:
    id: str
    level: str
    area: str
    title: str  # what it checks, as a claim
    traces_to: str  # the source and the part of it, in our own words
    evidence: tuple = ()  # Quotes that demand it; a MUST has at least one
    why_level: str = ""  # for a SHOULD or MAY: why no sentence makes it a MUST

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level must be one of {LEVELS}, got {self.level!r}")
        if self.level == MUST and not self.evidence:
            raise ValueError(f"{self.id}: a MUST quotes the sentence that demands it")
        if self.level != MUST and not self.why_level:
            raise ValueError(f"{self.id}: a {self.level} says why it is not a MUST")


# -- the sentences the catalogue rests on ------------------------------------------------------------

def _page(where, text):
    return Quote(f"{PAGE}, {where}", text)


SUCCESS_SENTENCE = _page("Response Elements",
                         "If the action is successful, the service sends back an HTTP 200 response with an empty "
                         "HTTP body.")
REGISTERS = _page("description", "Registers a new domain in WorkMail and SES, and configures it for use by WorkMail.")
TOKEN_SENTENCE = _page("Request Parameters, ClientToken", "Idempotency token used when retrying requests.")
INVALID = _page(f"Errors, {ERRORS.INVALID_PARAMETER}",
                "One or more of the input parameters don't match the service's restrictions.")
LIMIT = _page(f"Errors, {ERRORS.LIMIT_EXCEEDED}", "The request exceeds the limit of the resource.")
IN_USE = _page(f"Errors, {ERRORS.MAIL_DOMAIN_IN_USE}",
               "The domain you're trying to change is in use by another user or organization in your account.")
SEE_MESSAGE = _page(f"Errors, {ERRORS.MAIL_DOMAIN_IN_USE}", "See the error message for details.")
NOT_FOUND = _page(f"Errors, {ERRORS.ORGANIZATION_NOT_FOUND}",
                  "An operation received a valid organization identifier that either doesn't belong or exist in the "
                  "system.")
STATE = _page(f"Errors, {ERRORS.ORGANIZATION_STATE}",
              "The organization must have a valid state to perform certain operations on the organization or its "
              "members.")
STATUS_400 = _page("Errors, each of the five", "HTTP Status Code: 400")
REQUEST_JSON = _page("Request Parameters", "The request accepts the following data in JSON format.")
SEE_ALSO_SDKS = _page("See Also", "For more information about using this API in one of the language-specific AWS "
                                  "SDKs, see the following:")

CONTENT_TYPE = Quote(f"{PROTOCOL}, Differences between awsJson1_0 and awsJson1_1",
                     "In awsJson1_0 it MUST be application/x-amz-json-1.0 and in awsJson1_1 it MUST be "
                     "application/x-amz-json-1.1.")
EMPTY_OUTPUT = Quote(f"{PROTOCOL}, Empty body serialization",
                     "When an operation has no modeled output or no output parameters are provided, server "
                     "implementations SHOULD send an empty response body.")
EMPTY_OUTPUT_CLIENTS = Quote(f"{PROTOCOL}, Empty body serialization",
                             "Clients MUST also accept an empty JSON object as the response body.")
EMPTY_OUTPUT_CONTENT_TYPE = Quote(f"{PROTOCOL}, Empty body serialization",
                                  "The server MUST still send the protocol's Content-Type header in this case.")
ERROR_COMPONENT = Quote(f"{PROTOCOL}, Operation error serialization",
                        "The component MUST be one of the following: an additional header with the name "
                        "X-Amzn-Errortype, a body field with the name code, or a body field named __type.")
ERROR_SERIALIZED = Quote(f"{PROTOCOL}, Operation error serialization",
                         "Error responses in the awsJson1_1 protocol are serialized identically to standard responses "
                         "with one additional component to distinguish which error is contained.")
TYPE_FIELD = Quote(f"{PROTOCOL}, Operation error serialization",
                   "New server-side protocol implementations SHOULD use a body field named __type.")
THROTTLING = Quote("WorkMail API Reference, Common Errors, ThrottlingException",
                   "The request was denied due to request throttling.")
TARGET_HEADER = Quote(f"{PROTOCOL}, Protocol Behaviors, X-Amz-Target",
                      "The value of this header is the shape name of the service's shape ID joined to the shape name "
                      "of the operation's shape ID, separated by a single period (.) character.")

IDEMPOTENT = Quote(f"{MODEL}, RegisterMailDomain", '"idempotent": true')
JSON_RFC = "RFC 8259 (JSON)"
UNORDERED = Quote(f"{JSON_RFC}, Introduction", "An object is an unordered collection of zero or more name/value pairs")
WHITESPACE = Quote(f"{JSON_RFC}, section 2",
                   "Insignificant whitespace is allowed before or after any of the six structural characters.")
ESCAPES = Quote(f"{JSON_RFC}, section 7", "Any character may be escaped.")
DEREGISTER_DOC = Quote(f"{MODEL}, DeregisterMailDomain documentation",
                       "Removes a domain from WorkMail, stops email routing to WorkMail, and removes the authorization "
                       "allowing WorkMail use.")
DELETE_ORGANIZATION_DOC = Quote(f"{MODEL}, DeleteOrganization documentation",
                                "Deletes an WorkMail organization and all underlying AWS resources managed by WorkMail "
                                "as part of the organization.")
CASE_INSENSITIVE = Quote(f"{RFC}, Abstract", 'Domain Name System (DNS) names are "case insensitive".')


def member_quotes(member_name):
    """The page's own lines for one member (length, pattern, type, required), printed from the contract."""
    m = CONTRACT.members[member_name]
    where = f"Request Parameters, {member_name}"
    length = (f"Length Constraints: Fixed length of {m.min_length}." if m.min_length == m.max_length
              else f"Length Constraints: Minimum length of {m.min_length}. Maximum length of {m.max_length}.")
    return {
        "length": _page(where, length),
        "pattern": _page(where, f"Pattern: {m.pattern}"),
        "type": _page(where, "Type: String"),
        "required": _page(where, f"Required: {'Yes' if m.required else 'No'}"),
    }


# -- the requirements ---------------------------------------------------------------------------------

_NOT_ON_THE_PAGE = "no sentence of the page or the protocol demands it"


def _member_requirements(member, prefix):
    """The validation requirements every constrained member has."""
    m = CONTRACT.members[member]
    quotes = member_quotes(member)
    where = f"{PAGE}, Request Parameters, {member}"
    found = [
        Requirement(f"RMD-VAL-{prefix}-ACCEPT", MUST, "validation",
                    f"{member} values that satisfy every reading, both length bounds included, are accepted",
                    f"{where}: length {m.min_length}..{m.max_length}, pattern",
                    (quotes["length"], quotes["pattern"])),
        Requirement(f"RMD-VAL-{prefix}-MIN", MUST, "validation",
                    f"{member} shorter than {m.min_length} is rejected as a validation error",
                    f"{where}: minimum length", (quotes["length"], INVALID)),
        Requirement(f"RMD-VAL-{prefix}-MAX", MUST, "validation",
                    f"{member} longer than {m.max_length} is rejected as a validation error",
                    f"{where}: maximum length", (quotes["length"], INVALID)),
        Requirement(f"RMD-VAL-{prefix}-PATTERN", MUST, "validation",
                    f"{member} that satisfies no reading of its pattern is rejected as a validation error",
                    f"{where}: pattern", (quotes["pattern"], INVALID)),
        Requirement(f"RMD-VAL-{prefix}-TYPE", MUST, "validation",
                    f"{member} of a JSON type other than string is rejected as a validation error",
                    f"{where}: type String", (quotes["type"], INVALID)),
    ]
    if m.required:
        found.append(Requirement(f"RMD-VAL-{prefix}-REQUIRED", MUST, "validation",
                                 f"a request without {member} is rejected as a validation error",
                                 f"{where}: required", (quotes["required"], INVALID)))
    return found


# Member name -> the prefix of its validation requirements (RMD-VAL-<prefix>-...): the one home of this map.
MEMBER_PREFIX = {CONTRACT.domain.name: "DOMAIN", CONTRACT.token.name: "TOKEN", CONTRACT.organization.name: "ORG"}


def member_requirement(member_name, suffix):
    """The ID of a member's validation requirement, e.g. ('DomainName', 'MAX') -> RMD-VAL-DOMAIN-MAX."""
    return f"RMD-VAL-{MEMBER_PREFIX[member_name]}-{suffix}"


_REQUIREMENTS = [
    # Protocol
    Requirement("RMD-PROTO-SUCCESS-STATUS", MUST, "protocol",
                "a successful registration answers HTTP 200",
                f"{PAGE}, Response Elements", (SUCCESS_SENTENCE,)),
    Requirement("RMD-PROTO-SUCCESS-BODY", MUST, "protocol",
                "a successful registration's body is empty or a JSON object",
                f"{PAGE}, Response Elements; {PROTOCOL}: empty structure serialised as {{}}",
                (SUCCESS_SENTENCE, EMPTY_OUTPUT_CLIENTS)),
    Requirement("RMD-PROTO-SUCCESS-NO-MEMBERS", SHOULD, "protocol",
                "a successful registration's JSON object has no members",
                f"{PAGE}, Response Elements: no output members", (EMPTY_OUTPUT,),
                "the protocol says SHOULD; members in the body break no client"),
    Requirement("RMD-PROTO-CONTENT-TYPE", MUST, "protocol",
                f"a response with a body carries a JSON Content-Type ({CONTRACT.content_type}; another JSON type, "
                "or none on an empty success body, is reported as a deviation)",
                f"{PROTOCOL}: response Content-Type", (CONTENT_TYPE, EMPTY_OUTPUT_CONTENT_TYPE)),
    Requirement("RMD-PROTO-ERROR-STATUS", MUST, "protocol",
                "each documented error answers HTTP 400",
                f"{PAGE}, Errors: HTTP Status Code 400 for each error", (STATUS_400,)),
    Requirement("RMD-PROTO-ERROR-TYPE", MUST, "protocol",
                "an error body is empty or a JSON object, and the error is named by __type, code or the "
                "X-Amzn-Errortype header (namespace prefix and :suffix allowed)",
                f"{PROTOCOL}: operation error serialisation", (ERROR_SERIALIZED, ERROR_COMPONENT)),
    Requirement("RMD-PROTO-ERROR-MESSAGE", SHOULD, "protocol",
                "an error body carries a human-readable message (Message or message)",
                f"{PAGE}, Errors: see the error message for details", (SEE_MESSAGE,),
                "the page points to the message but does not demand one on every error"),
    Requirement("RMD-PROTO-NO-5XX", MUST, "protocol",
                "no request the suite sends, however malformed, gets a 5xx (a 503 or throttling that passes on "
                "retry is weather, not a verdict)",
                f"{PAGE}, Errors: every documented failure is a 400", (INVALID, STATUS_400)),
    Requirement("RMD-PROTO-TRANSIENT-BOUNDED", SHOULD, "protocol",
                "a throttling answer or a 503 passes: the same request succeeds or gets its real answer within "
                "--transient-retries retries with exponential backoff",
                "WorkMail API Reference, Common Errors: ThrottlingException, ServiceUnavailable", (THROTTLING,),
                "the common errors name throttling but no sentence says how long it may last"),
    Requirement("RMD-PROTO-UNKNOWN-TARGET", SHOULD, "protocol",
                "an unknown X-Amz-Target gets a 4xx error, not a success",
                f"{PROTOCOL}: operation dispatch on X-Amz-Target", (TARGET_HEADER,),
                "the protocol defines the header but names no answer for a target it does not serve"),
    Requirement("RMD-PROTO-MALFORMED-JSON", MUST, "protocol",
                "a body that is not a JSON object gets a 4xx error, not a success",
                f"{PROTOCOL}: request body is a JSON object; {PAGE}: DomainName and OrganizationId required",
                (member_quotes(CONTRACT.domain.name)["required"], INVALID)),
    Requirement("RMD-PROTO-JSON-EQUIVALENT", MUST, "protocol",
                "a valid request spelled any way JSON allows (whitespace, member order, escaped names or values) "
                "is the same request and succeeds",
                f"{PAGE}, Request Parameters: the data in JSON format; {JSON_RFC}",
                (REQUEST_JSON, WHITESPACE, UNORDERED, ESCAPES)),
    Requirement("RMD-PROTO-BODY-SHAPES", MUST, "protocol",
                "a body no request can be read from (cut short, a required member only under another name or "
                "spelling, an empty object) gets a 4xx, never a success",
                f"{PAGE}, Request Parameters: DomainName and OrganizationId required",
                (member_quotes(CONTRACT.domain.name)["required"], member_quotes(CONTRACT.organization.name)["required"],
                 INVALID)),
    Requirement("RMD-PROTO-BODY-LENIENCY", MAY, "protocol",
                "what the endpoint makes of bodies JSON parsers differ on: unknown members, a member twice, a byte "
                "order mark, UTF-16, deep nesting, trailing data, comments, single quotes, NaN (observed)",
                f"{PROTOCOL}; {JSON_RFC}: left to the parser", (),
                "the protocol and RFC 8259 leave these to the implementation"),
    Requirement("RMD-SDK-MODELED-EXCEPTION", SHOULD, "sdk",
                "boto3 raises the modeled exception class for a documented error (it reads __type only)",
                f"{SDK}: botocore reads the error code from __type only", (TYPE_FIELD,),
                "the protocol says SHOULD for __type; code and X-Amzn-Errortype are protocol-legal"),
    Requirement("RMD-SDK-SUCCESS", SHOULD, "sdk",
                "boto3's register_mail_domain succeeds against the endpoint for a valid request",
                f"{SDK}; {MODEL}: RegisterMailDomain", (SEE_ALSO_SDKS,),
                "the page points to the SDKs but no sentence demands that one of them works"),
    # Validation
    *_member_requirements(CONTRACT.domain.name, "DOMAIN"),
    *_member_requirements(CONTRACT.token.name, "TOKEN"),
    *_member_requirements(CONTRACT.organization.name, "ORG"),
    Requirement("RMD-VAL-TOKEN-OPTIONAL", MUST, "validation",
                "a request without ClientToken is accepted",
                f"{PAGE}, Request Parameters, ClientToken: Required No",
                (member_quotes(CONTRACT.token.name)["required"],)),
    Requirement("RMD-VAL-ERROR-NAME", SHOULD, "validation",
                f"constraint violations are reported as {ERRORS.INVALID_PARAMETER}, the page's error "
                f"({ERRORS.VALIDATION} is a deviation, a failure with --strict-errors)",
                f"{PAGE}, Errors, {ERRORS.INVALID_PARAMETER}", (INVALID,),
                f"Smithy services commonly answer the common {ERRORS.VALIDATION}; SDKs handle both"),
    Requirement("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND", MUST, "validation",
                f"a malformed OrganizationId is a validation error, not {ERRORS.ORGANIZATION_NOT_FOUND}",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_NOT_FOUND}: it is for a valid identifier", (NOT_FOUND, INVALID)),
    Requirement("RMD-VAL-BEFORE-LOOKUP", SHOULD, "validation",
                "an invalid DomainName is a validation error even when the organization does not exist",
                f"{PAGE}, Errors, {ERRORS.INVALID_PARAMETER}; input validation precedes lookups", (INVALID,),
                "the page names both errors but not which one a request that earns both gets"),
    Requirement("RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER", MUST, "validation",
                "a value legal under only one reading gets success or a validation error, nothing else",
                f"{PAGE}, Request Parameters: patterns; Smithy patterns are not anchored", (INVALID, IN_USE)),
    Requirement("RMD-VAL-DOMAIN-READING", MAY, "validation",
                "which reading of the DomainName pattern and DNS rules the endpoint applies (observed)",
                f"{PAGE}, Request Parameters, DomainName: pattern", (),
                "the pattern is unanchored: either reading is legal"),
    Requirement("RMD-VAL-TOKEN-READING", MAY, "validation",
                "which reading of the ClientToken pattern the endpoint applies (observed)",
                f"{PAGE}, Request Parameters, ClientToken: pattern", (),
                "the pattern is unanchored: either reading is legal"),
    # State
    Requirement("RMD-EFFECT-LISTED", MUST, "state",
                "after a success the domain is listed by ListMailDomains for that organization (within "
                "--consistency-timeout)",
                f"{PAGE}: registers a new domain in the organization", (REGISTERS,)),
    Requirement("RMD-EFFECT-GET", MUST, "state",
                "after a success GetMailDomain answers for the domain (within --consistency-timeout)",
                f"{PAGE}: registers a new domain in the organization", (REGISTERS,)),
    Requirement("RMD-EFFECT-DEREGISTRABLE", SHOULD, "state",
                "a domain RegisterMailDomain accepted, DeregisterMailDomain accepts and removes",
                f"{MODEL}: both operations take DomainName as the same WorkMailDomainName shape", (DEREGISTER_DOC,),
                "only the model's DeregisterMailDomain speaks of removal; the page is silent"),
    Requirement("RMD-ORG-NOT-FOUND", MUST, "organization",
                f"a well-formed OrganizationId that does not exist gets 400 {ERRORS.ORGANIZATION_NOT_FOUND}",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_NOT_FOUND}", (NOT_FOUND, STATUS_400)),
    Requirement("RMD-ORG-STATE", MUST, "organization",
                f"an organization that is not Active gets 400 {ERRORS.ORGANIZATION_STATE} and nothing is registered",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_STATE}", (STATE,)),
    Requirement("RMD-ORG-ERROR-AGREES-DESCRIBE", MUST, "organization",
                "the organization error agrees with DescribeOrganization (not found vs. not Active)",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_NOT_FOUND} and {ERRORS.ORGANIZATION_STATE}", (NOT_FOUND, STATE)),
    Requirement("RMD-ORG-CREATING", MUST, "organization",
                "an organization still in Creating is not registered into",
                f"{PAGE}, Errors, {ERRORS.ORGANIZATION_STATE}", (STATE,)),
    Requirement("RMD-ORG-DELETE-RELEASES", SHOULD, "organization",
                "once DeleteOrganization has finished, its domains can be registered by another organization",
                f"{MODEL}: DeleteOrganization deletes the organization's resources", (DELETE_ORGANIZATION_DOC,),
                "the page says nothing of deletion; the model's sentence does not name the domains"),
    Requirement("RMD-CONFLICT-OTHER-ORG", MUST, "conflict",
                f"a domain registered in one organization gets 400 {ERRORS.MAIL_DOMAIN_IN_USE} in another, "
                "and stays only with the first",
                f"{PAGE}, Errors, {ERRORS.MAIL_DOMAIN_IN_USE}", (IN_USE,)),
    Requirement("RMD-CONFLICT-CASE", SHOULD, "conflict",
                f"the same domain in other letter case gets {ERRORS.MAIL_DOMAIN_IN_USE} in another organization",
                f"{PAGE}, Errors, {ERRORS.MAIL_DOMAIN_IN_USE}; DNS names are case-insensitive",
                (IN_USE, CASE_INSENSITIVE), "the page does not say that names compare without case; DNS does"),
    Requirement("RMD-QUOTA", MUST, "quota",
                f"past the domains-per-organization quota the next registration gets 400 {ERRORS.LIMIT_EXCEEDED} "
                "and is not registered (domains the organization held before the run counted or not)",
                f"{PAGE}, Errors, {ERRORS.LIMIT_EXCEEDED}; the quota itself is undocumented (--max-domains-per-org)",
                (LIMIT,)),
    Requirement("RMD-IDEM-RETRY", MUST, "idempotency",
                "an identical retry with the same ClientToken after success gets 200 and leaves one registration",
                f"{PAGE}, ClientToken: idempotency token for retries; {MODEL}: idempotent operation",
                (TOKEN_SENTENCE, IDEMPOTENT)),
    Requirement("RMD-IDEM-LOST-RESPONSE", MUST, "idempotency",
                "a retry after the first attempt's response was lost gets 200 and leaves one registration",
                f"{PAGE}, ClientToken: idempotency token for retries", (TOKEN_SENTENCE,)),
    Requirement("RMD-IDEM-REREGISTER", MAY, "idempotency",
                "the same domain again in the same organization with a new or no token (observed: 200 or in use)",
                f"{MODEL}: idempotent operation; the page is silent", (),
                "the page does not say what a second registration into the same organization answers"),
    Requirement("RMD-IDEM-SINGLE-REGISTRATION", MUST, "idempotency",
                "registering the same domain again in the same organization never makes a second registration",
                f"{PAGE}: registers a domain; {MODEL}: idempotent operation", (REGISTERS, IDEMPOTENT)),
    Requirement("RMD-IDEM-TOKEN-OTHER-PARAMS", MAY, "idempotency",
                "a ClientToken reused with other parameters (observed)",
                f"{PAGE}, ClientToken; the page is silent on reuse", (),
                "the page does not say whether such a request is replayed or refused"),
    Requirement("RMD-IDEM-ONE-EFFECT-PER-TOKEN", SHOULD, "idempotency",
                "one ClientToken never has two different effects",
                f"{PAGE}, ClientToken: idempotency token", (TOKEN_SENTENCE,),
                "the page only speaks of retries; a token reused for another domain is no retry"),
    Requirement("RMD-IDEM-AT-MOST-ONCE", SHOULD, "idempotency",
                "a request is executed at most once per token: a retry after deregistration is replayed, not "
                "re-executed",
                f"{PAGE}, ClientToken: idempotency token", (TOKEN_SENTENCE,),
                "the page does not say how long a token is remembered"),
    Requirement("RMD-IDEM-TWIN-TOKENS-DISTINCT", MUST, "idempotency",
                "two different ClientTokens are two requests, however close (letter case, one character, a common "
                "prefix up to the maximum length, look-alike characters): both register their own domain",
                f"{PAGE}, ClientToken: any 1 to 128 printable characters is a token of its own",
                (TOKEN_SENTENCE, member_quotes(CONTRACT.token.name)["length"],
                 member_quotes(CONTRACT.token.name)["pattern"])),
    Requirement("RMD-IDEM-TWIN-TOKENS-OWN-RETRY", MUST, "idempotency",
                "each of two near-twin ClientTokens retries its own request: 200, one registration each",
                f"{PAGE}, ClientToken: idempotency token for retries", (TOKEN_SENTENCE,)),
    Requirement("RMD-CONC-IDENTICAL", MUST, "concurrency",
                "concurrent identical requests with one token leave one registration, and each succeeds, at once or "
                "once retried after a retryable in-flight answer",
                f"{PAGE}, ClientToken; {MODEL}: idempotent operation", (TOKEN_SENTENCE, IDEMPOTENT)),
    Requirement("RMD-CONC-TWO-ORGS", MUST, "concurrency",
                f"the same domain sent at once into two organizations: exactly one 200, the rest "
                f"{ERRORS.MAIL_DOMAIN_IN_USE}, and one owner",
                f"{PAGE}, Errors, {ERRORS.MAIL_DOMAIN_IN_USE}", (IN_USE,)),
    Requirement("RMD-STATEFUL", MUST, "state",
                "random sequences of register, re-register, register elsewhere and deregister match a model of the "
                "expected state",
                f"{PAGE}: the effect and the errors, taken together", (REGISTERS, IN_USE)),
]

REQUIREMENTS = {r.id: r for r in _REQUIREMENTS}
assert len(REQUIREMENTS) == len(_REQUIREMENTS), "requirement IDs must be unique"


def get(requirement_id):
    try:
        return REQUIREMENTS[requirement_id]
    except KeyError:
        raise KeyError(f"unknown requirement ID {requirement_id!r}; see conformance/catalogue.py") from None


def requirement_ids(item):
    """The requirement IDs a pytest item is marked with, in order (the first is the one it is named for)."""
    return tuple(rid for marker in item.iter_markers("requirement") for rid in marker.args)
