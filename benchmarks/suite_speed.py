"""How long the full default conformance run takes against the embedded emulator (target: < 60 s).

Runs `pytest` (serial) and `pytest -n 2` a few times each in subprocesses and prints the median
wall time and the peak RSS of the run. A benchmark, not a test: numbers depend on the machine.

    .venv/bin/python benchmarks/suite_speed.py [--repeat 3]
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time


def measure(extra, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "--pyargs", "conformance", "-q",
                               "-p", "no:cacheprovider", *extra], capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"the suite failed (exit {done.returncode}):\n{done.stdout[-2000:]}")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for label, extra in (("serial", []), ("-n 2", ["-n", "2"])):
        times = measure(extra, args.repeat)
        print(f"{label:>7}: median {statistics.median(times):.1f} s over {len(times)} runs "
              f"(min {min(times):.1f}, max {max(times):.1f})")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of one run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
