"""Verify a report directory: `python -m reports.verify DIR`.

What it checks, and what that proves:
- MANIFEST.sha256 lists every report file and each hash matches: no file changed by accident since the
  run. (A forger recomputes the hashes; the manifest alone proves nothing against one.)
- results.json is valid against results.schema.json, and report.html was rendered from exactly this
  results.json (its embedded digest).
- The summary, the certificate, the exit code and every deviation's status are recomputed from the
  per-requirement records, with the suite's own rules; any disagreement is a finding. A requirement that
  passed must show judged examples and no failure; one that failed must show its failures; one that
  was not verifiable must name a reason of its category.
- junit.xml tells the same verdicts.

Against a forger who edits every record consistently, the proof is to run it again:
`python -m reports.replay DIR --endpoint URL`. Exit 0 when all holds, 1 otherwise, 2 on a usage error.
"""

import datetime
import hmac
import json
import pathlib
import re
import sys

import jsonschema

from conformance import catalogue, deviations, parity, verdicts
from reports import FILES, HTML, JUNIT, MANIFEST, RESULTS, junit, results
from reports.write import sha256

_DIGEST = re.compile(r'<meta name="rmd-results-sha256" content="([0-9a-f]{64})">')


def problems(directory):
    directory = pathlib.Path(directory)
    found = _manifest_problems(directory)
    if found:
        return found
    try:
        document = json.loads((directory / RESULTS).read_text(encoding="utf-8"))
        results.validate(document)
    except (ValueError, jsonschema.ValidationError) as why:
        message = why.message if isinstance(why, jsonschema.ValidationError) else str(why)
        where = "/".join(str(p) for p in getattr(why, "absolute_path", ()))
        return [f"{RESULTS}: not valid against results.schema.json: {message}" + (f" (at {where})" if where else "")]
    found += _html_problems(directory)
    found += recomputed_problems(document)
    found += _junit_problems(directory, document)
    return found


def _manifest_problems(directory):
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        return [f"{manifest_path}: missing"]
    found, listed = [], {}
    for number, line in enumerate(manifest_path.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name or "/" in name or "\\" in name:
            found.append(f"{MANIFEST} line {number}: not '<sha256>  <file name>'")
            continue
        listed[name] = digest
    for name in FILES:
        if name not in listed:
            found.append(f"{MANIFEST}: does not list {name}")
    for name, digest in listed.items():
        path = directory / name
        if not path.is_file():
            found.append(f"{name}: listed in {MANIFEST} but missing")
        elif not hmac.compare_digest(sha256(path), digest):
            found.append(f"{name}: sha256 does not match {MANIFEST} (the file was changed after the run)")
    return found


def _html_problems(directory):
    match = _DIGEST.search((directory / HTML).read_text(encoding="utf-8"))
    if match is None or not hmac.compare_digest(match.group(1), sha256(directory / RESULTS)):
        return [f"{HTML}: was not rendered from this {RESULTS} (its embedded digest differs)"]
    return []


def recomputed_problems(document):
    """What the per-requirement records imply, compared with what the document says."""
    found = []
    records = {r["id"]: r for r in document["requirements"]}
    unknown = sorted(set(records) - set(catalogue.REQUIREMENTS))
    missing = sorted(set(catalogue.REQUIREMENTS) - set(records))
    if unknown or missing:
        found.append(f"{RESULTS}: requirements {unknown or missing} do not match the suite's catalogue")
        return found
    for rid, record in records.items():
        found += [f"{rid}: {p}" for p in _record_problems(record)]
    table = {rid: _as_verdict(record) for rid, record in records.items()}
    found += _deviation_problems(document, records)
    summary = verdicts.summary(table)
    for key, value in summary.items():
        if document["summary"].get(key) != value:
            found.append(f"summary.{key}: {RESULTS} says {document['summary'].get(key)!r}, the requirements give "
                         f"{value!r}")
    found += _parity_problems(document.get("parity"))
    status = document["run"]["exit_status"]
    expected = summary["exit_code"] or int(_parity_fails(document.get("parity")))
    if status in (0, 1) and status != expected:
        found.append(f"run.exit_status: {RESULTS} says {status}, the requirements (and --require-parity) give "
                     f"{expected}")
    return found


def _parity_fails(compared):
    return bool(compared and compared["required"] and compared["summary"]["differs"])


def _parity_problems(compared):
    """The parity counts recomputed from its rows, and each row's status from its two values."""
    if not compared:
        return []
    found = []
    for row in compared["rows"]:
        if row["status"] in (parity.SAME, parity.DIFFERS) and row["reference"] is not None \
                and (row["reference"] == row["observed"]) != (row["status"] == parity.SAME):
            found.append(f"parity {row['key']}: {row['status']!r} for {row['reference']!r} and {row['observed']!r}")
    if parity.summary(compared["rows"]) != compared["summary"]:
        found.append(f"parity.summary: {RESULTS} says {compared['summary']}, its rows give "
                     f"{parity.summary(compared['rows'])}")
    return found


def _record_problems(record):
    requirement = catalogue.REQUIREMENTS[record["id"]]
    found = []
    if record["level"] != requirement.level:
        found.append(f"level {record['level']!r} is not the catalogue's {requirement.level!r}")
    verdict, reason = record["verdict"], record["reason"]
    if verdict in (verdicts.PASS, verdicts.OBSERVED) and record["failures"]:
        found.append(f"verdict {verdict!r} with {len(record['failures'])} failures")
    if verdict == verdicts.PASS and record["judged"] < 1:
        found.append("verdict 'pass' with no judged example")
    if verdict == verdicts.FAIL and not record["failures"]:
        found.append("verdict 'fail' with no failure recorded")
    reasoned = (verdicts.NOT_APPLICABLE, verdicts.BLOCKED, verdicts.NOT_RUN, verdicts.ERROR)
    if verdict in reasoned:
        known = verdicts.REASONS.get((reason or {}).get("code"))
        if known is None or known.category != verdict or reason.get("category") != verdict:
            found.append(f"verdict {verdict!r} without a reason of that category")
    if (verdict == verdicts.DEVIATION) != (record["waived"] is not None):
        found.append("a waived verdict goes with 'deviation declared', and only with it")
    return found


def _as_verdict(record):
    return verdicts.Verdict(catalogue.REQUIREMENTS[record["id"]], verdict=record["verdict"])


def _deviation_problems(document, records):
    found, declared = [], {}
    run_day = datetime.date.fromisoformat(document["run"]["started"][:10])
    for entry in document["deviations"]:
        declared[entry["id"]] = entry
        record = records.get(entry["id"])
        if record is None:
            found.append(f"deviation {entry['id']}: names no requirement")
            continue
        deviation = deviations.Deviation(entry["id"], entry["reason"], datetime.date.fromisoformat(entry["expires"]))
        underlying = record["waived"] or record["verdict"]
        status = deviations.status_of(deviation, underlying, run_day)
        if status != entry["status"]:
            found.append(f"deviation {entry['id']}: status {entry['status']!r}, but the run's date and the "
                         f"requirement's verdict give {status!r}")
        if entry["expires"] > (run_day + deviations.MAX_TERM).isoformat():
            found.append(f"deviation {entry['id']}: expires {entry['expires']}, more than a year after the run")
        if (status == deviations.APPLIED) != (record["verdict"] == verdicts.DEVIATION):
            found.append(f"deviation {entry['id']}: the requirement's verdict {record['verdict']!r} does not match "
                         f"the deviation's status {status!r}")
    for rid, record in records.items():
        if record["verdict"] == verdicts.DEVIATION and rid not in declared:
            found.append(f"{rid}: 'deviation declared' but no deviation is declared for it")
    return found


def _junit_problems(directory, document):
    try:
        cases = junit.verdicts_of((directory / JUNIT).read_text(encoding="utf-8"))
    except Exception as why:  # noqa: BLE001 - any parse problem is a finding
        return [f"{JUNIT}: cannot be read: {why}"]
    found = []
    told = {r["id"]: r["verdict"] for r in document["requirements"]}
    if set(cases) != set(told):
        found.append(f"{JUNIT}: testcases {sorted(set(cases) ^ set(told))} differ from {RESULTS}'s requirements")
    for rid, verdict in told.items():
        case = cases.get(rid)
        if case is None:
            continue
        if case["verdict"] != verdict:
            found.append(f"{rid}: {RESULTS} says {verdict!r}, {JUNIT} says {case['verdict']!r}")
        elif case["failure"] != (verdict == verdicts.FAIL) or case["skipped"] != (verdict in junit.SKIPPED) \
                or case["error"] != (verdict in junit.ERRORED):
            found.append(f"{rid}: {JUNIT}'s testcase elements do not match its verdict {verdict!r}")
    return found


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m reports.verify REPORT_DIR", file=sys.stderr)
        return 2
    directory = pathlib.Path(argv[0])
    if not directory.is_dir():
        print(f"reports.verify: {directory}: not a directory", file=sys.stderr)
        return 2
    found = problems(directory)
    if found:
        print(f"reports.verify: {directory}: NOT VERIFIED", file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    document = json.loads((directory / RESULTS).read_text(encoding="utf-8"))
    summary = document["summary"]
    print(f"reports.verify: {directory}: verified (run {document['run']['id']}, "
          f"MUST {summary['must_passed']}/{summary['must_total']} passed, "
          f"{'certified' if summary['certified'] else 'NOT certified'}); to prove the verdicts themselves, "
          f"run it again: python -m reports.replay {directory} --endpoint URL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
