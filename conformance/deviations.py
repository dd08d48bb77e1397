"""Known deviations: requirements a vendor declares it fails, each with a reason and an expiry date. Policy,
next to the verdicts it changes; the reports only show the outcome, and reports.verify recomputes it.

- A declared, unexpired deviation turns that requirement's "fail" into "deviation declared": its failures
  stay in the report, and the run's exit code no longer counts it.
- A waived SHOULD leaves the certificate as it was; a waived MUST makes the run not certified (the
  deviation is listed), whatever the exit code says.
- Every entry expires, at most a year after the day it is read; an expired entry waives nothing and is
  reported; an entry that no longer fails is reported as stale.
"""

import dataclasses
import datetime
import json

from conformance import catalogue, verdicts

APPLIED = "applied"
STALE = "no longer fails"
EXPIRED = "expired"
STATUSES = (APPLIED, STALE, EXPIRED)
# How far ahead an expiry date may lie: a deviation is a promise to fix, not a standing exemption.
MAX_TERM = datetime.timedelta(days=366)
FIELDS = ("id", "reason", "expires")


class DeviationsError(ValueError):
    """A deviations file that cannot be used; the message names the file and the problem."""


@dataclasses.dataclass(frozen=True)
class Deviation:
    id: str
    reason: str
    expires: datetime.date

    def expired(self, today):
        return today > self.expires


def load(path, today=None):
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
    except OSError as why:
        raise DeviationsError(f"--deviations {path}: cannot read: {why.strerror or why}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as why:
        raise DeviationsError(f"--deviations {path}: not valid JSON: {why}") from None
    return parse(raw, path, today)


def parse(raw, path="<deviations>", today=None):
    today = today or datetime.date.today()
    if not isinstance(raw, list):
        raise DeviationsError(f"--deviations {path}: must be a JSON list of {{\"id\", \"reason\", \"expires\"}} "
                              "objects")
    found, seen = [], set()
    for index, entry in enumerate(raw):
        where = f"--deviations {path}: entry {index}"
        deviation = _entry(entry, where, today)
        if deviation.id in seen:
            raise DeviationsError(f"{where}: {deviation.id} is declared twice")
        seen.add(deviation.id)
        found.append(deviation)
    return found


def _entry(entry, where, today):
    if not isinstance(entry, dict):
        raise DeviationsError(f"{where}: must be an object with id, reason and expires")
    missing = [k for k in FIELDS if k not in entry]
    if missing:
        raise DeviationsError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise DeviationsError(f"{where}: unknown field(s) {', '.join(unknown)}")
    rid, reason, expires = entry["id"], entry["reason"], entry["expires"]
    if rid not in catalogue.REQUIREMENTS:
        raise DeviationsError(f"{where}: unknown requirement ID {rid!r} (see the catalogue in README.md)")
    if not isinstance(reason, str) or not reason.strip():
        raise DeviationsError(f"{where} ({rid}): reason must be a non-empty string")
    date = _date(expires)
    if date is None:
        raise DeviationsError(f"{where} ({rid}): expires must be a date YYYY-MM-DD, got {expires!r}")
    if date > today + MAX_TERM:
        raise DeviationsError(f"{where} ({rid}): expires {date} is more than a year ahead; the latest allowed "
                              f"today is {today + MAX_TERM}")
    return Deviation(rid, reason.strip(), date)


def _date(text):
    try:
        return datetime.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def status_of(deviation, underlying_verdict, today):
    """What a declared deviation does to a requirement whose own verdict is `underlying_verdict`."""
    if deviation.expired(today):
        return EXPIRED
    return APPLIED if underlying_verdict == verdicts.FAIL else STALE


def apply(table, declared, today=None):
    """Waive declared failures in `table` (in place); return one status record per declared entry."""
    today = today or datetime.date.today()
    statuses = []
    for deviation in declared:
        verdict = table[deviation.id]
        status = status_of(deviation, verdict.verdict, today)
        if status == APPLIED:
            verdict.waived, verdict.verdict = verdict.verdict, verdicts.DEVIATION
        statuses.append({"id": deviation.id, "level": verdict.requirement.level, "reason": deviation.reason,
                         "expires": deviation.expires.isoformat(), "status": status, "verdict": verdict.verdict})
    return statuses


def summary_lines(statuses):
    lines = []
    for s in statuses:
        if s["status"] == APPLIED:
            uncertified = " (a MUST: the run is not certified)" if s["level"] == catalogue.MUST else ""
            lines.append(f"deviation declared: {s['id']} ({s['reason']}; expires {s['expires']}){uncertified}")
        elif s["status"] == EXPIRED:
            lines.append(f"DEVIATION EXPIRED: {s['id']} expired on {s['expires']}; its failures count again "
                         f"(verdict {s['verdict']})")
        else:
            lines.append(f"STALE DEVIATION: {s['id']} is declared but no longer fails (verdict {s['verdict']}); "
                         "remove it from the deviations file")
    return lines
