"""Known deviations: requirements a vendor declares it fails, each with a reason and an expiry date.

A declared, unexpired deviation turns that requirement's "fail" into "deviation declared" (failures kept, not
hidden) and does not fail the run. An entry that no longer fails, or has expired, is reported itself.
"""

import dataclasses
import datetime
import json

from conformance import catalogue, verdicts

APPLIED = "applied"
STALE = "no longer fails"
EXPIRED = "expired"


class DeviationsError(ValueError):
    """A deviations file that cannot be used; the message names the file and the problem."""


@dataclasses.dataclass(frozen=True)
class Deviation:
    id: str
    reason: str
    expires: datetime.date

    def expired(self, today):
        return today > self.expires


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
    except OSError as why:
        raise DeviationsError(f"--deviations {path}: cannot read: {why.strerror or why}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as why:
        raise DeviationsError(f"--deviations {path}: not valid JSON: {why}") from None
    return parse(raw, path)


def parse(raw, path="<deviations>"):
    if not isinstance(raw, list):
        raise DeviationsError(f"--deviations {path}: must be a JSON list of {{\"id\", \"reason\", \"expires\"}} objects")
    found, seen = [], set()
    for index, entry in enumerate(raw):
        where = f"--deviations {path}: entry {index}"
        if not isinstance(entry, dict):
            raise DeviationsError(f"{where}: must be an object with id, reason and expires")
        missing = [k for k in ("id", "reason", "expires") if k not in entry]
        if missing:
            raise DeviationsError(f"{where}: missing {', '.join(missing)}")
        unknown = sorted(set(entry) - {"id", "reason", "expires"})
        if unknown:
            raise DeviationsError(f"{where}: unknown field(s) {', '.join(unknown)}")
        rid, reason, expires = entry["id"], entry["reason"], entry["expires"]
        if rid not in catalogue.REQUIREMENTS:
            raise DeviationsError(f"{where}: unknown requirement ID {rid!r} (see the catalogue in README.md)")
        if rid in seen:
            raise DeviationsError(f"{where}: {rid} is declared twice")
        if not isinstance(reason, str) or not reason.strip():
            raise DeviationsError(f"{where} ({rid}): reason must be a non-empty string")
        try:
            date = datetime.date.fromisoformat(expires) if isinstance(expires, str) else None
        except ValueError:
            date = None
        if date is None:
            raise DeviationsError(f"{where} ({rid}): expires must be a date YYYY-MM-DD, got {expires!r}")
        seen.add(rid)
        found.append(Deviation(rid, reason.strip(), date))
    return found


def apply(table, declared, today=None):
    """Mark declared failures in `table` (in place); return one status record per declared entry."""
    today = today or datetime.date.today()
    statuses = []
    for deviation in declared:
        verdict = table[deviation.id]
        if deviation.expired(today):
            status = EXPIRED
        elif verdict.verdict == verdicts.FAIL:
            verdict.verdict = verdicts.DEVIATION
            verdict.reasons.append(f"deviation declared: {deviation.reason} (expires {deviation.expires})")
            status = APPLIED
        else:
            status = STALE
        statuses.append({"id": deviation.id, "reason": deviation.reason, "expires": deviation.expires.isoformat(),
                         "status": status, "verdict": verdict.verdict})
    return statuses


def excused(declared, today=None):
    """The requirement IDs whose failures are excused today."""
    today = today or datetime.date.today()
    return {d.id for d in declared if not d.expired(today)}


def summary_lines(statuses):
    lines = []
    for s in statuses:
        if s["status"] == APPLIED:
            lines.append(f"deviation declared: {s['id']} ({s['reason']}; expires {s['expires']})")
        elif s["status"] == EXPIRED:
            lines.append(f"DEVIATION EXPIRED: {s['id']} expired on {s['expires']}; its failures count again "
                         f"(verdict {s['verdict']})")
        else:
            lines.append(f"STALE DEVIATION: {s['id']} is declared but no longer fails (verdict {s['verdict']}); "
                         "remove it from the deviations file")
    return lines
