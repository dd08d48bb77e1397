"""results.json: the machine-readable certification result of one run, validated against results.schema.json."""

import datetime
import functools
import json
import pathlib
import subprocess
import urllib.parse

import jsonschema

import conformance
from conformance import catalogue, verdicts
from contract import CONTRACT, botocore_version
from reports import coverage

SCHEMA_PATH = pathlib.Path(__file__).with_name("results.schema.json")
FORMAT = 1


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


def build(table, *, settings, run, profile, started, finished, deviation_statuses, exit_status):
    """The results document. `settings` is options.Settings; `run` has run_id and seed."""
    counts = {}
    for level in catalogue.LEVELS:
        of_level = [v for v in table.values() if v.requirement.level == level]
        tally = {}
        for v in of_level:
            tally[v.verdict] = tally.get(v.verdict, 0) + 1
        counts[level] = {"total": len(of_level), "verdicts": tally}
    must = [v for v in table.values() if v.requirement.level == catalogue.MUST]
    must_ok = all(v.verdict in (verdicts.PASS, verdicts.DEVIATION) for v in must)
    options = {k: _jsonable(v) for k, v in settings.summary().items()}
    if settings.endpoint:
        options["endpoint"] = without_userinfo(settings.endpoint)
    return {
        "format": FORMAT,
        "suite": {"name": "rmd-conformance", "version": conformance.__version__, "commit": git_commit()},
        "specification": {"url": CONTRACT.spec_url, "operation": CONTRACT.operation,
                          "botocore_version": botocore_version()},
        "target": {"endpoint": without_userinfo(settings.endpoint) if settings.endpoint else "embedded reference emulator",
                   "embedded": settings.embedded, "region": settings.region},
        "options": options,
        "hypothesis": {"profile": profile, "seed": _jsonable(run.get("seed"))},
        "run": {"id": run["run_id"], "started": _iso(started), "finished": _iso(finished),
                "exit_status": int(exit_status)},
        "summary": {"levels": counts, "must_passed": sum(v.verdict == verdicts.PASS for v in must),
                    "must_total": len(must), "certified": must_ok},
        "requirements": [_requirement(v) for v in table.values()],
        "deviations": deviation_statuses,
        "coverage": {"matrix": coverage.matrix(table), "uncovered": coverage.uncovered()},
    }


def without_userinfo(url):
    """The URL with any user:password@ removed: a report never carries credentials."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def _iso(moment):
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def _requirement(v):
    r = v.requirement
    return {
        "id": r.id, "level": r.level, "area": r.area, "title": r.title, "traces_to": r.traces_to,
        "verdict": v.verdict, "examples": v.examples, "tests": list(v.tests),
        "notes": [_clean(n) for n in v.notes], "failures": [_clean(f) for f in v.failures],
        "reasons": [str(x) for x in v.reasons],
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
