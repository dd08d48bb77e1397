"""Run the conformance suite against the emulator with one fault or variant, and read its verdicts.

Used by tests/test_gallery.py (one test per fault and variant) and benchmarks/gallery.py (the kill matrix
in docs/gallery.md). The suite runs in a subprocess against an in-process emulator, with the `gallery`
Hypothesis profile and a recorded seed, and writes results.json, which is what the verdicts are read from.
"""

import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import emulator
from gallery import configured
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

QUOTA = 5  # the emulator's max_domains_per_org (passed as --max-domains-per-org); >= the 4 names of RMD-STATEFUL
RACE_ROUNDS = 10
SEED = 20261201  # the recorded seed of the gallery's runs; the benchmark adds others
# Reads may lag up to this long: above the lag of the eventually-consistent variant, short enough that a fault
# whose effects never show fails each check quickly.
CONSISTENCY_TIMEOUT = 1.5
SUITE_TIMEOUT = 300  # seconds; a hung run is a failure, not a hung CI job
ROOT = pathlib.Path(__file__).resolve().parent.parent


@dataclasses.dataclass
class Run:
    kind: str  # "fault" or "variant"
    name: str
    seed: int
    exit_code: int
    verdicts: dict  # requirement ID -> verdict, from results.json
    details: dict  # requirement ID -> the first failure ("expected ...; got ...") or the reason
    seconds: float
    output: str

    def with_verdict(self, *wanted):
        return sorted(rid for rid, verdict in self.verdicts.items() if verdict in wanted)

    @property
    def failed(self):
        return self.with_verdict("fail")

    @property
    def caught(self):
        """A fault is caught when its primary requirement fails (not errors, not blocked)."""
        return self.kind == "fault" and self.verdicts.get(FAULTS[self.name].primary) == "fail"

    @property
    def false_alarms(self):
        """What a legal variant was wrongly held to: any failing verdict, any MUST neither passed nor n/a."""
        from conformance import catalogue

        bad = set(self.with_verdict("fail", "blocked", "error"))
        bad |= {rid for rid, verdict in self.verdicts.items()
                if catalogue.REQUIREMENTS[rid].level == catalogue.MUST and verdict not in ("pass", "not applicable")}
        return sorted(bad)

    @property
    def passed(self):
        return self.kind == "variant" and self.exit_code == 0 and not self.false_alarms


def command(url, extra=(), seed=SEED, report_dir=None, quota=QUOTA, race_rounds=RACE_ROUNDS):
    return [sys.executable, "-m", "pytest", "--pyargs", "conformance", "-p", "no:cacheprovider", "-q",
            f"--endpoint={url}", f"--max-domains-per-org={quota}", "-p", "gallery.speed",
            "--hypothesis-profile=gallery", f"--hypothesis-seed={seed}", f"--race-rounds={race_rounds}",
            f"--consistency-timeout={CONSISTENCY_TIMEOUT}",
            "-p", "no:xdist", *([f"--report-dir={report_dir}"] if report_dir else []), *extra]


def run(kind, name, seed=SEED, quota=QUOTA, race_rounds=RACE_ROUNDS):
    """Start the emulator with fault or variant `name`, run the suite against it, return a :class:`Run`."""
    entry = (FAULTS if kind == "fault" else VARIANTS)[name]
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rmd-gallery-") as report, \
            emulator.start(port=0, config=configured(kind, name, max_domains_per_org=quota)) as running:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTEST_XDIST_WORKER", None)
        env.pop("PYTEST_ADDOPTS", None)
        try:
            done = subprocess.run(command(running.url, entry.suite_args, seed, report, quota, race_rounds),
                                  capture_output=True, text=True, timeout=SUITE_TIMEOUT, env=env, cwd=ROOT)
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            code, output = -1, f"suite timed out after {SUITE_TIMEOUT}s\n{expired.stdout or ''}"
        verdicts, details = read_verdicts(pathlib.Path(report) / "results.json")
    return Run(kind, name, seed, code, verdicts, details, time.monotonic() - began, output)


def read_verdicts(path):
    """requirement ID -> verdict, and -> the first failure or reason, from a results.json (empty if none)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    verdicts, details = {}, {}
    for record in document["requirements"]:
        verdicts[record["id"]] = record["verdict"]
        if record["failures"]:
            first = record["failures"][0]
            details[record["id"]] = f"expected {first['expected']}; got {first['got']}"
        elif record["reason"]:
            details[record["id"]] = f"{record['reason']['summary']}: {record['reason']['detail']}".rstrip(": ")
    return verdicts, details
