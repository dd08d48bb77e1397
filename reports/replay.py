"""Run a recorded certification again and compare the verdicts: `python -m reports.replay DIR [--endpoint URL]`.

A SHA-256 manifest only shows that nothing changed by accident; someone who edits a report can recompute it.
The real proof of a verdict is the endpoint itself: this re-runs the suite with every setting, the
selection (-k, -m), the Hypothesis profile and the seed recorded in DIR/results.json, against the same
endpoint (or the one --endpoint names, e.g. where the service moved), and compares the verdicts
requirement by requirement. Verdicts before declared deviations are compared, so a deviation file that is
not at hand changes nothing.

Exit 0 when every verdict is reproduced, 1 when one differs, 2 on a usage error.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

from conformance import options as suite_options
from reports import RESULTS

# Settings that describe where the run's files went rather than what it judged.
_NOT_REPLAYED = {"report_dir", "deviations"}


def command(document, endpoint=None, report_dir=None):
    """The pytest command that repeats the recorded run."""
    args = [sys.executable, "-m", "pytest", "--pyargs", "conformance", "-p", "no:cacheprovider", "-q",
            f"--hypothesis-profile={document['hypothesis']['profile']}"]
    if document["hypothesis"]["seed"] is not None:
        args.append(f"--hypothesis-seed={document['hypothesis']['seed']}")
    recorded = document["options"]
    for option in suite_options.OPTIONS:
        value = recorded.get(option.dest)
        if option.dest in _NOT_REPLAYED or option.dest == "endpoint" or value in (None, False):
            continue
        args.append(option.flag if option.is_flag else f"{option.flag}={value}")
    target = endpoint or (None if document["target"]["embedded"] else document["target"]["endpoint"])
    if target:
        args.append(f"--endpoint={target}")
    selection = document["run"].get("selection") or {}
    if selection.get("keyword"):
        args += ["-k", selection["keyword"]]
    if selection.get("markexpr"):
        args += ["-m", selection["markexpr"]]
    if report_dir is not None:
        args.append(f"--report-dir={report_dir}")
    return args


def underlying(document):
    """requirement ID -> its verdict before any declared deviation waived it."""
    return {r["id"]: r["waived"] or r["verdict"] for r in document["requirements"]}


def differences(before, after):
    return [(rid, before[rid], after.get(rid)) for rid in before if before[rid] != after.get(rid)]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m reports.replay", description=__doc__.splitlines()[0])
    parser.add_argument("report_dir", help="a report directory written by --report-dir")
    parser.add_argument("--endpoint", help="run against this URL instead of the recorded one")
    args = parser.parse_args(argv)
    path = pathlib.Path(args.report_dir) / RESULTS
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as why:
        print(f"reports.replay: {path}: cannot read: {why}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rmd-replay-") as scratch:
        run = command(document, args.endpoint, scratch)
        print("reports.replay: " + " ".join(run[1:]), flush=True)
        done = subprocess.run(run, capture_output=True, text=True)
        try:
            again = json.loads((pathlib.Path(scratch) / RESULTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            print(f"reports.replay: the run wrote no results (exit {done.returncode}):\n{done.stdout[-3000:]}"
                  f"{done.stderr[-2000:]}", file=sys.stderr)
            return 1
    found = differences(underlying(document), underlying(again))
    if found:
        print(f"reports.replay: {len(found)} verdicts differ from the recorded run {document['run']['id']}:")
        for rid, before, after in found:
            print(f"  {rid}: recorded {before!r}, now {after!r}")
        return 1
    print(f"reports.replay: all {len(document['requirements'])} verdicts of run {document['run']['id']} reproduced "
          f"(new run {again['run']['id']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
