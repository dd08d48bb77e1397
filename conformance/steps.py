"""Small steps the checks share: build a request body, register, release what was registered."""

import hashlib

from contract import CONTRACT, ERRORS
from conformance.failures import ConformanceFailure
from conformance.resources import Resources

OPERATION = CONTRACT.operation


def request_body(organization_id, domain, token=None):
    body = {CONTRACT.organization.name: organization_id, CONTRACT.domain.name: domain}
    if token is not None:
        body[CONTRACT.token.name] = token
    return body


def register(transport, body):
    return transport.call(OPERATION, body)


def accepted(exchange):
    return exchange.response is not None and exchange.response.status == CONTRACT.success_status


def track_if_accepted(resources: Resources, exchange, body):
    """Whatever the endpoint accepted, right or wrong, is the run's to clean up."""
    organization_id = body.get(CONTRACT.organization.name)
    domain = body.get(CONTRACT.domain.name)
    if accepted(exchange) and isinstance(organization_id, str) and isinstance(domain, str):
        resources.track(organization_id, domain)


def send(transport, resources, body):
    """Register, and keep whatever the endpoint accepted on the run's clean-up list."""
    exchange = register(transport, body)
    track_if_accepted(resources, exchange, body)
    return exchange


def register_ok(transport, judge, resources, requirement_id, organization_id, domain, token=None):
    """Register a domain that must be accepted; a refusal fails requirement_id."""
    exchange = send(transport, resources, request_body(organization_id, domain, token))
    judge.success(exchange, requirement_id)
    return exchange


def release(resources, organization_id, domain):
    """Deregister a domain this check registered; the endpoint must take back what it accepted."""
    __tracebackhide__ = True
    exchange = resources.deregister(organization_id, domain)
    # Any 2xx took it back; DeregisterMailDomain's own status code is not what this suite judges.
    if exchange.status is None or not 200 <= exchange.status < 300:
        # Otherwise the organization silently fills up and later checks fail for the wrong reason.
        raise ConformanceFailure("RMD-EFFECT-DEREGISTRABLE", f"DeregisterMailDomain of {domain!r} succeeds",
                                 _answer(exchange), exchange)
    return exchange


def _answer(exchange):
    if exchange.response is None:
        return exchange.problem or "no response"
    name = exchange.response.error_type() or exchange.response.error_type_header()
    return f"HTTP {exchange.response.status} {name or ''}".strip()


def domain_for_token(token, suffix):
    """A domain name derived from a token, so a repeated token always repeats its whole request."""
    return f"tok-{hashlib.sha256(token.encode()).hexdigest()[:16]}.{suffix}"


def in_use_by_someone_else(exchange):
    """A short name outside our suffix may really be in use elsewhere: not the endpoint's fault."""
    response = exchange.response
    return response is not None and response.status == 400 and response.error_type() == ERRORS.MAIL_DOMAIN_IN_USE


def same_name(a, b):
    """DNS names compare without regard to letter case."""
    return isinstance(a, str) and isinstance(b, str) and a.lower() == b.lower()


def expect_listed_once(resources, requirement_id, organization_id, domain, exchange):
    """The domain is registered exactly once in the organization, per ListMailDomains."""
    __tracebackhide__ = True
    seen = count_listed(resources, organization_id, domain)
    if seen != 1:
        raise ConformanceFailure(requirement_id, f"{domain} listed once by ListMailDomains in {organization_id}",
                                 f"listed {seen} times", exchange)


def count_listed(resources, organization_id, domain):
    """How many times ListMailDomains shows the domain (any letter case) for the organization."""
    return sum(same_name(listed, domain) for listed in resources.list_domains(organization_id))
