"""What a check does to the endpoint, in the check's words: register, probe, read the effect, release.

One Client per test, around the run's transport and resources and the test's judge:

- every RegisterMailDomain answer goes through the judge's response rules, and is tracked for cleanup
  unless it was a clear refusal;
- a request without ClientToken that met a transient answer is retried only when the organization's
  listing shows the first attempt had no effect;
- every read of an effect waits for it, up to --consistency-timeout, so an endpoint whose reads lag is
  judged on what it settles to, and an endpoint that is consistent costs one read;
- releasing a domain judges RMD-EFFECT-DEREGISTRABLE only for a domain the endpoint accepted.
"""

import functools
import hashlib
import json

from contract import CONTRACT, ERRORS, json_depth
from conformance import explore, rules
from conformance.resources import poll
from conformance.verdicts import NotVerifiable

OPERATION = CONTRACT.operation
DEREGISTRABLE = "RMD-EFFECT-DEREGISTRABLE"


def request_body(organization_id, domain, token=None):
    body = {CONTRACT.organization.name: organization_id, CONTRACT.domain.name: domain}
    if token is not None:
        body[CONTRACT.token.name] = token
    return body


def accepted(exchange):
    return exchange.response is not None and exchange.response.status == CONTRACT.success_status


def same_name(a, b):
    """DNS names compare without regard to letter case."""
    return isinstance(a, str) and isinstance(b, str) and a.lower() == b.lower()


class Client:
    def __init__(self, transport, resources, judge, consistency_timeout, quota=None, rng=None, run_id=""):
        self.transport = transport
        self.resources = resources
        self.judge = judge
        self.consistency_timeout = consistency_timeout
        self.quota = quota
        self.rng = rng
        self.run_id = run_id
        self._full_tokens = set()  # tokens first answered LimitExceededException while examples ran together
        judge.limit_policy = self._limit_exceeded

    # -- sending -----------------------------------------------------------------------------------
    def register(self, body, **kwargs):
        """Send a RegisterMailDomain body; every answer meets the response rules and is tracked."""
        if body.get(CONTRACT.token.name) is None:  # no token (a null one may read as none)
            kwargs.setdefault("may_retry", lambda exchange: self._had_no_effect(body))
        exchange = self.transport.call(OPERATION, body, **kwargs)
        self.resources.track_answer(exchange, body)
        self.judge.see(exchange)
        return exchange

    def register_ok(self, requirement, organization_id, domain, token=None):
        """Register a domain that must be accepted; a refusal fails `requirement`."""
        exchange = self.register(request_body(organization_id, domain, token))
        self.judge.success(exchange, requirement)
        return exchange

    def register_once_settled(self, requirement, organization_id, domain, refusals):
        """Register a domain that must be accepted once a preceding write has settled (a release, a freed quota
        slot): an answer named in `refusals` is tried again, without a token, until --consistency-timeout has
        passed. A service may finish a removal a moment after it answered it."""
        __tracebackhide__ = True
        exchange, waited, held = poll(lambda: self.register(request_body(organization_id, domain)),
                                      lambda e: e.response is None or e.response.error_name() not in refusals,
                                      self.consistency_timeout)
        if waited and held:
            self.transport.weather.saw_lag(f"{CONTRACT.operation} after a release", waited)
        self.judge.success(exchange, requirement)
        return exchange

    def probe(self, target, payload, **kwargs):
        """Send raw bytes about RegisterMailDomain (a malformed body, another target); only RMD-PROTO-NO-5XX
        among the response rules holds for what comes back."""
        exchange = self.transport.send(target, payload, probe=True, **kwargs)
        self.judge.see(exchange)
        return exchange

    def send_document(self, document, organization_id):
        """Send a whole request document (strategies.Document) for `organization_id` as its bytes; track every
        name it carries, in whatever spelling of the members an endpoint might have read them."""
        body = {CONTRACT.organization.name: organization_id, CONTRACT.domain.name: document.names[0]}
        exchange = self.transport.send(CONTRACT.target, document.raw, operation=OPERATION,
                                       probe=not _reads_as_an_object(document.raw),
                                       may_retry=lambda exchange: self._had_no_effect(body))
        for name in document.names:
            self.resources.track_answer(exchange, {**body, CONTRACT.domain.name: name})
        self.judge.see(exchange)
        return exchange

    def token(self):
        """A fresh ClientToken: unique to the run, drawn from the running example's seeded generator (the
        test's outside an example), so an example gets the same tokens whichever thread runs it."""
        rng = explore.example_rng() or self.rng
        return f"rmd-{self.run_id}-{rng.getrandbits(48):012x}"

    def _had_no_effect(self, body):
        """Whether a token-less register that met a transient answer can be sent again: only when the
        listing shows the domain is not in the organization (the first attempt took no effect)."""
        organization_id, domain = body.get(CONTRACT.organization.name), body.get(CONTRACT.domain.name)
        if not isinstance(organization_id, str) or not isinstance(domain, str):
            return True  # a body no endpoint can register from: sending it again changes nothing
        if self.resources.was_accepted(organization_id, domain):
            return True  # the organization held it before: a second attempt can change nothing more
        names, refusal = self.resources.listing(organization_id)
        if names is None:
            # An organization the listing does not know, or not Active, holds nothing the first attempt made.
            return refusal in (ERRORS.ORGANIZATION_NOT_FOUND, ERRORS.ORGANIZATION_STATE, *CONTRACT.validation_errors)
        return not any(same_name(n, domain) for n in names)

    def _limit_exceeded(self, exchange, requirement):
        """LimitExceededException where a success was due: a failure when the organization is known to be
        below the quota or holds none of this run's domains; otherwise the run's own leftovers block it."""
        __tracebackhide__ = True
        sent = exchange.request.json_body()
        organization_id, token = sent.get(CONTRACT.organization.name), sent.get(CONTRACT.token.name)
        if explore.running_together():  # others' domains came and went meanwhile: judge it alone, run again
            if isinstance(token, str):
                self._full_tokens.add(token)
            raise NotVerifiable("organization-full", f"{organization_id} answered {rules.answer(exchange)} while "
                                                     "examples ran together")
        if isinstance(token, str) and token in self._full_tokens and self.resources.room.learn(organization_id, 1):
            # The organization has room, and an endpoint may replay a token's first answer: this proves nothing.
            raise NotVerifiable("organization-full", f"{organization_id} answered {rules.answer(exchange)} to "
                                f"ClientToken {token!r}, which first met it while examples ran together")
        held = self.resources.list_domains(organization_id)
        ours = [d for d in held if self.resources.labelled(d)]
        got = rules.answer(exchange)
        if not ours:
            self.judge.fail(requirement, f"HTTP {CONTRACT.success_status} (success)",
                            f"{got}, while {organization_id} holds none of this run's domains ({len(held)} in all)",
                            exchange)
        if self.quota is not None and len(held) < self.quota:
            self.judge.fail(requirement, f"HTTP {CONTRACT.success_status} (success)",
                            f"{got}, while {organization_id} holds {len(held)} domains, below the quota of "
                            f"{self.quota} (--max-domains-per-org)", exchange)
        raise NotVerifiable("organization-full", f"{organization_id} holds {len(ours)} domains of this run "
                                                 f"({len(held)} in all) and answered {got}")

    # -- reading the effect ------------------------------------------------------------------------
    def count_listed(self, organization_id, domain):
        """How many times ListMailDomains shows the domain (any letter case) now: one read."""
        return self.counts_listed(organization_id, [domain])[domain]

    def counts_listed(self, organization_id, domains):
        """domain -> how many times ListMailDomains shows it (any letter case) now: one read for all of them."""
        listed = self.resources.list_domains(organization_id)
        return {domain: sum(same_name(name, domain) for name in listed) for domain in domains}

    def expect_listed(self, requirement, organization_id, domain, times=1, exchange=None):
        """The organization lists the domain exactly `times` times once reads settle (0: not at all)."""
        __tracebackhide__ = True
        self.expect_counts(requirement, organization_id, {domain: times}, exchange)

    def expect_counts(self, requirement, organization_id, counts, exchange=None):
        """The organization lists each domain exactly `counts[domain]` times once reads settle: one listing
        read serves every name, so checking two names costs what checking one does."""
        __tracebackhide__ = True
        seen, waited, held = poll(lambda: self.counts_listed(organization_id, counts), lambda found: found == counts,
                                  self.consistency_timeout)
        self.judge.count(requirement, len(counts))
        if waited and held:
            self.transport.weather.saw_lag("ListMailDomains", waited)
        if not held:
            wrong = [domain for domain in counts if seen[domain] != counts[domain]]
            expected = "; ".join(f"{domain} {_listed_wanted(counts[domain])}" for domain in wrong)
            got = (f"listed {seen[wrong[0]]} times" if len(wrong) == 1
                   else "; ".join(f"{domain} listed {seen[domain]} times" for domain in wrong))
            self.judge.fail(requirement, f"{expected} by ListMailDomains in {organization_id}",
                            f"{got}, still after waiting {waited:.1f} s (--consistency-timeout)", exchange)

    def expect_listings(self, requirement, expected, names, exchange=None):
        """Each organization lists exactly `expected[organization]` among `names` (lower case) once reads settle."""
        __tracebackhide__ = True

        wanted = {n.lower() for n in names}

        def listings():
            read = self.resources.each_at_once([functools.partial(self.resources.list_domains, o) for o in expected])
            return {o: {n.lower() for n in listed if n.lower() in wanted} for o, listed in zip(expected, read)}

        seen, waited, held = poll(listings, lambda found: found == expected, self.consistency_timeout)
        self.judge.count(requirement)
        if waited and held:
            self.transport.weather.saw_lag("ListMailDomains", waited)
        if not held:
            differing = {o: sorted(seen[o]) for o in expected if seen[o] != expected[o]}
            self.judge.fail(requirement, "listings " + "; ".join(f"{o}: {sorted(expected[o])}" for o in differing),
                            "they list " + "; ".join(f"{o}: {names}" for o, names in differing.items())
                            + f", still after waiting {waited:.1f} s", exchange)

    def get_eventually(self, organization_id, domain):
        """GetMailDomain until it answers 200 (or the consistency window ends): (exchange, seconds waited)."""
        exchange, waited, held = poll(lambda: self.resources.get_domain(organization_id, domain),
                                      lambda e: e.status == 200 or _unserved(e), self.consistency_timeout)
        if waited and held:
            self.transport.weather.saw_lag("GetMailDomain", waited)
        return exchange, waited

    # -- releasing ---------------------------------------------------------------------------------
    def release(self, organization_id, domain):
        """Deregister a domain this check registered. What the endpoint accepted and holds, it must take back
        (RMD-EFFECT-DEREGISTRABLE); a name it never accepted, or no longer holds (a replayed answer registers
        nothing), is released with whatever answer comes."""
        __tracebackhide__ = True
        was_accepted = self.resources.was_accepted(organization_id, domain)
        exchange = self.resources.deregister(organization_id, domain)
        if not was_accepted:
            return exchange
        self.judge.count(DEREGISTRABLE)
        # Any 2xx took it back; DeregisterMailDomain's own status code is not what this suite judges.
        if exchange.status is None or not 200 <= exchange.status < 300:
            listed, _, held = poll(lambda: self.count_listed(organization_id, domain), lambda n: n > 0,
                                   self.consistency_timeout)
            if held:
                self.judge.fail(DEREGISTRABLE, f"DeregisterMailDomain of {domain!r}, which {organization_id} lists, "
                                               "succeeds", rules.answer(exchange), exchange)
        return exchange


# Deeper than this, a body's nesting is folded before it is parsed: json.loads recurses, and how deep it may go
# depends on the recursion limit of the moment (Hypothesis raises it while it runs), never on the body alone.
SAFE_DEPTH = 400


def _reads_as_an_object(raw):
    while json_depth(raw) > SAFE_DEPTH:
        shallower = raw.replace(b"[]", b"0").replace(b"{}", b"0")  # the innermost empty array or object
        if shallower == raw:
            return False
        raw = shallower
    try:
        return isinstance(json.loads(raw), dict)
    except (ValueError, RecursionError):
        return False


def _listed_wanted(times):
    return "not listed" if times == 0 else f"listed {'once' if times == 1 else f'{times} times'}"


def _unserved(exchange):
    return exchange.response is not None and exchange.response.error_name() == ERRORS.UNKNOWN_OPERATION


def domain_for_token(token, suffix):
    """A name derived from the token alone, so a repeated token always repeats its whole request, in this
    run or the next (a token reused with another name would be a request of its own). It carries no run
    label: every check releases it at once, and the cleanup lists it."""
    return f"tok-{hashlib.sha256(token.encode()).hexdigest()[:16]}.{suffix}"


def in_use_by_someone_else(exchange):
    """A short name outside our suffix may really be in use elsewhere: not the endpoint's fault."""
    response = exchange.response
    return response is not None and response.status == 400 and response.error_name() == ERRORS.MAIL_DOMAIN_IN_USE
