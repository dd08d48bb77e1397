"""Run a property with Hypothesis inside a test, so fixtures (the endpoint, organizations) stay outside.

Boundary values are pinned with @example and run every time, before the generated ones. The run's
seed is applied, so a run that is not derandomized can be repeated exactly.

Against a slow endpoint most of a run is waiting for answers. A check whose examples are independent says
so (`independent=True`), and then Hypothesis first draws all of its examples, exactly the ones it would have
drawn one by one (the drawing function is the same, and nothing it draws depends on an answer), and up to
--concurrency of them run at once. What is judged does not change: the same examples, each with tokens
from its own generator (seeded by its position, not by the thread that runs it), failures ordered by
example, the first failing example raised. Two things do: a failure is not shrunk (the first failing
example in drawing order is reported as drawn), and the examples after it run too.
"""

import collections
import concurrent.futures
import contextlib
import functools
import random
import threading

import hypothesis

_current = threading.local()  # the example this thread is running: its position and its generator


def example_index():
    """The position of the example the calling thread runs (pinned ones first), or None outside one."""
    return getattr(_current, "index", None)


def example_rng():
    """The running example's own generator, or None outside one."""
    return getattr(_current, "rng", None)


def running_together():
    """Whether the calling thread runs an example while others run (what it sees of shared state is then
    not its own doing alone: a full organization, say)."""
    return getattr(_current, "together", False)


@contextlib.contextmanager
def _as_example(index, base, together=False):
    _current.index, _current.rng, _current.together = index, random.Random(f"{base}:{index}"), together
    try:
        yield
    finally:
        _current.index = _current.rng = None
        _current.together = False


class Exploration:
    def __init__(self, seed=None, around=None, name="", concurrency=1, width=None):
        self.seed = seed
        self.name = name  # the test's node ID: with the seed, what each example's generator is seeded from
        self.examples_run = 0
        self.around = around or contextlib.nullcontext  # wraps each example (the run's scratch clean-up)
        self.concurrency = concurrency
        # holds -> how many examples may run at once, each holding up to `holds` domains (the quota's headroom)
        self.width = width or (lambda holds: concurrency)

    def run(self, body, examples=(), independent=False, holds=1, admit=None, key=None, **strategies):
        """Call body(**drawn) for every pinned example, then for generated ones.

        independent: the examples share no state but what `key` names, so they may run at the same time;
        holds: the most domains one example holds at once (bounds how many run together under a known quota);
        admit(**drawn) -> bool: False rejects a drawn example before it runs, and Hypothesis draws another;
        key(**drawn): examples that share a key (the same domain, say) never run at the same time; a key may be
            a collection of keys, or None for none.
        """
        width = max(1, self.width(holds)) if independent and self.concurrency > 1 else 1
        drawn = []
        base = f"{self.seed}:{self.name}"

        @functools.wraps(body)
        def counted(**kwargs):
            if admit is not None and not admit(**kwargs):
                hypothesis.reject()
            if width > 1:
                drawn.append(kwargs)  # drawn now, run below
                return None
            return self._run_one(body, kwargs, base)

        test = hypothesis.given(**strategies)(counted)
        for pinned in reversed(list(examples)):
            test = hypothesis.example(**pinned)(test)
        if self.seed is not None:
            test = hypothesis.seed(self.seed)(test)
        test()
        if drawn:
            self._run_together(body, drawn, width, key, base)

    def each(self, body, items, holds=1, key=None):
        """Call body(**item) for every item of a fixed list of independent ones (the rounds of a race, say):
        one after another at --concurrency 1, else as many at once as the room allows, judged as drawn examples
        are (each with its own generator, failures in list order, a full organization run again alone)."""
        base = f"{self.seed}:{self.name}"
        width = max(1, self.width(holds)) if self.concurrency > 1 else 1
        if width > 1:
            self._run_together(body, list(items), width, key, base)
            return
        for item in items:
            self._run_one(body, item, base)

    def _run_one(self, body, kwargs, base):
        """One example now, alone: numbered next, with its own generator, inside the scratch clean-up."""
        index = self.examples_run
        self.examples_run += 1
        with _as_example(index, base), self.around():
            return body(**kwargs)

    def _run_together(self, body, drawn, width, key, base):
        first = self.examples_run
        self.examples_run += len(drawn)
        errors = {}
        locks, guard = collections.defaultdict(threading.Lock), threading.Lock()

        def one(index, kwargs, together=True):
            named = key(**kwargs) if key is not None else None
            names = sorted({repr(n) for n in named}) if isinstance(named, (list, tuple, set, frozenset)) \
                else [] if named is None else [repr(named)]
            with guard:
                held = [locks[n] for n in names]  # in one order everywhere: no two examples wait on each other
            with contextlib.ExitStack() as stack:
                for lock in held:
                    stack.enter_context(lock)
                try:
                    with _as_example(index, base, together), self.around():
                        body(**kwargs)
                except BaseException as error:  # noqa: BLE001 (reported below, in example order)
                    errors[index] = error

        pool = concurrent.futures.ThreadPoolExecutor(width, thread_name_prefix="rmd-example")
        try:
            for future in [pool.submit(one, index, kwargs) for index, kwargs in enumerate(drawn, first)]:
                future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        # An organization that filled up because examples ran together proves nothing: run those again alone.
        for index in sorted(i for i, error in errors.items() if getattr(error, "code", None) == "organization-full"):
            del errors[index]
            one(index, drawn[index - first], together=False)
        if errors:
            index = min(errors)
            error = errors[index]
            error.add_note(f"Example {index - first + 1} of {len(drawn)} drawn ({width} run at a time, "
                           f"not shrunk): {drawn[index - first]!r}")
            raise error
