"""State faults: organizations, ownership, the quota, the effect of a registration and its removal."""

import time

from emulator import models
from emulator.exceptions import (InvalidParameter, MailDomainInUse, MailDomainNotFound,
                                 OrganizationNotFound, OrganizationState)
from gallery._shared import (RACE_WINDOW, DOMAIN as _DOMAIN, OPERATION as _OPERATION, refused_while_in_flight,
                             replace_seams)
from gallery.variants import LaggingReads



def _deregister_lowercase_only(self, organization_id, domain_name):
    """An over-strict DeregisterMailDomain: the name must be lower case."""
    if domain_name != domain_name.lower():
        raise InvalidParameter(f"{_DOMAIN} must be lower case to be deregistered.")
    return models.Backend.deregister_mail_domain(self, organization_id, domain_name)


def _active_allowing(*states):
    def _active_organization(self, organization_id, operation):
        organization = self._organization(organization_id)
        state = organization.state(time.monotonic())
        if state != models.ACTIVE and not (operation == _OPERATION and state in states):
            raise OrganizationState(f"Organization {organization_id} is in state {state}.")
        return organization
    return _active_organization


def _unknown_org_as_state(self, organization_id):
    organization = self._organizations.get(organization_id)
    if organization is None:
        raise OrganizationState(f"Organization {organization_id} is not available.")
    return organization


def _deleted_as_not_found(self, organization_id, operation):
    organization = self._organization(organization_id)
    state = organization.state(time.monotonic())
    if state == models.DELETED:
        raise OrganizationNotFound(f"Organization {organization_id} does not exist.")
    if state != models.ACTIVE:
        raise OrganizationState(f"Organization {organization_id} is in state {state}.")
    return organization


def _no_claim_check(self, organization_id, key, name):
    return None


def _quota_off_by(extra):
    """A quota `extra` domains off."""
    def _check_quota(self, organization):
        limit = self.config.max_domains_per_org + extra
        if len(organization.domains) >= limit:
            raise models.LimitExceeded(f"Organization {organization.id} is at its limit ({limit}).")
    return _check_quota


def _quota_missing(self, organization):
    return None  # no quota: any number of domains


def _no_effect(self, organization_id, name):
    self._active_organization(organization_id, _OPERATION)  # still refuses a missing or inactive organization
    self._claimable(organization_id, self._domain_key(name), name)
    return {}


def _second_registration(self, organization_id, name):
    organization = self._active_organization(organization_id, _OPERATION)
    key = self._domain_key(name)
    self._claimable(organization_id, key, name)
    slot = key
    while slot in organization.domains:  # a re-registration is stored again under another key
        slot += "\0"
    organization.domains[slot] = models.MailDomain(name)
    self._owners[key] = organization.id
    return {}


def _unlisted(self, organization_id, max_results, next_token):
    listed = models.Backend.list_mail_domains(self, organization_id, max_results, next_token)
    listed["MailDomains"] = [d for d in listed["MailDomains"] if d["DefaultDomain"]]
    return listed


def _get_not_found(self, organization_id, domain_name):
    with self._lock:
        self._active_organization(organization_id, "GetMailDomain")
    raise MailDomainNotFound(f"The domain {domain_name} is not registered to organization {organization_id}.")


def _deregister_keeps_owner(self, organization_id, domain_name):
    with self._lock:
        organization = self._active_organization(organization_id, "DeregisterMailDomain")
        organization.domains.pop(self._domain_key(domain_name), None)  # the owner entry stays behind
        return {}


def _delete_keeps_domains(self, organization_id):
    organization = self._organization(organization_id)
    if organization.deleted:
        raise OrganizationState(f"Organization {organization_id} is already {models.DELETED}.")
    organization.deleted = True  # its domains stay owned by a deleted organization
    self._aliases.pop(organization.alias.lower(), None)
    return {"OrganizationId": organization_id, "State": models.DELETED}


def _racy_register(self, organization_id, domain_name, token=None):
    """Check under the lock, sleep, act under the lock: two organizations both pass the check."""
    key = self._domain_key(domain_name)
    with self._lock:
        self._active_organization(organization_id, _OPERATION)
        self._claimable(organization_id, key, domain_name)
    time.sleep(RACE_WINDOW)
    with self._lock:
        # Everything but the ownership check, repeated: tokens and the quota behave, so only the race shows.
        self._claimable = lambda *args: None  # shadows the method for this call only
        try:
            return self._idempotent(_OPERATION, organization_id, token, key,
                                    lambda: self._register(organization_id, domain_name))
        finally:
            del self._claimable


# A registration in progress makes concurrent identical requests fail as MailDomainInUse.
_in_flight_register = refused_while_in_flight(
    lambda backend, organization_id, domain_name, token: (organization_id, backend._domain_key(domain_name)),
    lambda name: MailDomainInUse(f"The domain {name} is being registered."), RACE_WINDOW)


def _deregister_owner_by_spelling(self, organization_id, domain_name):
    """The ownership record is dropped under the name as sent, not its canonical key: a deregistration in other
    letter case leaves the domain claimed."""
    with self._lock:
        organization = self._active_organization(organization_id, "DeregisterMailDomain")
        key = self._domain_key(domain_name)
        if key in organization.domains:
            del organization.domains[key]
            self._owners.pop(domain_name, None)
        return {}


def _deregister_any_owner(self, organization_id, domain_name):
    """A deregistration in an organization that does not hold the domain frees the holder's claim."""
    with self._lock:
        self._active_organization(organization_id, "DeregisterMailDomain")
        self._owners.pop(self._domain_key(domain_name), None)
    return models.Backend.deregister_mail_domain(self, organization_id, domain_name)


STATE_CACHE = 2.0  # seconds an organization's Active state is cached by "organization-state-cached"


def _cached_active(self, organization_id, operation):
    """RegisterMailDomain caches an organization's Active state for a while: a just-deleted one still takes
    registrations."""
    cache = self.__dict__.setdefault("_active_cache", {})
    if operation == _OPERATION and time.monotonic() - cache.get(organization_id, -1e9) < STATE_CACHE:
        return self._organization(organization_id)
    organization = models.Backend._active_organization(self, organization_id, operation)
    cache[organization_id] = time.monotonic()
    return organization


class _QuotaNeverFreed(models.Backend):
    """The quota counts registrations, and a deregistration never gives a slot back."""

    def _check_quota(self, organization):
        counts = self.__dict__.setdefault("_registered_ever", {})
        if counts.get(organization.id, 0) >= self.config.max_domains_per_org:
            raise models.LimitExceeded(f"Organization {organization.id} has used its "
                                       f"{self.config.max_domains_per_org} mail domains.")
        counts[organization.id] = counts.get(organization.id, 0) + 1


def _lagging_beyond(seconds):
    class LaggingFar(LaggingReads):
        lag = seconds
    return lambda config: replace_seams(config, backend=LaggingFar)
