"""Progress on long runs: which requirement the run is on, and how many examples it has judged.

- At a terminal (without -q, -v or xdist), a check that runs longer than a second gets one status line,
  refreshed in place as its judge counts examples; the last state stays on screen when it ends.
- In a log (no terminal, not -q), one line per requirement once its last check has finished; under xdist
  the controller does not know which checks a requirement has, so one line per finished check instead.
- A run with the certification profile says up front roughly how long it will take (estimate()).
Nothing here decides a verdict: lines say what was judged, never whether it passed.
"""

import collections
import contextlib
import threading
import time

import hypothesis
import pytest

from conformance import keys
from conformance.catalogue import requirement_ids

LIVE_AFTER = 1.0  # seconds a check runs before its status line appears
REDRAW_EVERY = 0.25  # seconds between two redraws of the status line
# Requests a whole run sends, as a line in the profile's max_examples: measured by benchmarks/suite_speed.py
# against the embedded emulator (4,136 requests at 60 examples, 29,845 at 500; 58 checks). The estimate
# scales them by the checks selected and by the preflight's round trip plus the harness's own time.
REQUESTS_FIXED = 630
REQUESTS_PER_MAX_EXAMPLE = 58.4
CHECKS_MEASURED = 58
HARNESS_SECONDS_PER_REQUEST = 0.001


@pytest.hookimpl(trylast=True)  # after the terminal reporter registers itself
def pytest_configure(config):
    if hasattr(config, "workerinput") or config.option.verbose < 0 or config.option.collectonly:
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    distributed = bool(getattr(config.option, "numprocesses", None)) or getattr(config.option, "dist", "no") != "no"
    if reporter.isatty:
        if config.option.verbose == 0 and not distributed:
            capture = config.pluginmanager.get_plugin("capturemanager")
            config.pluginmanager.register(LiveStatus(reporter, capture), "rmd-progress")
    else:
        config.pluginmanager.register(LogLines(reporter, per_requirement=not distributed), "rmd-progress")


class LiveStatus:
    def __init__(self, reporter, capture):
        self.reporter, self.capture = reporter, capture
        self._reset(())

    def _reset(self, requirements):
        self.requirements, self.count = requirements, 0
        self.started = self.drawn_at = time.monotonic()
        self.drawn = False

    def pytest_runtest_logstart(self, nodeid, location):
        self._reset(())

    def pytest_runtest_setup(self, item):
        self._reset(requirement_ids(item))

    def judged(self, requirement, examples):
        self.count += examples
        now = time.monotonic()
        # Only the main thread writes to the terminal: concurrency checks count from their own threads.
        if (threading.current_thread() is not threading.main_thread() or now - self.started < LIVE_AFTER
                or now - self.drawn_at < REDRAW_EVERY):
            return
        self.drawn_at = now
        names = ", ".join(self.requirements) or requirement
        # The check's output is being captured: the status goes past the capture, as pytest's live logs do.
        with self.capture.global_and_fixture_disabled() if self.capture else contextlib.nullcontext():
            if not self.drawn:
                self.reporter.ensure_newline()  # the dots line stays; pytest starts a new one after this check
                self.drawn = True
            self.reporter.rewrite(f"  {names}: {self.count} examples judged, {now - self.started:.0f} s",
                                  erase=True)


class LogLines:
    def __init__(self, reporter, per_requirement):
        self.reporter, self.per_requirement = reporter, per_requirement
        self.remaining = collections.Counter()
        self.judged_so_far = collections.Counter()
        self.checks = collections.Counter()

    def judged(self, requirement, examples):
        pass  # a log gets its line when a requirement is done, from the reports

    def pytest_collection_finish(self, session):
        for item in session.items:
            self.remaining.update(requirement_ids(item))

    def pytest_runtest_logreport(self, report):
        if report.when != "teardown":
            return
        properties = dict(report.user_properties)
        ids = properties.get("rmd_requirement", ())
        judged = collections.Counter()
        for key, value in report.user_properties:
            if key == "rmd_judged":
                judged.update(value)
        if not self.per_requirement:
            if ids:
                self._lines([f"{report.nodeid.rpartition('::')[2]} finished ({', '.join(ids)}): "
                             f"{sum(judged.values())} examples judged"])
            return
        self.judged_so_far.update(judged)
        done = []
        for rid in ids:
            self.checks[rid] += 1
            self.remaining[rid] -= 1
            if self.remaining[rid] == 0:
                done.append(f"{rid}: its {_checks(self.checks[rid])} finished"
                            + (f", {self.judged_so_far[rid]} examples judged" if self.judged_so_far[rid] else ""))
        self._lines(done)

    def _lines(self, texts):
        if texts:
            # No newline after the last: pytest starts the next file's line with one, and a blank line between
            # would only make the log longer.
            self.reporter.ensure_newline()
            self.reporter.write("\n".join(f"rmd-conformance: {text}" for text in texts))


def _checks(count):
    return "check" if count == 1 else f"{count} checks"


def estimate(items, profile, round_trip):
    """Seconds a run of `items` should take under `profile`, one request at a time at `round_trip` seconds."""
    examples = hypothesis.settings.get_profile(profile).max_examples
    requests = (REQUESTS_FIXED + REQUESTS_PER_MAX_EXAMPLE * examples) * len(items) / CHECKS_MEASURED
    return requests * (round_trip + HARNESS_SECONDS_PER_REQUEST)


def pytest_collection_finish(session):
    """The certification profile's expected duration, before the first check."""
    config = session.config
    run = config.stash.get(keys.run_key, None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if run is None or run["profile"] != "certification" or reporter is None or hasattr(config, "workerinput"):
        return
    found = config.stash.get(keys.preflight_key, None)
    round_trip = found.round_trip if found is not None and found.round_trip else 0.0
    seconds = estimate(session.items, run["profile"], round_trip)
    reporter.write_line(f"rmd-conformance: certification profile: {len(session.items)} checks, expected to take "
                        f"about {_duration(seconds)} one request at a time at {round_trip * 1000:.0f} ms each, "
                        "less with --concurrency (a guide, not a bound)")


def _duration(seconds):
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes >= 2 else f"{max(1, round(seconds))} s"
