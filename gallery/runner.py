"""Run the conformance suite against the emulator with one fault or variant, and read the verdicts.

Used by tests/test_gallery.py (one test per fault and variant) and benchmarks/gallery.py (the kill
matrix in docs/gallery.md). The suite runs in a subprocess against an in-process emulator.
"""

import dataclasses
import os
import re
import subprocess
import sys
import time

import emulator
from gallery import configured
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

QUOTA = 5  # the emulator's max_domains_per_org (passed as --max-domains-per-org); >= the 4 names of RMD-STATEFUL, whose model ignores the quota
RACE_ROUNDS = 10
SUITE_TIMEOUT = 300  # seconds; a hung run is a failure, not a hung CI job

_VERDICT_LINE = re.compile(r"^(RMD-[A-Z0-9-]+)\s+(MUST|SHOULD|MAY)\s+(PASS|FAIL|NOT RUN|OBSERVED|NOT VERIFIABLE|"
                           r"BLOCKED|ERROR)\b\s*(?:- (.*))?$")


@dataclasses.dataclass
class Run:
    kind: str  # "fault" or "variant"
    name: str
    exit_code: int
    verdicts: dict  # requirement ID -> (verdict, details)
    seconds: float
    output: str

    def with_verdict(self, *wanted):
        return sorted(rid for rid, (verdict, _) in self.verdicts.items() if verdict in wanted)

    @property
    def failed(self):
        return self.with_verdict("FAIL", "ERROR")


def parse_verdicts(output):
    """The "RegisterMailDomain requirements" table: requirement ID -> (VERDICT, details)."""
    verdicts = {}
    for line in output.splitlines():
        match = _VERDICT_LINE.match(line.strip())
        if match:
            verdicts[match.group(1)] = (match.group(3), match.group(4) or "")
    return verdicts


def run(kind, name, quota=QUOTA, race_rounds=RACE_ROUNDS):
    """Start the emulator with fault or variant `name`, run the suite against it, return a :class:`Run`."""
    entry = (FAULTS if kind == "fault" else VARIANTS)[name]
    extra = list(getattr(entry, "suite_args", ()))
    began = time.monotonic()
    with emulator.start(port=0, config=configured(kind, name, max_domains_per_org=quota)) as running:
        command = [sys.executable, "-m", "pytest", "--pyargs", "conformance", "-p", "no:cacheprovider", "-q",
                   f"--endpoint={running.url}", f"--max-domains-per-org={quota}", "--hypothesis-profile=dev",
                   f"--race-rounds={race_rounds}", "-p", "no:xdist", "-p", "gallery.speed", *extra]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTEST_XDIST_WORKER", None)
        env.pop("PYTEST_ADDOPTS", None)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=SUITE_TIMEOUT, env=env,
                                  cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            code, output = -1, f"suite timed out after {SUITE_TIMEOUT}s\n{expired.stdout or ''}"
    return Run(kind, name, code, parse_verdicts(output), time.monotonic() - began, output)
