"""Organizations and domains a run needs: made through the API, named for the run, always cleaned up.

Only the neighbouring WorkMail operations are used here (CreateOrganization, DescribeOrganization,
DeleteOrganization, DeregisterMailDomain, ListMailDomains, GetMailDomain). Where an endpoint lacks
one, the checks that need it say "not verifiable" instead of guessing; cleanup never raises.
"""

import contextlib
import itertools
import threading
import time
import unittest

from contract import CONTRACT, ERRORS


class ProvisioningError(RuntimeError):
    """The suite could not set up what a check needs; the message says what to pass instead."""


class NotVerifiable(unittest.SkipTest):
    """The endpoint does not offer what a check needs to verify its claim (e.g. ListMailDomains).

    A SkipTest, so that wherever it is raised (inside Hypothesis too, which re-raises skips at once
    instead of shrinking them) the check is reported as not verifiable, never as passed or failed.
    """

    def __init__(self, why):
        super().__init__(f"not verifiable: {why}")


class Resources:
    def __init__(self, transport, run_id, activation_timeout, keep=False, may_create=True):
        self.transport = transport
        self.may_create = may_create
        self.run_id = run_id
        self.activation_timeout = activation_timeout
        self.keep = keep
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.created_organizations = []  # ids, in creation order
        # (organization id, lower-case domain) -> the spelling sent: what this run registered and has not removed.
        # Keyed without case because a correct endpoint treats NAME and name as one domain.
        self.registered = {}
        self.cleaned = False

    # -- organizations ---------------------------------------------------------------------------
    def create_organization(self, wait_active=True):
        if not self.may_create:
            raise ProvisioningError("this run may not create organizations on AWS "
                                    "(pass the --*-organization-id options, or --allow-create-organizations)")
        alias = f"rmd-{self.run_id}-{next(self._counter)}"
        exchange = self.transport.call("CreateOrganization", {"Alias": alias})
        document = _ok_json(exchange)
        organization_id = document.get("OrganizationId") if isinstance(document, dict) else None
        if not organization_id:
            raise ProvisioningError(
                f"CreateOrganization did not give an organization: {_describe(exchange)}. "
                "Pass --organization-id (and --second-organization-id) for endpoints where the suite "
                "cannot create organizations.")
        with self._lock:
            self.created_organizations.append(organization_id)
        if wait_active:
            self.wait_for_state(organization_id, CONTRACT.active_state)
        return organization_id

    def describe(self, organization_id):
        """DescribeOrganization's answer as a dict, or None when it says not found."""
        exchange = self.transport.call("DescribeOrganization", {"OrganizationId": organization_id})
        if exchange.response is not None and exchange.response.error_type() == ERRORS.ORGANIZATION_NOT_FOUND:
            return None
        document = _ok_json(exchange)
        if not isinstance(document, dict):
            raise NotVerifiable(f"DescribeOrganization is not usable here: {_describe(exchange)}")
        return document

    def state(self, organization_id):
        document = self.describe(organization_id)
        return None if document is None else document.get("State")

    def wait_for_state(self, organization_id, wanted, timeout=None):
        deadline = time.monotonic() + (timeout or self.activation_timeout)
        delay = 0.05
        while True:
            try:
                state = self.state(organization_id)
            except NotVerifiable as why:
                raise ProvisioningError(f"cannot tell when organization {organization_id} is {wanted}: {why}") from None
            if state == wanted:
                return
            if time.monotonic() > deadline:
                raise ProvisioningError(
                    f"organization {organization_id} is {state!r}, not {wanted!r}, after "
                    f"{timeout or self.activation_timeout:g} s (raise --activation-timeout?)")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    def delete_organization(self, organization_id):
        exchange = self.transport.call("DeleteOrganization", {"OrganizationId": organization_id,
                                                              "DeleteDirectory": True, "ForceDelete": True})
        if exchange.status != 200:
            raise ProvisioningError(f"DeleteOrganization failed for {organization_id}: {_describe(exchange)}")
        with self._lock:
            self.registered = {k: d for k, d in self.registered.items() if k[0] != organization_id}

    def delete_and_wait(self, organization_id):
        """Delete, then wait until DescribeOrganization says Deleted (or no longer knows it).

        A real service passes through Deleting; only a finished deletion promises its domains are free.
        """
        self.delete_organization(organization_id)
        deadline = time.monotonic() + self.activation_timeout
        while self.state(organization_id) not in (None, "Deleted"):
            if time.monotonic() > deadline:
                raise ProvisioningError(f"organization {organization_id} was not Deleted after "
                                        f"{self.activation_timeout:g} s")
            time.sleep(0.1)

    def inactive_organization(self):
        """A fresh organization, deleted, so that DescribeOrganization reports it not Active."""
        organization_id = self.create_organization()
        self.delete_organization(organization_id)
        return organization_id

    # -- domains ---------------------------------------------------------------------------------
    def track(self, organization_id, domain):
        with self._lock:
            self.registered.setdefault((organization_id, domain.lower()), domain)

    def deregister(self, organization_id, domain):
        exchange = self.transport.call("DeregisterMailDomain", {"OrganizationId": organization_id,
                                                                "DomainName": domain})
        with self._lock:
            self.registered.pop((organization_id, domain.lower()), None)
        return exchange

    @contextlib.contextmanager
    def scratch(self):
        """Whatever gets registered inside the block is deregistered when it ends, even on failure.

        Each Hypothesis example runs in one, so a failing example cannot leave state that changes the
        next example's outcome: shrinking and replay then see the endpoint as the first run saw it.
        """
        with self._lock:
            before = set(self.registered)
        try:
            yield
        finally:
            with self._lock:
                added = [(key[0], domain) for key, domain in self.registered.items() if key not in before]
            for organization_id, domain in added:
                self.deregister(organization_id, domain)

    def list_domains(self, organization_id):
        """Every domain ListMailDomains gives for the organization, following NextToken."""
        names, token, pages = [], None, 0
        while True:
            body = {"OrganizationId": organization_id}
            if token:
                body["NextToken"] = token
            exchange = self.transport.call("ListMailDomains", body)
            document = _ok_json(exchange)
            if not isinstance(document, dict) or not isinstance(document.get("MailDomains", []), list):
                raise NotVerifiable(f"ListMailDomains is not usable here: {_describe(exchange)}")
            names += [d.get("DomainName") for d in document.get("MailDomains", []) if isinstance(d, dict)]
            token = document.get("NextToken")
            pages += 1
            if not token:
                return names
            if pages > 1000:
                raise NotVerifiable("ListMailDomains kept returning NextToken for more than 1000 pages")

    def get_domain(self, organization_id, domain):
        return self.transport.call("GetMailDomain", {"OrganizationId": organization_id, "DomainName": domain})

    # -- cleanup ---------------------------------------------------------------------------------
    def cleanup(self):
        """Remove what this run made, once; returns lines for the user (never raises)."""
        if self.cleaned:
            return []
        self.cleaned = True
        organizations, domains = self.kept()
        if self.keep:
            return [f"kept (--keep-resources): organizations {organizations or 'none'}; "
                    f"domains {[f'{d} in {o}' for o, d in domains] or 'none'}"]
        problems = []
        for organization_id, domain in domains:
            try:
                exchange = self.deregister(organization_id, domain)
                if exchange.status not in (200, 400):
                    problems.append(f"DeregisterMailDomain {domain} in {organization_id}: {_describe(exchange)}")
            except Exception as why:  # cleanup must never cascade into other failures
                problems.append(f"DeregisterMailDomain {domain} in {organization_id}: {why}")
        for organization_id in organizations:
            try:
                if self.state(organization_id) not in (None, "Deleted", "Deleting"):
                    self.delete_organization(organization_id)
            except Exception as why:
                problems.append(f"DeleteOrganization {organization_id}: {why}")
        lines = [f"cleanup could not finish: {problem}" for problem in problems]
        if not problems and (organizations or domains):
            left = f" and deregistered the {len(domains)} domains it had left" if domains else ""
            lines.append(f"cleaned up: deleted the {len(organizations)} organizations this run created{left}")
        return lines

    def kept(self):
        with self._lock:
            return list(self.created_organizations), sorted((o, d) for (o, _), d in self.registered.items())


def _ok_json(exchange):
    if exchange.response is None or exchange.response.status != 200:
        return None
    try:
        return exchange.response.json()
    except ValueError:
        return None


def _describe(exchange):
    if exchange.response is None:
        return exchange.problem or "no response"
    response = exchange.response
    name = response.error_type() or response.error_type_header()
    return f"HTTP {response.status}" + (f" {name}: {response.message() or ''}" if name else "")
