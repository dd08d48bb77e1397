"""The judge of one test: every response meets every response-level rule, and the check's own claims.

Every exchange the judge sees goes through all of :mod:`conformance.rules` once; each broken rule is
recorded as a failure of its own requirement, so nothing hides behind the first breach, and a breach
does not stop a check whose own claim can still be judged (a 201 is still an acceptance: the run goes on
to judge what the acceptance did). A check stops only when its own claim fails, or cannot be judged on
the answer it got (an error that names no type cannot be the error it expected). The judge also counts,
per requirement, the examples that could have failed it: a requirement with none is not verifiable, never
passed.
"""

import collections
import contextlib
import dataclasses
import itertools
import threading

from contract import CONTRACT, ERRORS, MUST_ACCEPT
from conformance import catalogue, explore, facts, rules
from conformance.failures import ConformanceFailure, exchange_record

OBSERVATION = "observation"  # implementation-defined behaviour, recorded without judgement
DEVIATION = "deviation"  # accepted, but not what the page or the protocol says (e.g. ValidationException)
QUOTA = "RMD-QUOTA"
# Failures kept per requirement and test; more of the same are counted, not stored.
KEPT_PER_REQUIREMENT = 3


@dataclasses.dataclass
class Note:
    requirement: str
    kind: str
    what: str
    point: str = None  # a stable name for what was observed (for reference profiles)
    value: object = None
    exchange: object = None

    def as_record(self):
        record = {"requirement": self.requirement, "kind": self.kind, "what": self.what}
        if self.point is not None:
            record.update(point=self.point, value=self.value)
        if self.exchange is not None:
            record.update(exchange_record(self.exchange))
        return record


def _position(index):
    return -1 if index is None else index  # outside any example: first


def _in_example_order(entry):
    index, order, _ = entry
    return (_position(index), order)


class Judge:
    """Judges exchanges for one test; collects that test's failures, notes and judged examples."""

    def __init__(self, strict_errors, limit_policy=None, on_count=None):
        self.strict_errors = strict_errors
        self.on_count = on_count  # (requirement, examples) -> None: the run's progress display, if any
        # (exchange, requirement) -> None, or raises: what a LimitExceededException means for a check that
        # needed a success. The client sets it; it knows the organization and the quota.
        self.limit_policy = limit_policy
        self._recorded = []  # (example position, order of recording, failure record): every failure seen
        self._notes = {}  # (requirement, kind, what) -> (example position, order, Note): the earliest example's
        self.judged = collections.Counter()
        self._facts = collections.defaultdict(set)  # (requirement, point) -> values seen (conformance.facts)
        self._order = itertools.count()
        self._seen = {}  # id(exchange) -> (exchange, the breaches its rules found)
        self._lock = threading.RLock()
        self._local = threading.local()  # .context: what this thread's check is doing, told with its failures

    # -- records ---------------------------------------------------------------------------------
    def count(self, requirement, examples=1):
        with self._lock:
            self.judged[requirement] += examples
        if self.on_count is not None:
            self.on_count(requirement, examples)

    @contextlib.contextmanager
    def context(self, what):
        """Every failure recorded inside the block says `what` the check was doing (e.g. which twin tokens)."""
        outer = getattr(self._local, "context", None)
        self._local.context = what
        try:
            yield
        finally:
            self._local.context = outer

    @property
    def failures(self):
        """The failure records in example order (whatever order examples that ran together finished in): the
        same failure again is counted on the first, and at most KEPT_PER_REQUIREMENT differ per requirement."""
        with self._lock:
            recorded = sorted(self._recorded, key=_in_example_order)
        kept, per_requirement = [], collections.Counter()
        for _, _, failure in recorded:
            rid = failure["requirement"]
            same = next((f for f in kept if f["requirement"] == rid and f["expected"] == failure["expected"]
                         and f["got"] == failure["got"]), None)
            if same is not None:
                same["repeats"] = same.get("repeats", 1) + 1
            elif per_requirement[rid] < KEPT_PER_REQUIREMENT:
                per_requirement[rid] += 1
                kept.append(dict(failure))
            else:
                last = next(f for f in reversed(kept) if f["requirement"] == rid)
                last["more"] = last.get("more", 0) + 1
        return kept

    @property
    def notes(self):
        with self._lock:
            return [note for *_, note in sorted(self._notes.values(), key=_in_example_order)]

    def record(self, failure):
        """Keep a failure (once); returns it, so `raise judge.record(...)` reads naturally."""
        with self._lock:
            if failure.recorded:
                return failure
            failure.recorded = True
            context = getattr(self._local, "context", None)
            if context and not failure.detail:
                failure.detail = context
            self._recorded.append((explore.example_index(), next(self._order), failure.as_record()))
            return failure

    def fail(self, requirement, expected, got, exchange=None, detail=None):
        """Record a failure of `requirement` and stop the check."""
        __tracebackhide__ = True
        raise self.record(ConformanceFailure(requirement, expected, got, exchange, detail))

    def note(self, requirement, kind, what, exchange=None, point=None, value=None):
        """Keep one note of each (requirement, kind, what): the one of the earliest example."""
        index = explore.example_index()
        with self._lock:
            earlier = self._notes.get((requirement, kind, what))
            if earlier is None or _position(index) < _position(earlier[0]):
                self._notes[(requirement, kind, what)] = (index, next(self._order),
                                                          Note(requirement, kind, what, point, value, exchange))

    def observe(self, requirement, what, exchange=None, point=None, value=None):
        self.note(requirement, OBSERVATION, what, exchange, point, value)
        if point is not None:
            self.fact(requirement, point, value)

    def fact(self, requirement, point, value):
        """What the endpoint did at a point where endpoints may differ (a parity point: conformance.facts)."""
        with self._lock:
            self._facts[(requirement, point)].add(str(value))

    @property
    def facts(self):
        with self._lock:
            return [{"requirement": r, "point": p, "values": sorted(v)} for (r, p), v in sorted(self._facts.items())]

    # -- every response: the rules ------------------------------------------------------------------
    def see(self, exchange):
        """Run every applicable rule on this exchange once; returns {requirement: its recorded breach}."""
        with self._lock:
            if id(exchange) in self._seen:
                return self._seen[id(exchange)][1]
            broken = {}
            for requirement, point, value in facts.of_exchange(exchange):
                self.fact(requirement, point, value)
            for rule in rules.applicable(exchange, exchange.probe):
                self.count(rule.requirement)
                found = rule.judge(exchange)
                if isinstance(found, rules.Deviation):
                    self.note(found.requirement, DEVIATION, found.what)
                elif isinstance(found, rules.Breach):
                    broken[found.requirement] = self.record(
                        ConformanceFailure(found.requirement, found.expected, found.got, exchange))
            self._seen[id(exchange)] = (exchange, broken)
            return broken

    def responded(self, exchange, requirement):
        """A response came (or `requirement` fails); every response rule has judged it."""
        __tracebackhide__ = True
        if exchange.response is None:
            self.fail(requirement, "an HTTP response", exchange.problem or "no response", exchange)
        self.see(exchange)
        return exchange.response

    def rule_holds(self, exchange, requirement):
        """The check of a response-level requirement: its rule judged this response; its breach stops the check."""
        __tracebackhide__ = True
        self.responded(exchange, requirement)
        breach = self.see(exchange).get(requirement)
        if breach is not None:
            raise breach

    # -- the check's own claims ---------------------------------------------------------------------
    def success(self, exchange, requirement):
        """Accepted: any 2xx (the response rules judge its status, body and Content-Type on their own)."""
        __tracebackhide__ = True
        response = self.responded(exchange, requirement)
        self.count(requirement)
        if 200 <= response.status < 300:
            return response
        if requirement != QUOTA and response.error_name() == ERRORS.LIMIT_EXCEEDED and self.limit_policy:
            self.limit_policy(exchange, requirement)
        self.fail(_refused_bound(exchange) or requirement, f"HTTP {CONTRACT.success_status} (success)",
                  rules.answer(exchange), exchange)

    def error(self, exchange, requirement, names, wrong_name_requirement=None):
        """A documented error: a 4xx whose name is one of `names`, HTTP 400 for the page's own."""
        __tracebackhide__ = True
        names = tuple(names)
        expected = f"HTTP 400 {' or '.join(names)}"
        response = self.responded(exchange, requirement)
        self.count(requirement)
        self.fact(requirement, "answer", facts.answer_of(response))
        if response.status < 400:
            self.fail(requirement, expected, rules.answer(exchange), exchange)
        name = response.error_name()
        unreadable = self.see(exchange).get("RMD-PROTO-ERROR-TYPE")
        if name is None and unreadable is not None:
            raise unreadable  # an error that names no type cannot be judged as the one expected
        if name not in names:
            self.fail(wrong_name_requirement or requirement, expected, rules.answer(exchange), exchange)
        if response.status != 400:
            self.fail("RMD-PROTO-ERROR-STATUS", f"HTTP 400 for {name}", f"HTTP {response.status}", exchange)
        return name

    def validation_error(self, exchange, requirement, not_found_requirement=None):
        """A constraint violation: InvalidParameterException, or ValidationException unless strict.

        not_found_requirement: the requirement broken when the answer is OrganizationNotFound instead.
        """
        __tracebackhide__ = True
        allowed = (ERRORS.INVALID_PARAMETER,) if self.strict_errors else CONTRACT.validation_errors
        wrong = not_found_requirement if _named(exchange, ERRORS.ORGANIZATION_NOT_FOUND) else None
        if self.strict_errors and _named(exchange, ERRORS.VALIDATION):
            self.responded(exchange, requirement)
            self.count(requirement)
            self.fail("RMD-VAL-ERROR-NAME", f"HTTP 400 {ERRORS.INVALID_PARAMETER} (--strict-errors)",
                      f"HTTP {exchange.response.status} {ERRORS.VALIDATION}", exchange)
        name = self.error(exchange, requirement, allowed, wrong_name_requirement=wrong)
        self.count("RMD-VAL-ERROR-NAME")
        if name == ERRORS.VALIDATION:
            self.note("RMD-VAL-ERROR-NAME", DEVIATION,
                      f"constraint violations answered with {ERRORS.VALIDATION}, not {ERRORS.INVALID_PARAMETER}")
        return name


def _refused_bound(exchange):
    """The ACCEPT requirement a validation error breaks when it refuses a must-accept value at a bound.

    A check about ownership that happens to draw a maximum-length name, and meets an endpoint that
    refuses it, has found a broken bound, not broken ownership. Only an unambiguous case is
    re-attributed: a RegisterMailDomain body that is must-accept, with exactly one member at a bound.
    """
    if exchange.request.headers.get("X-Amz-Target") != CONTRACT.target:
        return None
    body = exchange.request.json_body()
    if not isinstance(body, dict) or CONTRACT.classify_request(body)[0] != MUST_ACCEPT:
        return None
    if exchange.response.error_name() not in CONTRACT.validation_errors:
        return None
    at_bound = [name for name, member in CONTRACT.members.items()
                if isinstance(body.get(name), str) and not member.min_length == member.max_length
                and len(body[name]) in (member.min_length, member.max_length)]
    return catalogue.member_requirement(at_bound[0], "ACCEPT") if len(at_bound) == 1 else None


def _named(exchange, name):
    return exchange.response is not None and exchange.response.error_name() == name
