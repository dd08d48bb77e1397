"""RegisterMailDomain's contract: the one source of truth for members, errors and protocol facts.

The values come from the specification page (:mod:`contract._documented`); :func:`drift` compares
them with botocore's installed WorkMail model, field by field.
"""

import dataclasses
import types

from contract import _documented as _doc
from contract._botocore import botocore_version, service_model
from contract._facts import Difference, documented_facts, drift
from contract._json import json_depth
from contract._members import (
    IMPLEMENTATION_DEFINED,
    MUST_ACCEPT,
    MUST_REJECT,
    NOT_A_DNS_NAME,
    NULL_AS_ABSENT,
    READING_FULLMATCH,
    READING_SEARCH,
    RULE_MAX_LENGTH,
    RULE_MIN_LENGTH,
    RULE_PATTERN,
    RULE_REQUIRED,
    RULE_TYPE,
    RULES,
    SEARCH_ONLY,
    DNS_LABEL_MAX,
    Member,
    is_dns_name,
    json_type_name,
)
from contract import _members, _schemas

__all__ = [
    "CONTRACT",
    "ERRORS",
    "Contract",
    "Difference",
    "Member",
    "botocore_version",
    "documented_facts",
    "drift",
    "error_name",
    "is_dns_name",
    "json_depth",
    "json_type_name",
    "service_model",
    "DNS_LABEL_MAX",
    "IMPLEMENTATION_DEFINED",
    "MUST_ACCEPT",
    "MUST_REJECT",
    "NOT_A_DNS_NAME",
    "NULL_AS_ABSENT",
    "READING_FULLMATCH",
    "READING_SEARCH",
    "RULES",
    "RULE_MAX_LENGTH",
    "RULE_MIN_LENGTH",
    "RULE_PATTERN",
    "RULE_REQUIRED",
    "RULE_TYPE",
    "SEARCH_ONLY",
]

# Error names by role, so no other module spells one.
ERRORS = types.SimpleNamespace(
    INVALID_PARAMETER="InvalidParameterException",
    LIMIT_EXCEEDED="LimitExceededException",
    MAIL_DOMAIN_IN_USE="MailDomainInUseException",
    ORGANIZATION_NOT_FOUND="OrganizationNotFoundException",
    ORGANIZATION_STATE="OrganizationStateException",
    VALIDATION=_doc.COMMON_VALIDATION_ERROR,
    UNKNOWN_OPERATION=_doc.UNKNOWN_OPERATION_ERROR,
    SERIALIZATION=_doc.SERIALIZATION_ERROR,
    MISSING_AUTHENTICATION=_doc.MISSING_AUTH_ERROR,
    INVALID_SIGNATURE=_doc.INVALID_SIGNATURE_ERROR,
    UNRECOGNIZED_CLIENT=_doc.UNRECOGNIZED_CLIENT_ERROR,
    MAIL_DOMAIN_NOT_FOUND=_doc.MAIL_DOMAIN_NOT_FOUND_ERROR,
    MAIL_DOMAIN_STATE=_doc.MAIL_DOMAIN_STATE_ERROR,
    NAME_AVAILABILITY=_doc.NAME_AVAILABILITY_ERROR,
)
assert {ERRORS.INVALID_PARAMETER, ERRORS.LIMIT_EXCEEDED, ERRORS.MAIL_DOMAIN_IN_USE,
        ERRORS.ORGANIZATION_NOT_FOUND, ERRORS.ORGANIZATION_STATE} == set(_doc.ERRORS), \
    "contract.ERRORS must name exactly the page's errors"


@dataclasses.dataclass(frozen=True)
class Contract:
    operation: str
    service_id: str
    target_prefix: str
    method: str
    path: str
    content_type: str
    members: dict
    errors: dict  # documented error name -> HTTP status
    success_status: int
    output_members: tuple
    spec_url: str
    organization_states: tuple
    active_state: str

    @property
    def target(self):
        return f"{self.target_prefix}.{self.operation}"

    def target_for(self, operation):
        return f"{self.target_prefix}.{operation}"

    @property
    def domain(self):
        return self.members["DomainName"]

    @property
    def token(self):
        return self.members["ClientToken"]

    @property
    def organization(self):
        return self.members["OrganizationId"]

    @property
    def idempotency_token_member(self):
        return next(m for m in self.members.values() if m.idempotency_token)

    @property
    def required_members(self):
        return tuple(m.name for m in self.members.values() if m.required)

    @property
    def validation_errors(self):
        """Names an endpoint may use for a constraint violation: the documented one, then the common one."""
        return (ERRORS.INVALID_PARAMETER, ERRORS.VALIDATION)

    def classify_request(self, body):
        """Classify a whole request body: must-reject if any member must be rejected, and so on."""
        verdicts = {
            name: member.classify(body.get(name), present=name in body)
            for name, member in self.members.items()
        }
        kinds = {kind for kind, _ in verdicts.values()}
        for kind in (MUST_REJECT, IMPLEMENTATION_DEFINED):
            if kind in kinds:
                return kind, {n: why for n, (k, why) in verdicts.items() if k == kind}
        return MUST_ACCEPT, {}

    def request_schema(self, reading=READING_SEARCH):
        return _schemas.request_schema(self.members, reading)

    def error_schema(self, documented_only=False):
        names = set(self.errors) if documented_only else None
        return _schemas.error_schema(names)

    def success_schema(self):
        return _schemas.success_schema(self.output_members)


CONTRACT = Contract(
    operation=_doc.OPERATION_NAME,
    service_id=_doc.SERVICE_ID,
    target_prefix=_doc.TARGET_PREFIX,
    method=_doc.HTTP_METHOD,
    path=_doc.REQUEST_URI,
    content_type=_doc.JSON_CONTENT_TYPE,
    members=_members.documented_members(),
    errors=dict(_doc.ERRORS),
    success_status=_doc.SUCCESS_STATUS,
    output_members=_doc.SUCCESS_OUTPUT_MEMBERS,
    spec_url=_doc.SPEC_URL,
    organization_states=_doc.ORGANIZATION_STATES,
    active_state=_doc.ACTIVE_STATE,
)


def error_name(raw_type):
    """The error's shape name from an awsJson1.1 `__type` or `x-amzn-ErrorType` value.

    The protocol allows a `namespace#` prefix and a `:`-separated suffix (often a URI); both are dropped.
    """
    if not isinstance(raw_type, str):
        return None
    return raw_type.split(":", 1)[0].rsplit("#", 1)[-1] or None
