"""results.json: the machine-readable certification result of one run, validated against results.schema.json.

It holds everything a reviewer needs to recompute the certificate (per requirement: verdict, the verdict a
deviation waived, examples judged, failures, reason) and everything reports.replay needs to run it again
(the options, the Hypothesis profile and seed).
"""

import datetime
import functools
import json
import pathlib
import subprocess

import jsonschema

import conformance
from conformance.options import without_userinfo
from conformance import verdicts
from contract import CONTRACT, botocore_version
from reports import coverage

SCHEMA_PATH = pathlib.Path(__file__).with_name("results.schema.json")
FORMAT = 2


@functools.lru_cache(maxsize=1)
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def git_commit():
    """The suite's own commit, when it runs from a git checkout; None otherwise."""
    here = pathlib.Path(conformance.__file__).resolve().parent
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else None


def _jsonable(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def build(table, *, settings, run, finished, deviation_statuses, exit_status, weather=None, preflight=None,
          parity=None, points=None):
    """The results document. `settings` is options.Settings; `run` has run_id, seed, profile and started."""
    options = {k: _jsonable(v) for k, v in settings.summary().items()}
    if settings.endpoint:
        options["endpoint"] = without_userinfo(settings.endpoint)
    return {
        "format": FORMAT,
        "suite": {"name": "rmd-conformance", "version": conformance.__version__, "commit": git_commit()},
        "specification": {"url": CONTRACT.spec_url, "operation": CONTRACT.operation,
                          "botocore_version": botocore_version()},
        "target": {"endpoint": without_userinfo(settings.endpoint) if settings.endpoint else "embedded reference emulator",
                   "embedded": settings.embedded, "region": settings.region,
                   # what the preflight found (diagnosis.Diagnosis.as_record); null when it did not run
                   "preflight": preflight},
        "options": options,
        "hypothesis": {"profile": run["profile"], "seed": _jsonable(run.get("seed"))},
        "run": {"id": run["run_id"], "started": run["started"], "finished": _iso(finished),
                "exit_status": int(exit_status), "selection": dict(run.get("selection") or
                                                                  {"keyword": "", "markexpr": ""})},
        "summary": verdicts.summary(table),
        "requirements": [requirement_record(v) for v in table.values()],
        "deviations": deviation_statuses,
        "weather": weather or {"transient": [], "persisted": [], "read_lag": [], "requests": 0,
                               "activation_seconds": []},
        "coverage": {"matrix": coverage.matrix(table), "uncovered": coverage.uncovered()},
        # what this run saw at each parity point (conformance.facts): what --record-reference would write
        "points": dict(points or {}),
        # this run against --reference, point by point (conformance.parity); null without --reference
        "parity": None if parity is None else {k: parity[k] for k in ("reference", "summary", "required", "rows")},
    }


def _iso(moment):
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def requirement_record(v):
    r = v.requirement
    return {
        "id": r.id, "level": r.level, "area": r.area, "title": r.title, "traces_to": r.traces_to,
        "evidence": [{"source": q.source, "text": q.text} for q in r.evidence], "why_level": r.why_level,
        "verdict": v.verdict, "waived": v.waived, "judged": v.judged, "examples": v.examples,
        "tests": list(v.tests), "notes": [_clean(n) for n in v.notes], "failures": [_clean(f) for f in v.failures],
        "reason": _clean(v.reason) if v.reason is not None else None,
    }


def _clean(record):
    """A JSON round trip, so every value in the file is plain JSON."""
    return json.loads(json.dumps(record, default=str))


def validate(document):
    """Raise jsonschema.ValidationError when `document` does not follow the schema."""
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)


def dump(document, path):
    validate(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
