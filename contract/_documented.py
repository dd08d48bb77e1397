"""The values the specification page states, typed in by a reader of that page.

This is the only place in the code where a bound, a pattern or an error name is written.
Everything else reads these names from :mod:`contract`. The botocore model is read separately
(:mod:`contract._botocore`) and compared with these values by :func:`contract.drift`.
"""

SPEC_URL = "https://docs.aws.amazon.com/workmail/latest/APIReference/API_RegisterMailDomain.html"

SERVICE_ID = "WorkMail"
TARGET_PREFIX = "WorkMailService"
OPERATION_NAME = "RegisterMailDomain"
HTTP_METHOD = "POST"
REQUEST_URI = "/"
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"

# Member name -> (min length, max length, pattern as printed on the page, required).
MEMBERS = {
    "ClientToken": (1, 128, r"[\x21-\x7e]+", False),
    "DomainName": (3, 209, r"[a-zA-Z0-9.-]+", True),
    "OrganizationId": (34, 34, r"^m-[0-9a-f]{32}$", True),
}
IDEMPOTENCY_TOKEN_MEMBER = "ClientToken"

# The page lists these errors, each with HTTP 400.
ERRORS = {
    "InvalidParameterException": 400,
    "LimitExceededException": 400,
    "MailDomainInUseException": 400,
    "OrganizationNotFoundException": 400,
    "OrganizationStateException": 400,
}

SUCCESS_STATUS = 200
# The page promises an empty HTTP body; awsJson1.1 servers commonly send `{}` for an empty structure.
SUCCESS_OUTPUT_MEMBERS = ()

# Not on the page: the generic error a Smithy/awsJson service raises for constraint violations.
# Accepted (as a deviation) unless the suite runs with --strict-errors.
COMMON_VALIDATION_ERROR = "ValidationException"
# awsJson1.1 protocol errors any endpoint may raise for a malformed request.
UNKNOWN_OPERATION_ERROR = "UnknownOperationException"
SERIALIZATION_ERROR = "SerializationException"
MISSING_AUTH_ERROR = "MissingAuthenticationTokenException"
INVALID_SIGNATURE_ERROR = "InvalidSignatureException"
UNRECOGNIZED_CLIENT_ERROR = "UnrecognizedClientException"

# Errors of the neighbouring operations the suite and the emulator use around RegisterMailDomain.
MAIL_DOMAIN_NOT_FOUND_ERROR = "MailDomainNotFoundException"
MAIL_DOMAIN_STATE_ERROR = "MailDomainStateException"
NAME_AVAILABILITY_ERROR = "NameAvailabilityException"

# States DescribeOrganization reports. Only Active admits RegisterMailDomain.
ORGANIZATION_STATES = ("Creating", "Active", "Deleting", "Deleted", "Failed")
ACTIVE_STATE = "Active"
