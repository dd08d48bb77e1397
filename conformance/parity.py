"""Parity with a reference endpoint: a run's facts as a reference profile, and a run held to one.

`--record-reference FILE` writes what the run saw at every parity point (conformance.facts) as a profile;
`--reference FILE` compares this run with one, point by point: *same*, *differs* (both answers side by
side), *not compared* (the reference has the point, this run did not observe it: why), or *only in this
run*. Parity never changes a requirement's verdict; a difference fails the run only with --require-parity.
The profile of the reference emulator ships with the suite (EMULATOR_PROFILE).
"""

import datetime
import json
import os
import pathlib
import tempfile

import jsonschema

from conformance import facts, verdicts

FORMAT = 1
KIND = "rmd-conformance reference profile"
SCHEMA = pathlib.Path(__file__).with_name("reference.schema.json")
EMULATOR_PROFILE = pathlib.Path(__file__).with_name("emulator.reference.json")
SAME, DIFFERS, NOT_COMPARED, ONLY_HERE = "same", "differs", "not compared", "only in this run"
STATUSES = (DIFFERS, NOT_COMPARED, ONLY_HERE, SAME)  # the order a reader wants them in


class ReferenceError(Exception):
    """A reference profile that cannot be read or does not follow its schema."""


def points(recorded_facts, weather):
    """{point key: value} from the run's facts ({(requirement, point): values}) and its weather record."""
    found = {f"{requirement}/{point}": " | ".join(values) for (requirement, point), values in recorded_facts.items()}
    if weather.get("activation_seconds"):
        found[f"{facts.RUN}/organization activation"] = facts.duration(max(weather["activation_seconds"]))
    lags = [row["longest_seconds"] for row in weather.get("read_lag", [])]
    if recorded_facts:  # reads happened: how long the longest waited for the expected state
        found[f"{facts.RUN}/read lag"] = facts.duration(max(lags, default=0))
    return dict(sorted(found.items()))


def profile(found, *, endpoint, region, seed, hypothesis_profile, version, recorded=None):
    """A reference profile document of the points `found`."""
    recorded = recorded or datetime.datetime.now(datetime.timezone.utc)
    return {
        "format": FORMAT, "kind": KIND, "suite": {"name": "rmd-conformance", "version": version},
        "endpoint": endpoint, "region": region, "recorded": recorded.isoformat(timespec="seconds"),
        "hypothesis": {"profile": hypothesis_profile, "seed": seed},
        "points": {key: {"requirement": key.split("/", 1)[0], "point": key.split("/", 1)[1], "value": value}
                   for key, value in found.items()},
    }


def validate(document):
    try:
        jsonschema.validate(document, json.loads(SCHEMA.read_text()), cls=jsonschema.Draft202012Validator)
    except jsonschema.ValidationError as why:
        where = "/".join(str(p) for p in why.absolute_path) or "the document"
        raise ReferenceError(f"not a reference profile: {where}: {why.message}") from None


def write(path, document):
    """Validate, then write atomically: a half-written profile is never left behind."""
    validate(document)
    path = pathlib.Path(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    os.replace(temporary, path)


def load(path):
    """The profile at `path`, validated; ReferenceError says what is wrong with it."""
    try:
        document = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except OSError as why:
        raise ReferenceError(f"cannot read {path}: {why.strerror or why}") from None
    except ValueError as why:
        raise ReferenceError(f"{path} is not JSON: {why}") from None
    validate(document)
    return document


def compare(reference, found, table):
    """One row per point of the reference or of this run: its status, both values, and why when not compared."""
    rows = []
    for key, entry in reference["points"].items():
        observed = found.get(key)
        row = {"key": key, "requirement": entry["requirement"], "point": entry["point"], "reference": entry["value"],
               "observed": observed}
        if observed is None:
            row.update(status=NOT_COMPARED, why=_unobserved(entry["requirement"], table))
        else:
            row.update(status=SAME if observed == entry["value"] else DIFFERS, why="")
        rows.append(row)
    for key, value in found.items():
        if key not in reference["points"]:
            requirement, point = key.split("/", 1)
            rows.append({"key": key, "requirement": requirement, "point": point, "reference": None,
                         "observed": value, "status": ONLY_HERE, "why": "the reference did not observe it"})
    return sorted(rows, key=lambda row: (STATUSES.index(row["status"]), row["key"]))


def _unobserved(requirement, table):
    verdict = table.get(requirement)
    if verdict is not None and verdict.reason is not None:
        return f"{requirement} was {verdict.verdict}: {verdict.reason['summary']}"
    if verdict is not None and verdict.verdict == verdicts.NOT_RUN:
        return f"{requirement} was not run"
    return "this run did not reach the point (no example it drew led there)"


def summary(rows):
    return {status: sum(row["status"] == status for row in rows) for status in STATUSES}


def summary_lines(reference, rows, required):
    counts = summary(rows)
    lines = [f"parity with {reference['endpoint']} (recorded {reference['recorded']}): "
             + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
             + (" - --require-parity: the run fails" if required and counts[DIFFERS] else "")]
    lines += [f"  differs: {row['key']}: the reference {row['reference']!r}, this run {row['observed']!r}"
              for row in rows if row["status"] == DIFFERS]
    return lines
