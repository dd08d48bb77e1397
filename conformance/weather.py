"""Transient answers are weather, not verdicts: what counts as one, how long to wait before a retry, and the
tally of what the endpoint's weather was during a run.

A transient answer is a throttling error (botocore's list of throttling names, without
LimitExceededException, which is RegisterMailDomain's documented quota error), HTTP 429, HTTP 503, or an
in-flight conflict (TransactionInProgressException and the like) that an AWS service answers to a duplicate
still being processed. HTTP 500 is never weather: a server error for a malformed request is a failure.
Retries back off exponentially with jitter drawn from the run's seed, honour Retry-After, and stop after
a bound; an answer still transient then is judged like any other.
"""

import collections
import dataclasses
import random
import threading
import time

THROTTLING_NAMES = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "EC2ThrottledException",
})
UNAVAILABLE_NAMES = frozenset({"ServiceUnavailable", "ServiceUnavailableException"})
IN_FLIGHT_NAMES = frozenset({"TransactionInProgressException", "PriorRequestNotComplete",
                             "ConcurrentModificationException"})
TRANSIENT_STATUSES = {429: "HTTP 429", 503: "HTTP 503"}

BASE_DELAY = 0.05  # seconds before the first retry
MAX_DELAY = 5.0  # no single wait is longer
DEFAULT_RETRIES = 6


def kind_of(status, name):
    """The kind of transient answer an HTTP status and error name make ('ThrottlingException', 'HTTP 503', ...),
    or None; no status (no answer at all) is none."""
    if status is None:
        return None
    if name in THROTTLING_NAMES or name in UNAVAILABLE_NAMES or name in IN_FLIGHT_NAMES:
        return name
    return TRANSIENT_STATUSES.get(status)


def is_throttling(kind):
    return kind in THROTTLING_NAMES or kind == "HTTP 429"


@dataclasses.dataclass(frozen=True)
class Attempt:
    """A transient answer that was retried."""
    status: int
    kind: str
    elapsed: float


def persisted_note(exchange):
    """' (the same on all 7 attempts over 6.2 s)' for an answer that stayed transient, else ''."""
    if not exchange.gave_up:
        return ""
    spent = sum(a.elapsed for a in exchange.attempts) + exchange.elapsed + exchange.waited
    return f" (transient answers on all {len(exchange.attempts) + 1} attempts over {spent:.1f} s)"


class Backoff:
    """Delays between retries: exponential, capped, with equal jitter from a seeded generator.

    A throttling answer also calms every other sender of the run for the same delay, so a suite that
    is being throttled slows down instead of hammering the endpoint from many threads.
    """

    def __init__(self, retries=DEFAULT_RETRIES, seed=0):
        self.retries = retries
        self._rng = random.Random(f"backoff:{seed}")
        self._lock = threading.Lock()
        self._calm_until = 0.0

    def delay(self, retry_number, retry_after=None):
        ceiling = min(MAX_DELAY, BASE_DELAY * (2 ** retry_number))
        with self._lock:
            jittered = ceiling / 2 + self._rng.uniform(0, ceiling / 2)
        if retry_after is not None:
            jittered = min(MAX_DELAY, max(jittered, retry_after))
        return jittered

    def calm(self, seconds):
        with self._lock:
            self._calm_until = max(self._calm_until, time.monotonic() + seconds)

    def wait_for_calm(self):
        """Sleep while a throttled sender asked everyone to hold back; returns the seconds slept."""
        with self._lock:
            pause = self._calm_until - time.monotonic()
        if pause > 0:
            time.sleep(pause)
            return pause
        return 0.0


class Weather:
    """What the endpoint's weather was: transient answers per operation, retries, and how long reads lagged."""

    def __init__(self):
        self._lock = threading.Lock()
        self.transient = collections.Counter()  # (operation, kind) -> answers
        self.persisted = collections.Counter()  # (operation, kind) -> answers still transient after the bound
        self.lag = {}  # read -> the longest wait before it showed the expected state (seconds)
        self.waits = collections.Counter()  # read -> reads that had to wait
        self.requests = 0  # requests sent, retries included: the run's pace, for benchmarks and estimates
        self.activations = []  # seconds each created organization took to be Active (0: at once)

    def sent(self):
        with self._lock:
            self.requests += 1

    def saw_activation(self, seconds):
        with self._lock:
            self.activations.append(round(seconds, 3))

    def saw_transient(self, operation, kind):
        with self._lock:
            self.transient[(operation, kind)] += 1

    def saw_persisted(self, operation, kind):
        with self._lock:
            self.persisted[(operation, kind)] += 1

    def saw_lag(self, read, seconds):
        with self._lock:
            self.waits[read] += 1
            self.lag[read] = max(self.lag.get(read, 0.0), seconds)

    def as_record(self):
        with self._lock:
            return {
                "transient": _rows(self.transient),
                "persisted": _rows(self.persisted),
                "read_lag": [{"read": r, "reads_that_waited": self.waits[r], "longest_seconds": round(s, 3)}
                             for r, s in sorted(self.lag.items())],
                "requests": self.requests,
                "activation_seconds": sorted(self.activations),
            }

    @staticmethod
    def merge(records):
        """One record from several (xdist workers'), counts summed and lags maximised."""
        transient, persisted, lag, waits = collections.Counter(), collections.Counter(), {}, collections.Counter()
        requests = sum(record.get("requests", 0) for record in records)
        activations = sorted(s for record in records for s in record.get("activation_seconds", []))
        for record in records:
            for row in record.get("transient", []):
                transient[(row["operation"], row["kind"])] += row["answers"]
            for row in record.get("persisted", []):
                persisted[(row["operation"], row["kind"])] += row["answers"]
            for row in record.get("read_lag", []):
                waits[row["read"]] += row["reads_that_waited"]
                lag[row["read"]] = max(lag.get(row["read"], 0.0), row["longest_seconds"])
        merged = Weather()
        merged.transient, merged.persisted, merged.lag, merged.waits = transient, persisted, lag, waits
        merged.requests, merged.activations = requests, activations
        return merged.as_record()


def _rows(counts):
    return [{"operation": o, "kind": k, "answers": n} for (o, k), n in sorted(counts.items())]


def summary_lines(record):
    """A few lines for the end of the run: nothing when the weather was calm."""
    lines = []
    if record["transient"]:
        parts = [f"{row['operation']} {row['kind']} x{row['answers']}" for row in record["transient"]]
        lines.append("transient answers (retried, not judged): " + ", ".join(parts))
    if record["persisted"]:
        parts = [f"{row['operation']} {row['kind']} x{row['answers']}" for row in record["persisted"]]
        lines.append("transient answers that persisted past the retry bound (judged): " + ", ".join(parts))
    if record["read_lag"]:
        parts = [f"{row['read']} up to {row['longest_seconds']:.2f} s ({row['reads_that_waited']} reads waited)"
                 for row in record["read_lag"]]
        lines.append("reads that lagged behind a write: " + ", ".join(parts))
    return lines
