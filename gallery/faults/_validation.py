"""Validation faults: one member's rules relaxed, tightened or read before they are checked."""

import dataclasses

from contract import (CONTRACT, READING_FULLMATCH, RULE_MAX_LENGTH, RULE_MIN_LENGTH, RULE_PATTERN,
                      RULE_REQUIRED, RULE_TYPE)
from emulator import models, validation
from emulator.exceptions import (InvalidParameter, MailDomainInUse, OrganizationNotFound)
from gallery._shared import (DOMAIN as _DOMAIN, OPERATION as _OPERATION, ORG as _ORG, TOKEN as _TOKEN,
                             replace_seams, validate_with)




def _bounds(member_name, low_delta=0, high_delta=0):
    member = CONTRACT.members[member_name]
    return {member_name: dataclasses.replace(member, min_length=member.min_length + low_delta,
                                             max_length=member.max_length + high_delta)}


def _validating(**kwargs):
    return lambda config: replace_seams(config, validate=validate_with(**kwargs))


class _TolerantBackend(models.Backend):
    """Answers a registration whose DomainName validation let through as None: success, no effect."""

    def register_mail_domain(self, organization_id, domain_name, token=None):
        if domain_name is None:
            return {}
        if organization_id is None or CONTRACT.organization.violated_rules(organization_id):
            return {}  # "no organization given": nothing to do, so nothing done
        return super().register_mail_domain(organization_id, domain_name, token)


def _tolerant_validation(**kwargs):
    return lambda config: replace_seams(config, validate=validate_with(**kwargs), backend=_TolerantBackend)


def _non_ascii_crash(config):
    def validate(operation, body):
        value = body.get(_DOMAIN)
        if isinstance(value, str):
            value.encode("ascii")  # UnicodeEncodeError: the server answers 500
        return config.seams.validate(operation, body)
    return replace_seams(config, validate=validate)


def _token_required(config):
    def validate(operation, body):
        if operation == _OPERATION and _TOKEN not in body:
            raise InvalidParameter(f"{_TOKEN} is required.")
        return validation.validate(operation, body)
    return replace_seams(config, validate=validate)


def _search_only_in_use(config):
    def validate(operation, body):
        value = body.get(_DOMAIN) if operation == _OPERATION else None
        if isinstance(value, str) and not CONTRACT.domain.violated_rules(value) \
                and not CONTRACT.domain.matches(value, READING_FULLMATCH):
            raise MailDomainInUse(f"The domain {value} is already registered to another organization.")
        validation.validate(operation, body)
    return replace_seams(config, validate=validate)


def _malformed_org_not_found(config):
    def validate(operation, body):
        if operation == _OPERATION:
            value = body.get(_ORG)
            if isinstance(value, str) and CONTRACT.organization.violated_rules(value) - {RULE_REQUIRED, RULE_TYPE}:
                raise OrganizationNotFound(f"Organization {value} does not exist.")
        return validation.validate(operation, body)
    return replace_seams(config, validate=validate)


class _LookupFirstBackend(models.Backend):
    """Looks the organization up before the DomainName is validated."""

    def register_mail_domain(self, organization_id, domain_name, token=None):
        with self._lock:
            self._organization(organization_id)
        problems = validation.member_violations(CONTRACT.domain, domain_name, True)
        if problems:
            raise InvalidParameter("; ".join(problems))
        return super().register_mail_domain(organization_id, domain_name, token)


def _validation_after_lookup(config):
    defer = validate_with(ignore={(_DOMAIN, RULE_MIN_LENGTH), (_DOMAIN, RULE_MAX_LENGTH), (_DOMAIN, RULE_PATTERN)},
                           skip_dns=lambda value: True)
    return replace_seams(config, validate=defer, backend=_LookupFirstBackend)


def _empty_token_as_absent(config):
    """A careless `if body.get("ClientToken"):` — an empty token is taken for no token, not refused."""
    def validate(operation, body):
        if operation == _OPERATION and body.get(_TOKEN) == "":
            body.pop(_TOKEN)
        return validation.validate(operation, body)
    return replace_seams(config, validate=validate)


def _org_length_unchecked(shorter):
    org = CONTRACT.organization

    def build(config):
        def validate(operation, body):
            value = body.get(_ORG)
            if operation == _OPERATION and isinstance(value, str) and (
                    len(value) < org.min_length if shorter else len(value) > org.max_length):
                body.setdefault(_DOMAIN, None)  # the tolerant backend answers such a request with nothing done
                return None  # accepted as it is; the backend finds nothing to do
            return validation.validate(operation, body)
        return replace_seams(config, validate=validate, backend=_TolerantBackend)
    return build


def _normalised_domain(normalise):
    """Every operation rewrites DomainName with `normalise` before it validates it, so the name checked is not
    the name sent."""
    def build(config):
        validate = config.seams.validate

        def normalising(operation, body):
            if isinstance(body.get(_DOMAIN), str):
                body[_DOMAIN] = normalise(body[_DOMAIN])
            return validate(operation, body)
        return replace_seams(config, validate=normalising)
    return build


def _labels_under(longest):
    """DNS labels are allowed up to `longest` characters, one short of the 63 DNS allows."""
    def build(config):
        validate = config.seams.validate

        def strict(operation, body):
            value = body.get(_DOMAIN)
            if operation == _OPERATION and isinstance(value, str) and any(len(l) > longest for l in value.split(".")):
                raise InvalidParameter(f"{_DOMAIN}: labels may be at most {longest} characters.")
            return validate(operation, body)
        return replace_seams(config, validate=strict)
    return build


def _uppercase_org_not_found(config):
    """An OrganizationId in upper-case hex is looked up (and not found) instead of refused as malformed."""
    validate = config.seams.validate

    def lenient(operation, body):
        value = body.get(_ORG)
        if operation == _OPERATION and isinstance(value, str) and CONTRACT.organization.matches(
                value.lower(), READING_FULLMATCH) and value != value.lower():
            raise OrganizationNotFound(f"Organization {value} does not exist.")
        return validate(operation, body)
    return replace_seams(config, validate=lenient)
