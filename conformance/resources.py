"""Organizations and domains a run needs: made through the API, named for the run, always cleaned up.

Only the neighbouring WorkMail operations are used here (CreateOrganization, DescribeOrganization,
DeleteOrganization, DeregisterMailDomain, ListMailDomains, GetMailDomain). Where an endpoint lacks one,
the checks that need it are blocked with that reason instead of guessing; cleanup never raises and never
judges. Every register answer that is not a clear refusal is tracked, so nothing the endpoint may have
registered is left behind; at the end the run sweeps each organization it used for domains bearing its
label.
"""

import collections
import concurrent.futures
import contextlib
import dataclasses
import functools
import itertools
import threading
import time
import uuid

from contract import CONTRACT, ERRORS
from conformance.room import Room
from conformance.verdicts import NotVerifiable

# How long to wait between reads of a state that has not arrived yet: first at once, then backing off.
FIRST_POLL = 0.02
LONGEST_POLL = 0.05
MAX_PAGES = 1000


class ProvisioningError(RuntimeError):
    """The suite could not set up what a check needs; the message says what to pass instead."""


class MayNotCreate(ProvisioningError):
    """The run may not create organizations (a live AWS endpoint without --allow-create-organizations)."""


@dataclasses.dataclass
class Registration:
    spelling: str  # the name as sent
    accepted: bool  # the endpoint answered 2xx (only those are judged when released)


def poll(read, holds, timeout, sleep=time.sleep):
    """Read until holds(value) or `timeout` seconds passed: (last value, seconds waited, held).

    The first read is immediate, so a consistent endpoint costs one read (and waited is 0).
    """
    started = time.monotonic()
    delay = FIRST_POLL
    first = True
    while True:
        value = read()
        waited = 0.0 if first else time.monotonic() - started
        first = False
        if holds(value):
            return value, waited, True
        if waited >= timeout:
            return value, waited, False
        sleep(min(delay, max(0.0, timeout - waited)))
        delay = min(delay * 2, LONGEST_POLL)


class Resources:
    def __init__(self, transport, run_id, activation_timeout, consistency_timeout=5.0, domain_suffix=None,
                 keep=False, may_create=True, given=(), concurrency=1):
        self.transport = transport
        self.concurrency = concurrency  # requests each_at_once may keep in flight
        self._pool = None
        self.may_create = may_create
        self.run_id = run_id
        self.activation_timeout = activation_timeout
        self.consistency_timeout = consistency_timeout
        self.domain_suffix = domain_suffix
        self.keep = keep
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.created_organizations = []  # ids, in creation order
        self.given_organizations = [o for o in given if o]
        # (organization id, lower-case domain) -> Registration: what this run may have registered and not removed.
        # Keyed without case because a correct endpoint treats NAME and name as one domain.
        self.registered = {}
        self._frames = threading.local()  # this thread's open scratch blocks: the keys each has registered
        self.unlabelled = set()  # names registered that do not carry the run label: removed at once, reported
        self.room = Room(self)  # how many examples may hold domains at once
        self.cleaned = False

    # -- organizations ---------------------------------------------------------------------------
    def create_organization(self, wait_active=True):
        if not self.may_create:
            raise MayNotCreate("this run may not create organizations on AWS "
                                    "(pass the --*-organization-id options, or --allow-create-organizations)")
        alias = f"rmd-{self.run_id}-{next(self._counter)}"
        exchange = self.transport.call("CreateOrganization", {"Alias": alias})
        document = _ok_json(exchange)
        organization_id = document.get("OrganizationId") if isinstance(document, dict) else None
        if not organization_id:
            raise ProvisioningError(
                f"CreateOrganization did not give an organization: {describe(exchange)}. "
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
        if exchange.response is not None and exchange.response.error_name() == ERRORS.ORGANIZATION_NOT_FOUND:
            return None
        document = _ok_json(exchange)
        if not isinstance(document, dict):
            raise NotVerifiable("operation-unusable", f"DescribeOrganization: {describe(exchange)}")
        return document

    def state(self, organization_id):
        document = self.describe(organization_id)
        return None if document is None else document.get("State")

    def wait_for_state(self, organization_id, wanted, timeout=None):
        timeout = timeout or self.activation_timeout
        try:
            state, waited, held = poll(lambda: self.state(organization_id), lambda s: s == wanted, timeout)
            if held and wanted == CONTRACT.active_state:
                self.transport.weather.saw_activation(waited)
        except NotVerifiable as why:
            raise ProvisioningError(f"cannot tell when organization {organization_id} is {wanted}: {why}") from None
        if not held:
            raise ProvisioningError(f"organization {organization_id} is {state!r}, not {wanted!r}, after "
                                    f"{timeout:g} s (raise --activation-timeout?)")

    def delete_organization(self, organization_id):
        exchange = self.transport.call("DeleteOrganization", {"OrganizationId": organization_id,
                                                              "DeleteDirectory": True, "ForceDelete": True})
        if exchange.status is None or not 200 <= exchange.status < 300:
            raise ProvisioningError(f"DeleteOrganization failed for {organization_id}: {describe(exchange)}")
        with self._lock:
            self.registered = {k: d for k, d in self.registered.items() if k[0] != organization_id}

    def delete_and_wait(self, organization_id):
        """Delete, then wait until DescribeOrganization says Deleted (or no longer knows it).

        A real service passes through Deleting; only a finished deletion promises its domains are free.
        """
        self.delete_organization(organization_id)
        state, _, held = poll(lambda: self.state(organization_id), lambda s: s in (None, "Deleted"),
                              self.activation_timeout)
        if not held:
            raise ProvisioningError(f"organization {organization_id} is {state!r}, not Deleted, after "
                                    f"{self.activation_timeout:g} s")

    def inactive_organization(self):
        """A fresh organization, deleted, once DescribeOrganization no longer reports it Active."""
        organization_id = self.create_organization()
        self.delete_organization(organization_id)
        poll(lambda: self.state(organization_id), lambda s: s != CONTRACT.active_state, self.activation_timeout)
        return organization_id

    def organizations_used(self):
        with self._lock:
            return list(dict.fromkeys(self.given_organizations + self.created_organizations))

    # -- domains ---------------------------------------------------------------------------------
    def labelled(self, name):
        """Whether a name carries this run's label (every name a check builds under its test suffix does)."""
        if not isinstance(name, str):
            return False
        name = name.lower()
        return f"-{self.run_id}" in name and (self.domain_suffix is None or name.endswith(f".{self.domain_suffix}"))

    def track(self, organization_id, domain, accepted=True):
        with self._lock:
            known = self.registered.get((organization_id, domain.lower()))
            if known is None:
                self.registered[(organization_id, domain.lower())] = Registration(domain, accepted)
                for frame in getattr(self._frames, "stack", ()):
                    frame.append((organization_id, domain.lower()))
            elif accepted:
                known.accepted = True
            if not self.labelled(domain):
                self.unlabelled.add(domain)

    def track_answer(self, exchange, body):
        """Track a register unless its answer was a clear refusal (a 4xx): a 2xx, a 5xx, a timeout or an
        unreadable answer may all have registered the domain."""
        organization_id = body.get(CONTRACT.organization.name)
        domain = body.get(CONTRACT.domain.name)
        if not isinstance(organization_id, str) or not isinstance(domain, str):
            return
        response = exchange.response
        if response is not None and 400 <= response.status < 500:
            return
        self.track(organization_id, domain, accepted=response is not None and 200 <= response.status < 300)

    def was_accepted(self, organization_id, domain):
        with self._lock:
            known = self.registered.get((organization_id, domain.lower()))
            return known is not None and known.accepted

    def deregister(self, organization_id, domain):
        exchange = self.transport.call("DeregisterMailDomain", {"OrganizationId": organization_id,
                                                                "DomainName": domain})
        with self._lock:
            self.registered.pop((organization_id, domain.lower()), None)
        return exchange

    def carried(self, call):
        """`call`, to run in another thread as if in this thread's open scratch blocks: what it registers is
        removed when they end (the threads a race sends its requests from, say)."""
        stack = list(getattr(self._frames, "stack", ()))  # the same frame lists, so appends land in them

        def run(*args, **kwargs):
            self._frames.stack = list(stack)
            try:
                return call(*args, **kwargs)
            finally:
                self._frames.stack = []
        return run

    @contextlib.contextmanager
    def scratch(self):
        """Whatever this thread registers inside the block is deregistered when it ends, even on failure.

        Each Hypothesis example runs in one, so a failing example cannot leave state that changes the
        next example's outcome; examples that run at the same time (--concurrency) each clean up their own.
        This is cleanup, not a check: any answer is taken as it comes.
        """
        stack = self._frames.__dict__.setdefault("stack", [])
        frame = []
        stack.append(frame)
        try:
            yield
        finally:
            del stack[next(i for i, open_frame in enumerate(stack) if open_frame is frame)]  # by identity
            with self._lock:
                added = [(key[0], self.registered[key].spelling) for key in frame if key in self.registered]
            for organization_id, domain in added:
                self.deregister(organization_id, domain)

    def each_at_once(self, calls):
        """The results of zero-argument `calls`, in order, up to --concurrency of them in flight at once (one
        after another at 1). For independent requests only: reads of several listings, a teardown's removals."""
        if self.concurrency <= 1 or len(calls) <= 1:
            return [call() for call in calls]
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(self.concurrency, thread_name_prefix="rmd-io")
        return [future.result() for future in [self._pool.submit(call) for call in calls]]

    def close(self):
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def held_by_organization(self):
        """organization id -> how many domains this run may hold there now."""
        with self._lock:
            return collections.Counter(organization for organization, _ in self.registered)

    def register_filler(self, organization_id, name):
        """Register a name no check judges (with its own token); whether the answer was a 2xx. Tracked as
        any registration is, so it is removed whatever happens."""
        body = {CONTRACT.organization.name: organization_id, CONTRACT.domain.name: name,
                CONTRACT.token.name: f"filler-{uuid.uuid4().hex}"}
        exchange = self.transport.call(CONTRACT.operation, body)
        self.track_answer(exchange, body)
        return exchange.response is not None and 200 <= exchange.response.status < 300

    def filler_name(self):
        return f"filler{next(self._counter)}-{self.run_id}.{self.domain_suffix or 'rmd-conformance.test'}"

    def was_tracked(self, organization_id, domain):
        with self._lock:
            return (organization_id, domain.lower()) in self.registered

    def list_domains(self, organization_id):
        """Every domain ListMailDomains gives for the organization, following NextToken."""
        names, exchange = self._pages(organization_id)
        if names is None:
            raise NotVerifiable("operation-unusable",
                                f"ListMailDomains: {exchange if isinstance(exchange, str) else describe(exchange)}")
        return names

    def listing(self, organization_id):
        """(every listed domain, None), or (None, the error name of a listing that was refused)."""
        names, exchange = self._pages(organization_id)
        if names is not None:
            return names, None
        answered = not isinstance(exchange, str) and exchange.response is not None
        return None, exchange.response.error_name() if answered else None

    def _pages(self, organization_id):
        names, token = [], None
        for _ in range(MAX_PAGES):
            body = {"OrganizationId": organization_id}
            if token:
                body["NextToken"] = token
            exchange = self.transport.call("ListMailDomains", body)
            document = _ok_json(exchange)
            if not isinstance(document, dict) or not isinstance(document.get("MailDomains", []), list):
                return None, exchange
            names += [d.get("DomainName") for d in document.get("MailDomains", []) if isinstance(d, dict)]
            token = document.get("NextToken")
            if not token:
                return names, exchange
        return None, f"ListMailDomains kept returning NextToken for {MAX_PAGES} pages"

    def get_domain(self, organization_id, domain):
        return self.transport.call("GetMailDomain", {"OrganizationId": organization_id, "DomainName": domain})

    # -- cleanup ---------------------------------------------------------------------------------
    def cleanup(self):
        """Remove what this run made, once; returns lines for the user (never raises)."""
        if self.cleaned:
            return []
        self.cleaned = True
        organizations, domains = self.kept()
        used = self.organizations_used()
        if self.keep:
            return [f"kept (--keep-resources): organizations {organizations or 'none'}; "
                    f"domains {[f'{d} in {o}' for o, d in domains] or 'none'}"]
        # Side by side (up to --concurrency): one after another, far away, cost a second at the end of every run.
        problems = [problem for found in self.each_at_once(
            [functools.partial(_quietly, f"DeregisterMailDomain {domain} in {organization_id}",
                               functools.partial(self.deregister, organization_id, domain))
             for organization_id, domain in domains]) for problem in found]
        cleared = self.each_at_once([functools.partial(self._clear, organization_id, organization_id in used,
                                                       organization_id in organizations)
                                     for organization_id in dict.fromkeys([*used, *organizations])])
        problems += [problem for found, _ in cleared for problem in found]
        swept = sum(count for _, count in cleared)
        lines = [f"cleanup could not finish: {problem}" for problem in problems]
        if used:
            lines.append(f"organizations used: {', '.join(used)}")
        if not problems and (organizations or domains or swept):
            left = f", deregistered the {len(domains)} domains it had left" if domains else ""
            sweep = f", removed {swept} leftover domains bearing the run label" if swept else ""
            lines.append(f"cleaned up: deleted the {len(organizations)} organizations this run created{left}{sweep}")
        if self.unlabelled:
            shown = sorted(self.unlabelled)
            lines.append(f"{len(shown)} names outside the run label were registered and removed at once: "
                         + ", ".join(shown[:5]) + (" ..." if len(shown) > 5 else ""))
        return lines

    def _clear(self, organization_id, sweep, delete):
        """Sweep the run's leftovers from one organization, then delete it if the run made it: (problems, swept)."""
        swept, problems = [], []
        if sweep:
            problems += _quietly(f"sweeping {organization_id}", lambda: swept.append(self._sweep(organization_id)))
        if delete:
            problems += _quietly(f"DeleteOrganization {organization_id}",
                                 lambda: self._delete_if_alive(organization_id))
        return problems, sum(swept)

    def _sweep(self, organization_id):
        """Deregister every domain of the organization that bears this run's label; returns how many."""
        if self.state(organization_id) != CONTRACT.active_state:
            return 0
        leftovers = [d for d in self.list_domains(organization_id) if self.labelled(d)]
        for domain in leftovers:
            self.deregister(organization_id, domain)
        return len(leftovers)

    def _delete_if_alive(self, organization_id):
        if self.state(organization_id) not in (None, "Deleted", "Deleting"):
            self.delete_organization(organization_id)

    def kept(self):
        with self._lock:
            return list(self.created_organizations), sorted((o, r.spelling) for (o, _), r in self.registered.items())


def _quietly(what, action):
    try:
        action()
    except Exception as why:  # noqa: BLE001 - cleanup must never cascade into other failures
        return [f"{what}: {why}"]
    return []


def _ok_json(exchange):
    """The JSON answer of a neighbouring operation that succeeded (any 2xx: their status is not what is judged)."""
    if exchange.response is None or not 200 <= exchange.response.status < 300:
        return None
    try:
        return exchange.response.json()
    except ValueError:
        return None


def describe(exchange):
    if exchange.response is None:
        return exchange.problem or "no response"
    response = exchange.response
    name = response.error_name()
    return f"HTTP {response.status}" + (f" {name}: {response.message() or ''}" if name else "")
