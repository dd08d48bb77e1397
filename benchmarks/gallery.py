"""Run the whole fault gallery and the legal variants over one or more seeds; record the kill matrix.

    .venv/bin/python benchmarks/gallery.py [--jobs 2] [--seeds 5] [NAME ...]

Each fault must make the suite FAIL its primary requirement in every run; each variant must pass in every
run. Writes benchmarks/results/gallery.json and docs/gallery.md (the whole gallery only, unless --no-write).
Exit 1 if any fault escapes or any variant is falsely failed in any run.
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gallery import matrix, runner  # noqa: E402
from gallery.faults import FAULTS  # noqa: E402
from gallery.variants import VARIANTS  # noqa: E402

RECORD = ROOT / "benchmarks" / "results" / "gallery.json"
DOC = ROOT / "docs" / "gallery.md"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=2, help="suite runs in parallel (default %(default)s)")
    p.add_argument("--seeds", type=int, default=1, help="runs of each, seed after seed (default %(default)s)")
    p.add_argument("--no-write", action="store_true", help="write neither the record nor docs/gallery.md")
    p.add_argument("names", nargs="*", help="faults or variants to run (default: all)")
    args = p.parse_args(argv)
    seeds = [runner.SEED + n for n in range(args.seeds)]
    wanted = [("fault", n) for n in FAULTS] + [("variant", n) for n in VARIANTS]
    if args.names:
        wanted = [(kind, name) for kind, name in wanted if name in args.names]
    jobs = [(kind, name, seed) for seed in seeds for kind, name in wanted]
    began = time.monotonic()
    quiet, sys.stderr = sys.stderr, open(os.devnull, "w")  # the faults' crash tracebacks
    runs = []
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for done in pool.map(lambda job: runner.run(*job), jobs):
                runs.append(done)
                ok = done.caught if done.kind == "fault" else done.passed
                print(f"{done.kind} {done.name} seed {done.seed}: {'ok' if ok else 'PROBLEM'} "
                      f"(failed {done.failed}) {done.seconds:.0f} s", file=quiet, flush=True)
    finally:
        sys.stderr = quiet
    seconds = time.monotonic() - began
    settings = (f"emulator max_domains_per_org={runner.QUOTA}; suite --hypothesis-profile=gallery "
                f"--race-rounds={runner.RACE_ROUNDS} --consistency-timeout={runner.CONSISTENCY_TIMEOUT}")
    measured = matrix.record(runs, seeds, seconds, args.jobs, settings)
    print(matrix.render(measured))
    if not args.names and not args.no_write:
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(measured, indent=2) + "\n")
        DOC.write_text(matrix.render(measured))
    bad = [r for r in runs if not (r.caught if r.kind == "fault" else r.passed)]
    for run in bad:
        print(f"PROBLEM: {run.kind} {run.name} seed {run.seed}: exit {run.exit_code}, failed {run.failed}",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
