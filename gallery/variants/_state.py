"""State variants: how a conforming endpoint may hold, list, release and forget what it registered."""

import time

from emulator import models
from emulator.exceptions import (InvalidParameter, MailDomainInUse, OrganizationNotFound, OrganizationState)
from gallery._shared import (OPERATION as _OPERATION, TransactionInProgress, backend_with,
                             refused_while_in_flight)

SLOW_ACTIVATION = 1.5  # seconds an organization stays Creating under "slow-activation"
READ_LAG = 0.5  # seconds reads lag behind writes under "eventually-consistent-reads"
DELETING = 1.0  # seconds an organization stays Deleting under "deleting-state"
IN_FLIGHT = 0.01  # seconds a registration stays in flight under "in-flight-conflict"
RELEASE_LAG = 0.5  # seconds a deregistered domain stays claimed under "deregister-releases-later"
# A long --domain-suffix within the option's limit: two 63-character labels (DNS's maximum) and a parent.
LONG_SUFFIX = f"{'a' * 63}.{'b' * 63}.conformance.test"


def reregister_in_use(self, organization_id, name):
    """Backend._register that answers MailDomainInUse for a domain the organization already holds."""
    organization = self._active_organization(organization_id, _OPERATION)
    key = self._domain_key(name)
    self._claimable(organization_id, key, name)
    if key in organization.domains:
        raise MailDomainInUse(f"The domain {name} is already registered to this organization.")
    return models.Backend._register(self, organization_id, name)


def _holds(backend, organization_id, key):
    """Whether the organization holds the domain now (read before a deregistration changes it)."""
    with backend._lock:
        organization = backend._organizations.get(organization_id)
        return organization is not None and key in organization.domains


def _deregister_then(backend, deregister, organization_id, domain_name, released):
    """deregister(organization id, domain name) (the class's parent's); then, when the organization held the
    domain, released(key) under the lock."""
    key = backend._domain_key(domain_name)
    held = _holds(backend, organization_id, key)
    result = deregister(organization_id, domain_name)
    if held:
        with backend._lock:
            released(key)
    return result


class LaggingReads(models.Backend):
    """ListMailDomains and GetMailDomain show the state as it was `lag` seconds ago: a registration
    appears, and a removal disappears, that much later (as reads of many AWS services do)."""

    lag = READ_LAG

    def __init__(self, config):
        super().__init__(config)
        self._changes = {}  # (organization id, key) -> [(monotonic time, name or None when removed)]

    def _note(self, organization_id, key, name):
        self._changes.setdefault((organization_id, key), []).append((time.monotonic(), name))

    def _add_domain(self, organization, key, name):
        super()._add_domain(organization, key, name)
        self._note(organization.id, key, name)

    def _release_domains(self, organization):
        for key in organization.domains:
            self._note(organization.id, key, None)
        super()._release_domains(organization)

    def deregister_mail_domain(self, organization_id, domain_name):
        return _deregister_then(self, super().deregister_mail_domain, organization_id, domain_name,
                                lambda key: self._note(organization_id, key, None))

    def _visible(self, organization_id):
        horizon = time.monotonic() - self.lag
        shown = {}
        for (owner, key), changes in self._changes.items():
            settled = [name for at, name in changes if at <= horizon]
            if owner == organization_id and settled and settled[-1] is not None:
                shown[key] = models.MailDomain(settled[-1])
        return shown

    def list_mail_domains(self, organization_id, max_results, next_token):
        with self._lock:
            organization = self._active_organization(organization_id, "ListMailDomains")
            page, token = models._page(sorted(self._visible(organization_id).items()), max_results, next_token,
                                       scope=organization_id, key_type=str)
            domains = [{"DomainName": d.name, "DefaultDomain": self._domain_key(d.name) == organization.default_key}
                       for d in page]
            return models._with_token({"MailDomains": domains}, token)

    def get_mail_domain(self, organization_id, domain_name):
        with self._lock:
            self._active_organization(organization_id, "GetMailDomain")
            seen = self._domain_key(domain_name) in self._visible(organization_id)
        if not seen:
            raise models.MailDomainNotFound(f"The domain {domain_name} is not registered to organization "
                                            f"{organization_id}.")
        return super().get_mail_domain(organization_id, domain_name)


def _pages_of_one(self, organization_id, max_results, next_token):
    return models.Backend.list_mail_domains(self, organization_id, 1, next_token)


def _deregister_unknown_refused(self, organization_id, domain_name):
    with self._lock:
        organization = self._active_organization(organization_id, "DeregisterMailDomain")
        if self._domain_key(domain_name) not in organization.domains:
            raise InvalidParameter(f"The domain {domain_name} is not registered to organization {organization_id}.")
    return models.Backend.deregister_mail_domain(self, organization_id, domain_name)


def _default_domain(counted):
    """Every new organization holds a test domain <alias>.awsapps.com, its default, as WorkMail creates;
    counted toward the domains-per-organization quota or not."""
    def _create_organization(self, alias, directory_id, domains, kms_key_arn, interoperability_enabled):
        created = models.Backend._create_organization(self, alias, directory_id, domains, kms_key_arn,
                                                      interoperability_enabled)
        organization = self._organizations[created["OrganizationId"]]
        name = f"{alias.lower()}.awsapps.com"
        key = self._domain_key(name)
        self._add_domain(organization, key, name)
        organization.default_key = key
        return created

    def _check_quota(self, organization):
        held = len(organization.domains) - (0 if counted else 1)
        if held >= self.config.max_domains_per_org:
            raise models.LimitExceeded(f"Organization {organization.id} holds {held} mail domains, its limit.")

    return backend_with(_create_organization=_create_organization, _check_quota=_check_quota)


def _lowercase_storage(self, organization, key, name):
    models.Backend._add_domain(self, organization, key, name.lower())


def _token_reuse_replayed(self, operation, organization_id, token, fingerprint, action):
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint != fingerprint:
        return record.replay()  # the first request's answer, whatever was asked this time
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


class DeletingState(models.Backend):
    """DeleteOrganization leaves the organization Deleting for a while before it is Deleted."""

    def __init__(self, config):
        super().__init__(config)
        self._deleting_until = {}

    def _delete_organization(self, organization_id):
        result = super()._delete_organization(organization_id)
        self._deleting_until[organization_id] = time.monotonic() + DELETING
        return result

    def _state(self, organization, now):
        if organization.deleted and now < self._deleting_until.get(organization.id, 0):
            return "Deleting"
        return organization.state(now)

    def _active_organization(self, organization_id, operation):
        organization = self._organization(organization_id)
        state = self._state(organization, time.monotonic())
        if state != models.ACTIVE:
            raise OrganizationState(f"Organization {organization_id} is in state {state}.")
        return organization

    def _description(self, organization, now):
        described = super()._description(organization, now)
        described["State"] = self._state(organization, now)
        return described


def _deleted_forgotten(self, organization_id):
    organization = self._organizations.get(organization_id)
    if organization is None or organization.deleted:
        raise OrganizationNotFound(f"Organization {organization_id} does not exist.")
    return organization


def _in_flight_conflict():
    """A duplicate of a registration still in flight gets TransactionInProgressException (retryable), as
    DynamoDB answers a ClientRequestToken in flight; once the first is done, retries are replayed."""
    register = refused_while_in_flight(
        lambda backend, organization_id, domain_name, token: None if token is None else (organization_id, token),
        lambda _name: TransactionInProgress("A request with this ClientToken is still in progress."), IN_FLIGHT)
    return backend_with(register_mail_domain=register)


class AsyncRelease(models.Backend):
    """DeregisterMailDomain answers at once and the domain leaves the listing, but its claim is released a
    moment later: registering it elsewhere meanwhile answers MailDomainInUse."""

    def __init__(self, config):
        super().__init__(config)
        self._releasing = {}  # canonical key -> (organization id, monotonic time the claim goes)

    def deregister_mail_domain(self, organization_id, domain_name):
        return _deregister_then(self, super().deregister_mail_domain, organization_id, domain_name,
                                lambda key: self._releasing.__setitem__(key, (organization_id,
                                                                              time.monotonic() + RELEASE_LAG)))

    def _claimable(self, organization_id, key, name):
        releasing = self._releasing.get(key)
        if releasing is not None and time.monotonic() < releasing[1] and releasing[0] != organization_id:
            raise MailDomainInUse(f"The domain {name} is still being released.")
        return super()._claimable(organization_id, key, name)
