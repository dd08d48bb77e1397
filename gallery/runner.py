"""Run the conformance suite against the emulator with one fault or variant, and read its verdicts.

Used by tests/test_gallery.py (one test per fault and variant) and benchmarks/gallery.py (the kill matrix
in docs/gallery.md). Each run is a child of a fork server (a new interpreter where the platform has none)
that starts the emulator and runs the suite against it with the `gallery` Hypothesis profile and a
recorded seed; it writes results.json, which is what the verdicts are read from.
"""

import dataclasses
import json
import multiprocessing
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import emulator
from gallery import configured
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

QUOTA = 8  # the emulator's max_domains_per_org (passed as --max-domains-per-org): room for examples in flight
RACE_ROUNDS = 10
SEED = 20261201  # the recorded seed of the gallery's runs; the benchmark adds others
# Reads may lag up to this long: above the lag of the eventually-consistent variant, short enough that a fault
# whose effects never show fails each check quickly.
CONSISTENCY_TIMEOUT = 1.5
SUITE_TIMEOUT = 300  # seconds; a hung run is a failure, not a hung CI job
ROOT = pathlib.Path(__file__).resolve().parent.parent
ONLY_ENV = "RMD_GALLERY_ONLY"  # comma-separated check names the run keeps (read by gallery.speed)


@dataclasses.dataclass
class Run:
    kind: str  # "fault" or "variant"
    name: str
    seed: int
    exit_code: int
    verdicts: dict  # requirement ID -> verdict, from results.json
    details: dict  # requirement ID -> the first failure ("expected ...; got ...") or the reason
    failing_tests: dict  # requirement ID -> the checks (function names) whose failures were attributed to it
    seconds: float
    output: str
    parity: list = None  # with a reference: the points that differ, as (key, the reference's, this run's)

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
            "-p", "no:xdist", "-W", "ignore::pytest.PytestAssertRewriteWarning",  # modules the fork server preloaded
            *([f"--report-dir={report_dir}"] if report_dir else []), *extra]


def run(kind, name, seed=SEED, quota=QUOTA, race_rounds=RACE_ROUNDS, only=None, reference=None):
    """Start the emulator with fault or variant `name`, run the suite against it, return a :class:`Run`.

    `only`: the names of the checks to run (gallery.speed deselects the others); None runs them all.
    `reference`: a reference profile the run is compared with (--reference); Run.parity lists what differs."""
    entry = (FAULTS if kind == "fault" else VARIANTS)[name]
    began = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    if only:
        env[ONLY_ENV] = ",".join(only)
    with tempfile.TemporaryDirectory(prefix="rmd-gallery-") as report:
        extra = (*entry.suite_args, *([f"--reference={reference}"] if reference else []))
        args = command("{url}", extra, seed, report, quota, race_rounds)
        if "forkserver" in multiprocessing.get_all_start_methods():
            code, output = _forked((kind, name, quota), args, env, report)
        else:
            code, output = _in_a_new_interpreter(configured(kind, name, max_domains_per_org=quota), args, env)
        verdicts, details, failing = read_verdicts(pathlib.Path(report) / "results.json")
        differing = read_parity(pathlib.Path(report) / "results.json") if reference else None
    return Run(kind, name, seed, code, verdicts, details, failing, time.monotonic() - began, output, differing)


# Imported once, in the fork server, instead of once a run (about a second each): every run is a child of
# that single-threaded server, so none inherits a lock some thread of ours held when it was forked. As with
# any multiprocessing child, the caller's main script is imported in it: guard it with
# `if __name__ == "__main__":` (benchmarks/gallery.py does).
PRELOAD = ["pytest", "hypothesis", "botocore.session", "jsonschema", "emulator", "gallery.faults", "gallery.variants",
           "conformance.plugin", "reports.plugin"]
_server_lock = threading.Lock()
_server = []


def _fork_server():
    with _server_lock:
        if not _server:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _server.append(context)
        return _server[0]


def _forked(entry, args, env, report):
    """The run in a child of the fork server: it starts its own emulator and runs the suite in process."""
    output_path = os.path.join(report, "output.txt")
    child = _fork_server().Process(target=_child, args=(entry, args, env, output_path), name="rmd-gallery-run")
    child.start()
    child.join(SUITE_TIMEOUT)
    timed_out = child.is_alive()
    if timed_out:
        child.kill()
        child.join()
    output = pathlib.Path(output_path).read_text(errors="replace") if os.path.exists(output_path) else ""
    return (-1, f"suite timed out after {SUITE_TIMEOUT}s\n{output}") if timed_out else (child.exitcode, output)


def _child(entry, args, env, output_path):
    code = 70  # EX_SOFTWARE: the child itself broke
    try:
        descriptor = os.open(output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(descriptor, 1)
        os.dup2(descriptor, 2)
        sys.stdout = open(1, "w", buffering=1, closefd=False)
        sys.stderr = open(2, "w", buffering=1, closefd=False)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(ROOT)
        import pytest

        kind, name, quota = entry
        with emulator.start(port=0, config=configured(kind, name, max_domains_per_org=quota)) as running:
            code = int(pytest.main([arg.replace("{url}", running.url) for arg in args[3:]]))
    except BaseException:  # noqa: BLE001 (whatever happens, the child must end here, with a trace)
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _in_a_new_interpreter(config, args, env):
    with emulator.start(port=0, config=config) as running:
        try:
            done = subprocess.run([arg.replace("{url}", running.url) for arg in args], capture_output=True,
                                  text=True, timeout=SUITE_TIMEOUT, env=env, cwd=ROOT)
            return done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            return -1, f"suite timed out after {SUITE_TIMEOUT}s\n{expired.stdout or ''}"


def read_verdicts(path):
    """From a results.json (empty if none): requirement ID -> verdict, -> the first failure or reason, and ->
    the checks that failed it."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}, {}
    verdicts, details, failing = {}, {}, {}
    for record in document["requirements"]:
        verdicts[record["id"]] = record["verdict"]
        failing[record["id"]] = sorted({check_name(f["test"]) for f in record["failures"] if f.get("test")})
        if record["failures"]:
            first = record["failures"][0]
            details[record["id"]] = f"expected {first['expected']}; got {first['got']}"
        elif record["reason"]:
            details[record["id"]] = f"{record['reason']['summary']}: {record['reason']['detail']}".rstrip(": ")
    return verdicts, details, failing


def read_parity(path):
    """The parity points that differ in a results.json, as (key, the reference's value, this run's)."""
    try:
        compared = json.loads(path.read_text(encoding="utf-8"))["parity"] or {"rows": []}
    except (OSError, ValueError, KeyError):
        return []
    return [(row["key"], row["reference"], row["observed"]) for row in compared["rows"] if row["status"] == "differs"]


def check_name(nodeid):
    """The check's function name in a node ID: 'checks/test_x.py::test_y[a]' -> 'test_y'."""
    return nodeid.rpartition("::")[2].partition("[")[0]
