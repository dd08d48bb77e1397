"""Schemathesis vs this suite on the fault gallery: which tool catches which fault, which falsely fails which variant.

    .venv/bin/python benchmarks/schemathesis_vs_suite.py [--jobs 2] [--max-examples 200] [--seed 1] [NAME ...]

One command from a fresh clone. It creates benchmarks/.venv-schemathesis (git-ignored) and installs
schemathesis==PINNED there (kept out of the project's dependencies), then, for the clean emulator and
for every fault (gallery/faults.py) and legal variant (gallery/variants.py):

- schemathesis: starts the emulator in-process (SigV4 verification on, one access key; quota
  SCHEMATHESIS_QUOTA), pre-creates an organization through its backend and waits until it is
  Active, writes the OpenAPI 3.1 document benchmarks/openapi.py generates from the contract (with
  request examples naming it), and runs
  `st run DOC --url URL --checks all --seed SEED --max-examples N --continue-on-failure
  --generation-database none --workers 1` with SCHEMATHESIS_HOOKS=benchmarks/schemathesis_hooks.py,
  under a timeout;
- this suite: gallery.runner.run (the same invocation as the kill matrix in docs/gallery.md).

and prints one table: per fault, caught or not by each tool; per variant, false alarm or not; totals;
the median seconds per run of each tool.

What a competent schemathesis user needs for awsJson1.1 (all in benchmarks/schemathesis_hooks.py):
1. a serializer alias: `application/x-amz-json-1.1` is JSON, which schemathesis does not know
   (`schemathesis.serializer.alias(...)`); without it no request body can be sent at all;
2. a deserializer for the same media type on responses, reading an empty body as `{}` (awsJson1.1
   lets an operation without output members answer that way);
3. SigV4: an auth provider fills the declared Authorization security parameter with a placeholder,
   and a `before_call` hook attaches a requests auth object that signs the final bytes (only requests
   still carrying the placeholder, so the `ignored_auth` probes go out unsigned or with bad
   credentials, as intended);
4. a real organization: every well-formed OrganizationId is replaced with a pre-created Active one,
   otherwise every positive request is OrganizationNotFoundException and nothing is ever registered;
5. a `filter_failure` hook: AWS refuses a request without credentials with 400
   MissingAuthenticationTokenException (or 403); schemathesis insists on 401. Refusals with 400/403
   are not counted as failures; acceptance still is. And awsJson servers ignore body members they
   do not know, which the model's `additionalProperties: false` calls a violation: an accepted
   request whose only violation is an unknown member is not counted either;
6. a fresh idempotency token for each request with a well-formed ClientToken: schemathesis reuses
   its boundary values (ClientToken "0" in most coverage cases), and a token reused with other
   parameters is rightly refused, which would hide what those cases vary.
The X-Amz-Target header is a required header parameter with a one-value enum, so schemathesis
sends it, and drops or mangles it in its negative cases.

Verdicts. Schemathesis's verdict on a run is the set of its failure codes (ST...), from its JSON
report. Schemathesis already fails the clean emulator with ST202 (the model's schema admits
DomainNames the service may reject, such as "000", which is no DNS name: the contract classifies
them implementation-defined, schemathesis can only call them valid). So a fault counts as caught, and a variant as a
false alarm, when the run reports a failure code the clean run did not report: what a user who
accepted the clean run's failures as a baseline would see. The table shows the codes either way.
The suite's verdicts are the kill matrix's: a fault is caught when one of its expected requirements
fails; a variant is a false alarm when the run exits non-zero.
"""

import argparse
import concurrent.futures
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import emulator  # noqa: E402
import openapi  # noqa: E402
from contract import CONTRACT  # noqa: E402
from gallery import configured, runner as gallery  # noqa: E402
from gallery.faults import FAULTS  # noqa: E402
from gallery.variants import VARIANTS  # noqa: E402

PINNED = "4.32.5"  # the latest release on 2026-11-26 (`pip index versions schemathesis`)
VENV = os.path.join(ROOT, "benchmarks", ".venv-schemathesis")
HOOKS = os.path.join(ROOT, "benchmarks", "schemathesis_hooks.py")
ST = os.path.join(VENV, "bin", "st")
ST_TIMEOUT = 240  # seconds per schemathesis run; a hung run counts as "timed out", not as a verdict
ACTIVE_TIMEOUT = 10  # seconds to wait for the pre-created organizations to become Active
SCHEMATHESIS_QUOTA = 1000  # schemathesis cannot know the quota; its positive cases must not run into it
ORGANIZATIONS = 1  # one: two would make a generated domain sent to both answer MailDomainInUseException
ACCESS_KEY = "AKIDSCHEMATHESISBENCH"
SECRET_KEY = "schemathesis-bench-secret-key"


def ensure_schemathesis():
    """Create benchmarks/.venv-schemathesis with schemathesis==PINNED unless it is already there."""
    if os.path.exists(ST):
        done = subprocess.run([ST, "--version"], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip().endswith(PINNED):
            return
    print(f"installing schemathesis=={PINNED} into {os.path.relpath(VENV, ROOT)} ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
    subprocess.run([os.path.join(VENV, "bin", "python"), "-m", "pip", "install", "-q",
                    f"schemathesis=={PINNED}"], check=True)


@dataclasses.dataclass
class StRun:
    kind: str  # "clean", "fault" or "variant"
    name: str
    exit_code: int
    codes: tuple  # schemathesis failure codes, e.g. ("ST201", "ST202")
    titles: dict  # code -> title
    generated: int
    seconds: float
    output: str


def _wait_active(backend, organization_ids):
    deadline = time.monotonic() + ACTIVE_TIMEOUT
    state_key = "State"
    while time.monotonic() < deadline:
        if all(backend.describe_organization(o)[state_key] == CONTRACT.active_state for o in organization_ids):
            return
        time.sleep(0.05)
    raise RuntimeError(f"organizations {organization_ids} not {CONTRACT.active_state} after {ACTIVE_TIMEOUT}s")


def run_schemathesis(kind, name, seed, max_examples):
    """Start the emulator with one fault or variant (or none), run `st run` against it, read its JSON report."""
    config = emulator.Config(verify_signatures=True, credentials={ACCESS_KEY: SECRET_KEY},
                             max_domains_per_org=SCHEMATHESIS_QUOTA)
    if kind in ("fault", "variant"):
        config = configured(kind, name, config)
    began = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="st-bench-")
    try:
        with emulator.start(port=0, config=config) as running:
            member = CONTRACT.organization.name
            organizations = [running.backend.create_organization(alias=f"schemathesis-bench-{i}")[member]
                             for i in range(ORGANIZATIONS)]
            _wait_active(running.backend, organizations)
            doc_path = os.path.join(workdir, "openapi.json")
            with open(doc_path, "w") as out:
                json.dump(openapi.document(organizations, running.url), out, indent=2)
            report = os.path.join(workdir, "report.json")
            env = {**os.environ, "SCHEMATHESIS_HOOKS": HOOKS, "RMD_BENCH_ACCESS_KEY": ACCESS_KEY,
                   "RMD_BENCH_SECRET_KEY": SECRET_KEY, "RMD_BENCH_REGION": running.config.region,
                   "RMD_BENCH_SERVICE": CONTRACT.service_id.lower(),
                   "RMD_BENCH_ORGANIZATIONS": json.dumps(organizations),
                   "RMD_BENCH_ORGANIZATION_MEMBER": member, "RMD_BENCH_OPENAPI": doc_path,
                   "RMD_BENCH_TOKEN_MEMBER": CONTRACT.idempotency_token_member.name,
                   "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
            for leaked in ("VIRTUAL_ENV", "PYTHONPATH", "PYTEST_ADDOPTS"):
                env.pop(leaked, None)
            command = [ST, "run", doc_path, "--url", running.url, "--checks", "all", "--seed", str(seed),
                       "--max-examples", str(max_examples), "--continue-on-failure", "--workers", "1",
                       "--generation-database", "none", "--no-color", "--request-timeout", "10",
                       "--report", "json", "--report-json-path", report]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=ST_TIMEOUT, env=env,
                                      cwd=workdir)
                code, output = done.returncode, done.stdout + done.stderr
            except subprocess.TimeoutExpired as expired:
                code, output = -1, f"schemathesis timed out after {ST_TIMEOUT}s\n{expired.stdout or ''}"
            codes, titles, generated = (), {}, 0
            if os.path.exists(report):
                with open(report) as f:
                    data = json.load(f)
                titles = {fail["code"]: fail["title"] for fail in data.get("failures", [])}
                codes = tuple(sorted(titles))
                generated = data.get("test_cases", {}).get("generated", 0)
                if data.get("errors"):
                    codes += ("ERROR",)
                    titles["ERROR"] = "; ".join(str(e.get("title", e))[:80] for e in data["errors"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return StRun(kind, name, code, codes, titles, generated, time.monotonic() - began, output)


def st_new_codes(run, baseline):
    if run.exit_code == -1:
        return ("TIMEOUT",)
    return tuple(c for c in run.codes if c not in baseline.codes)


def suite_escaped(run):
    if run.kind == "variant":
        return run.exit_code != 0
    return run.exit_code == 0 or not set(FAULTS[run.name].requirements) & set(run.failed)


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _st_codes(run, new):
    if run is None:
        return "-"
    if run.exit_code == -1:
        return "timed out"
    return ", ".join(code if code in new else f"({code})" for code in run.codes) or "-"


def _suite_failed(kind, name, run):
    if run is None:
        return "-"
    if run.exit_code not in (0, 1):
        return f"exit {run.exit_code}"
    expected = [r for r in FAULTS[name].requirements if r in run.failed] if kind == "fault" else []
    others = [r for r in run.failed if r not in expected]
    shown = expected + others[:2]
    more = len(run.failed) - len(shown)
    return _cell(", ".join(shown) + (f" (+{more} more)" if more else "")) or "-"


def table(st_runs, suite_runs):
    baseline = st_runs[("clean", None)]
    lines = [f"Schemathesis on the clean emulator: {', '.join(baseline.codes) or 'no failure'} "
             f"({'; '.join(f'{c} {t}' for c, t in baseline.titles.items()) or '-'}); "
             "those codes are its baseline below.", "",
             "| fault / variant | schemathesis | its failure codes (clean-run ones in parentheses) | suite | "
             "suite requirements failed (expected ones first) |",
             "|---|---|---|---|---|"]
    totals = {"fault": [0, 0, 0], "variant": [0, 0, 0]}  # runs, schemathesis hits, suite hits
    for kind, registry in (("fault", FAULTS), ("variant", VARIANTS)):
        for name in registry:
            if (kind, name) not in st_runs and (kind, name) not in suite_runs:
                continue
            st = st_runs.get((kind, name))
            suite = suite_runs.get((kind, name))
            new = st_new_codes(st, baseline) if st else ()
            if kind == "fault":
                st_cell = ("caught" if new else "**missed**") if st else "-"
                suite_cell = ("caught" if not suite_escaped(suite) else "**missed**") if suite else "-"
                hit_st, hit_suite = bool(st and new), bool(suite and not suite_escaped(suite))
            else:
                st_cell = ("**false alarm**" if new else "pass") if st else "-"
                suite_cell = ("**false alarm**" if suite_escaped(suite) else "pass") if suite else "-"
                hit_st, hit_suite = bool(st and new), bool(suite and suite_escaped(suite))
            totals[kind][0] += 1
            totals[kind][1] += hit_st
            totals[kind][2] += hit_suite
            lines.append(f"| {kind} `{name}` | {st_cell} | {_st_codes(st, new)} | {suite_cell} | "
                         f"{_suite_failed(kind, name, suite)} |")
    faults, variants = totals["fault"], totals["variant"]
    lines += ["", f"Faults caught: schemathesis {faults[1]}/{faults[0]}, suite {faults[2]}/{faults[0]}. "
                  f"Variants falsely failed: schemathesis {variants[1]}/{variants[0]}, "
                  f"suite {variants[2]}/{variants[0]}."]
    st_seconds = [r.seconds for r in st_runs.values()]
    suite_seconds = [r.seconds for r in suite_runs.values()]
    lines.append(f"Median seconds per run: schemathesis {statistics.median(st_seconds):.1f} "
                 f"({len(st_seconds)} runs), suite "
                 f"{statistics.median(suite_seconds) if suite_seconds else float('nan'):.1f} "
                 f"({len(suite_seconds)} runs).")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=2, help="runs in parallel, per tool (default %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="schemathesis --seed (default %(default)s)")
    p.add_argument("--max-examples", type=int, default=200,
                   help="schemathesis --max-examples (default %(default)s)")
    p.add_argument("--skip-suite", action="store_true", help="run schemathesis only")
    p.add_argument("names", nargs="*", help="faults or variants to run (default: all)")
    args = p.parse_args(argv)
    ensure_schemathesis()
    wanted = [("fault", n) for n in FAULTS] + [("variant", n) for n in VARIANTS]
    if args.names:
        unknown = set(args.names) - {n for _, n in wanted}
        if unknown:
            p.error(f"unknown fault or variant: {', '.join(sorted(unknown))}")
        wanted = [(kind, name) for kind, name in wanted if name in args.names]
    began = time.monotonic()
    quiet, sys.stderr = sys.stderr, open(os.devnull, "w")  # the faults' crash tracebacks
    try:
        baseline = run_schemathesis("clean", None, args.seed, args.max_examples)
        print(f"schemathesis clean: exit {baseline.exit_code}, {baseline.codes}, {baseline.seconds:.0f} s",
              file=quiet, flush=True)
        st_runs = {("clean", None): baseline}
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(run_schemathesis, kind, name, args.seed, args.max_examples): (kind, name)
                       for kind, name in wanted}
            for future in concurrent.futures.as_completed(futures):
                done = future.result()
                st_runs[(done.kind, done.name)] = done
                print(f"schemathesis {done.kind} {done.name}: exit {done.exit_code}, {done.codes}, "
                      f"{done.generated} cases, {done.seconds:.0f} s", file=quiet, flush=True)
        st_wall = time.monotonic() - began
        suite_runs = {}
        if not args.skip_suite:
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                futures = {pool.submit(gallery.run, kind, name): (kind, name) for kind, name in wanted}
                for future in concurrent.futures.as_completed(futures):
                    done = future.result()
                    suite_runs[(done.kind, done.name)] = done
                    print(f"suite {done.kind} {done.name}: exit {done.exit_code}, FAIL {done.failed}, "
                          f"{done.seconds:.0f} s", file=quiet, flush=True)
    finally:
        sys.stderr.close()
        sys.stderr = quiet
    total = time.monotonic() - began
    print(table(st_runs, suite_runs))
    print(f"\nschemathesis {PINNED} (--checks all --seed {args.seed} --max-examples {args.max_examples}); "
          f"{len(st_runs)} schemathesis runs in {st_wall:.0f} s, {len(suite_runs)} suite runs in "
          f"{total - st_wall:.0f} s, {args.jobs} jobs per tool; {total:.0f} s in all. "
          f"Python {platform.python_version()}, {os.cpu_count()} cores.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
