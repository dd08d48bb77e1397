"""Verify a report directory: `python -m reports.verify DIR`.

Checks that MANIFEST.sha256 lists every report file and that each hash matches, that results.json is valid
against results.schema.json, and that junit.xml tells the same verdicts. Exit 0 when all hold, 1 otherwise,
2 on a usage error.
"""

import hmac
import json
import pathlib
import sys

import jsonschema

from reports import FILES, JUNIT, MANIFEST, RESULTS, junit, results
from reports.write import sha256


def problems(directory):
    directory = pathlib.Path(directory)
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
    if found:
        return found
    try:
        document = json.loads((directory / RESULTS).read_text(encoding="utf-8"))
        results.validate(document)
    except (ValueError, jsonschema.ValidationError) as why:
        message = why.message if isinstance(why, jsonschema.ValidationError) else str(why)
        where = "/".join(str(p) for p in getattr(why, "absolute_path", ()))
        return [f"{RESULTS}: not valid against results.schema.json: {message}" + (f" (at {where})" if where else "")]
    try:
        cases = junit.verdicts_of((directory / JUNIT).read_text(encoding="utf-8"))
    except Exception as why:  # noqa: BLE001 - any parse problem is a finding
        return [f"{JUNIT}: cannot be read: {why}"]
    told = {r["id"]: r["verdict"] for r in document["requirements"]}
    if set(cases) != set(told):
        found.append(f"{JUNIT}: testcases {sorted(set(cases) ^ set(told))} differ from {RESULTS}'s requirements")
    for rid, verdict in told.items():
        case = cases.get(rid)
        if case is None:
            continue
        if case["verdict"] != verdict:
            found.append(f"{rid}: {RESULTS} says {verdict!r}, {JUNIT} says {case['verdict']!r}")
        elif case["failure"] != (verdict == "fail") or case["skipped"] != (verdict in junit.SKIPPED) \
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
          f"{'certified' if summary['certified'] else 'NOT certified'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
