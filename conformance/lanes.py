"""A check that is one long chain of requests runs beside the others, in organizations of its own.

Against an endpoint far away most of such a check's time is waiting: the state machine sends a request,
waits, reads the listings, waits, some twenty times an example, and nothing else can overlap inside it.
No other check waits on it, and it waits on none. So when the run may create organizations and examples
may run at once (--concurrency above 1; not under xdist, whose workers learn their tests one at a time),
a check marked `beside` starts with the run's first test, in a thread of its own, in two organizations
made for it; its test, where it stands in the order, waits for it and reports what it found.

What is judged does not change: the same body, the same examples, a generator seeded from the test's node
ID as the `rng` fixture's is, and its judge is the one the test reports. Only its organizations are its
own, so no other check's registrations count against their room, nor its against others'. When they
cannot be made, the test runs the check itself, in the run's organizations, as at --concurrency 1.
"""

import threading

MARK = "beside"  # @pytest.mark.beside(body): body(client, judge, resources, organizations, suffix, quota)
_stopping = threading.local()


class Stopped(Exception):
    """The run ended (an interrupt, -x) before the check did: what it would have found is not wanted."""


class Declined(Exception):
    """The lane could not be set up (no organizations of its own): the test runs the check itself."""


def checkpoint():
    """Between the steps of a check that may run beside the others: ends it at once when the run is over."""
    event = getattr(_stopping, "event", None)
    if event is not None and event.is_set():
        raise Stopped("the run ended before this check did")


def marked(items):
    return [item for item in items if item.get_closest_marker(MARK) is not None]


def eligible(config, settings):
    """Lanes need examples that may run at once, one process that knows all its tests, and organizations the
    run makes itself (a user who names the organizations has said which ones the run may use)."""
    return (settings.concurrency > 1 and not hasattr(config, "workerinput")
            and not settings.organization_id and not settings.second_organization_id)


WAIT_TICK = 0.5  # seconds between updates of the live status while a test waits for its lane


class Lane:
    def __init__(self, nodeid, judge, work, on_count=None):
        self.nodeid, self.judge = nodeid, judge
        # (requirement, examples) -> None: the live status, told from the main thread while the test waits
        self.on_count, self._shown = on_count, 0
        self.error, self.declined = None, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), name=f"rmd-lane {nodeid}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _run(self, work):
        _stopping.event = self._stop
        try:
            work()
        except Declined:
            self.declined = True
        except BaseException as error:  # noqa: BLE001 (raised again in the test, where pytest reports it)
            self.error = error

    def outcome(self, here):
        """In the test: wait for the lane and raise what the check raised there; if it declined, run `here()`."""
        while self._thread.is_alive():
            self._thread.join(WAIT_TICK)
            self._show_progress()
        if self.declined:
            return here()
        if self.error is not None:
            raise self.error
        return None

    def _show_progress(self):
        if self.on_count is None or self.judge is None:
            return
        judged = dict(self.judge.judged)
        total = sum(judged.values())
        if total > self._shown:
            self.on_count(next(iter(judged), None), total - self._shown)
            self._shown = total

    def stop(self, timeout):
        """Ask the check to end at its next step, and wait for it (at most `timeout` seconds): True once ended."""
        self._stop.set()
        self._thread.join(timeout)
        return not self._thread.is_alive()


def outcome(lane, here):
    """What a `beside` test does: take its lane's outcome, or run the check now when it has no lane."""
    return here() if lane is None else lane.outcome(here)


class Lanes:
    """The run's lanes, by the node ID of their test."""

    def __init__(self):
        self._by_node = {}

    def add(self, lane):
        self._by_node[lane.nodeid] = lane
        return lane

    def get(self, nodeid):
        return self._by_node.get(nodeid)

    def stop_all(self, request_timeout):
        """Stop what still runs (the run ended early); returns the node IDs of lanes that would not end. A lane
        ends at its next step: a request, and then its teardown's, sent at once (each bounded by
        --request-timeout)."""
        return [lane.nodeid for lane in self._by_node.values() if not lane.stop(2 * request_timeout + 5)]
