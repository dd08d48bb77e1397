"""How fast the suite is, and how close to the wire's floor: a benchmark, never a test.

In one sitting it measures:
- the emulator's floor: RegisterMailDomain requests a second on one keep-alive connection
  (benchmarks/emulator_throughput.py's load, 3 s);
- the default run against the embedded emulator, serial and with -n 2: wall time, requests sent
  (results.json's weather.requests), requests a second, the ratio to the floor, and the harness's own cost
  per request (wall time a request, less the floor's time a request);
- the default run against a separate emulator answering 50 ms late (`python -m emulator --latency-ms 50`),
  as from a remote endpoint, holding 100 domains an organization and then 8, neither stated to the suite;
- the certification profile against the embedded emulator;
- with --profile, a cProfile of one serial default run in this process (top functions by own time).

The suite runs as a user's Python runs it, with its bytecode cache (one warm-up run first fills it); this
machine sets PYTHONDONTWRITEBYTECODE=1 for everything else, so that is removed for the runs, and one more row
measures a serial run without the cache, recompiling every module of ours as that setting makes every run do.

Numbers depend on the machine; they go to benchmarks/results/suite_speed.json, which `--readme` turns into
the README's Speed table.

    .venv/bin/python benchmarks/suite_speed.py [--repeat 3] [--skip-latency] [--skip-certification]
        [--profile] [--readme]
"""

import argparse
import contextlib
import cProfile
import datetime
import io
import os
import json
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import emulator_throughput  # noqa: E402  (after the path tweak, so the script runs from anywhere)

RECORD = ROOT / "benchmarks" / "results" / "suite_speed.json"
PACKAGES = ("contract", "strategies", "conformance", "reports", "emulator")
LATENCY_MS = 50


def child_environment(bytecode_cache=True):
    """Python's default is to cache bytecode; PYTHONDONTWRITEBYTECODE=1 (set on this machine) turns that off."""
    environment = dict(os.environ)
    if bytecode_cache:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        for cache in [c for package in PACKAGES for c in (ROOT / package).rglob("__pycache__")]:
            shutil.rmtree(cache)  # as in a fresh clone: our modules compiled from source (pip compiled the rest)
    return environment


def run_suite(extra, endpoint=None, bytecode_cache=True):
    """One run in a subprocess: (wall seconds, requests sent)."""
    with tempfile.TemporaryDirectory() as report:
        command = [sys.executable, "-m", "pytest", "--pyargs", "conformance", "-q", "-p", "no:cacheprovider",
                   f"--report-dir={report}", *extra] + ([f"--endpoint={endpoint}"] if endpoint else [])
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              env=child_environment(bytecode_cache))
        wall = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"the suite failed (exit {done.returncode}): {' '.join(command)}\n{done.stdout[-3000:]}")
        document = json.loads((Path(report) / "results.json").read_text())
    return wall, document["weather"]["requests"]


def measured(label, extra, repeat, floor, endpoint=None, bytecode_cache=True):
    runs = [run_suite(extra, endpoint, bytecode_cache) for _ in range(repeat)]
    wall = statistics.median(w for w, _ in runs)
    requests = statistics.median(r for _, r in runs)
    rate = requests / wall
    row = {"label": label, "runs": len(runs), "wall_seconds": round(wall, 2), "min": round(min(w for w, _ in runs), 2),
           "max": round(max(w for w, _ in runs), 2), "requests": int(requests),
           "requests_per_second": round(rate), "ratio_to_floor": round(rate / floor, 2),
           "harness_ms_per_request": round(max(0.0, wall / requests - 1 / floor) * 1000, 3)}
    print(f"{label:<44} {wall:6.1f} s  {int(requests):6d} requests  {rate:6.0f}/s  {rate / floor:4.2f}x floor  "
          f"harness {row['harness_ms_per_request']:.2f} ms/request", flush=True)
    return row


def floor_rate(seconds=3.0):
    """RegisterMailDomain requests a second the emulator answers on one keep-alive connection."""
    (_, _, _, count, elapsed), = emulator_throughput.bench_emulator([1], seconds)
    return count / elapsed


@contextlib.contextmanager
def remote_emulator(latency_ms, quota):
    process = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0", "--latency-ms", str(latency_ms),
                                "--activation-delay", "0.05", "--max-domains-per-org", str(quota)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        if not url.startswith("http://"):
            sys.exit(f"the emulator did not start (exit {process.poll()})")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def profile_once():
    """cProfile of one serial default run, in this process: where the harness spends its own time."""
    import pytest

    profiler = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        profiler.runcall(pytest.main, ["--pyargs", "conformance", "-q", "-p", "no:cacheprovider"])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print("cProfile, one serial default run, top 15 by own time:\n" + out.getvalue())


def readme_rows(record):
    rows = {row["label"]: row for row in record["rows"]}
    lines = []
    for row in rows.values():
        lines.append(f"| {row['label']} | {row['wall_seconds']} s (median of {row['runs']}) | {row['requests']} | "
                     f"{row['requests_per_second']}/s ({row['ratio_to_floor']}x the floor) | "
                     f"{row['harness_ms_per_request']} ms |")
    return "\n".join([
        f"Measured by `benchmarks/suite_speed.py` on {record['date']} ({record['machine']}); the emulator's floor "
        f"in the same sitting: {record['floor_requests_per_second']} RegisterMailDomain requests a second on one "
        "keep-alive connection. Harness cost is wall time a request less the floor's. Runs use Python's bytecode "
        "cache, as a user's do after their first run; the last row is a run without it (a fresh clone, or "
        "PYTHONDONTWRITEBYTECODE=1).",
        "",
        "| run | wall time | requests | rate | harness cost a request |",
        "|---|---|---|---|---|",
        *lines,
    ])


def write_readme(record):
    readme = ROOT / "README.md"
    text = readme.read_text()
    begin, end = "<!-- generated:suite-speed -->", "<!-- /generated:suite-speed -->"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    if not rest:
        sys.exit(f"README.md has no {begin} section")
    readme.write_text(f"{head}{begin}\n{readme_rows(record)}\n{end}{tail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-certification", action="store_true")
    parser.add_argument("--profile", action="store_true", help="also cProfile one serial default run")
    parser.add_argument("--readme", action="store_true", help="rewrite README's Speed table from the record")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    floor = floor_rate()
    print(f"emulator floor: {floor:.0f} RegisterMailDomain requests/s on one keep-alive connection", flush=True)
    run_suite([])  # warm-up: fills the bytecode cache, as a user's first run does
    rows = [measured("default run, embedded emulator, serial", [], args.repeat, floor),
            measured("default run, embedded emulator, -n 2", ["-n", "2"], args.repeat, floor)]
    if not args.skip_latency:
        # The suite is not told the quota, as a user often does not: it learns the organization's room itself.
        for quota in (100, 8):
            with remote_emulator(LATENCY_MS, quota) as url:
                rows.append(measured(f"default run, emulator --latency-ms {LATENCY_MS}, quota {quota} unstated", [],
                                     1, floor, endpoint=url))
    if not args.skip_certification:
        rows.append(measured("certification profile, embedded emulator", ["--hypothesis-profile=certification"],
                             1, floor))
    # Last: it leaves our modules without their cache (the next run of anything fills it again).
    rows.append(measured("default run, serial, no bytecode cache", [], args.repeat, floor, bytecode_cache=False))
    record = {"date": datetime.date.today().isoformat(),
              "machine": f"{platform.machine()}, Python {platform.python_version()}",
              "floor_requests_per_second": round(floor), "rows": rows}
    RECORD.parent.mkdir(exist_ok=True)
    RECORD.write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {RECORD.relative_to(ROOT)}")
    if args.readme:
        write_readme(record)
        print("rewrote README.md's Speed table")
    if args.profile:
        profile_once()


if __name__ == "__main__":
    main()
