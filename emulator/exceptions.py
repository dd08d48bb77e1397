"""One small class per AWS error the emulator can answer with.

The names come from :data:`contract.ERRORS`; nothing here spells an error name. The models raise
these, the wire layer (:mod:`emulator.responses`) turns them into awsJson1.1 error bodies, and a
token record stores the instance itself so that a replay answers with exactly the same error.
"""

from contract import ERRORS


class AwsError(Exception):
    """An error the client sees as `{"__type": name, "Message": message}` with `status`."""

    name = None
    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __repr__(self):
        return f"{type(self).__name__}({self.message!r})"


class InvalidParameter(AwsError):
    name = ERRORS.INVALID_PARAMETER


class LimitExceeded(AwsError):
    name = ERRORS.LIMIT_EXCEEDED


class MailDomainInUse(AwsError):
    name = ERRORS.MAIL_DOMAIN_IN_USE


class OrganizationNotFound(AwsError):
    name = ERRORS.ORGANIZATION_NOT_FOUND


class OrganizationState(AwsError):
    name = ERRORS.ORGANIZATION_STATE


class MailDomainNotFound(AwsError):
    name = ERRORS.MAIL_DOMAIN_NOT_FOUND


class MailDomainState(AwsError):
    name = ERRORS.MAIL_DOMAIN_STATE


class NameAvailability(AwsError):
    name = ERRORS.NAME_AVAILABILITY


class UnknownOperation(AwsError):
    name = ERRORS.UNKNOWN_OPERATION


class Serialization(AwsError):
    name = ERRORS.SERIALIZATION


class MissingAuthenticationToken(AwsError):
    # AWS JSON services such as DynamoDB answer 400 here; API Gateway fronted ones answer 403.
    # 400 keeps it beside the other "your request is malformed" errors; botocore parses either.
    name = ERRORS.MISSING_AUTHENTICATION


class InvalidSignature(AwsError):
    name = ERRORS.INVALID_SIGNATURE
    status = 403


class UnrecognizedClient(AwsError):
    name = ERRORS.UNRECOGNIZED_CLIENT
    status = 403
