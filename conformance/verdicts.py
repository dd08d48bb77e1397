"""From test reports to one verdict per requirement.

A requirement fails when any exchange broke it, whichever test saw it: a 5xx met during a
validation check is a failure of RMD-PROTO-NO-5XX. A test whose own requirement could not be
judged because another one broke first is "blocked", not passed.
"""

import collections
import dataclasses

from conformance import catalogue

PASS = "pass"
FAIL = "fail"
NOT_VERIFIABLE = "not verifiable"
OBSERVED = "observed"
BLOCKED = "blocked"
ERROR = "error"
NOT_RUN = "not run"
DEVIATION = "deviation declared"


@dataclasses.dataclass
class Verdict:
    requirement: catalogue.Requirement
    verdict: str = NOT_RUN
    examples: int = 0
    tests: list = dataclasses.field(default_factory=list)
    failures: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)
    reasons: list = dataclasses.field(default_factory=list)  # skips, errors, blockers


class Tally:
    def __init__(self):
        self._by_test = collections.defaultdict(lambda: {"requirements": (), "outcomes": [], "failures": [],
                                                         "notes": [], "examples": 0, "reasons": []})
        self._test_counter = 0
        self.reports_seen = 0

    def next_test_number(self):
        self._test_counter += 1
        return self._test_counter

    def add(self, report):
        if not any(key.startswith("rmd_") for key, _ in report.user_properties):
            return  # not a conformance check (e.g. the project's own tests)
        self.reports_seen += 1
        entry = self._by_test[report.nodeid]
        for key, value in report.user_properties:
            if key == "rmd_requirement":
                entry["requirements"] = tuple(value)
            elif key == "rmd_failure" and value not in entry["failures"]:
                entry["failures"].append(value)
            elif key == "rmd_note" and value not in entry["notes"]:
                entry["notes"].append(value)
            elif key == "rmd_examples":
                entry["examples"] = max(entry["examples"], value)
        if report.when == "call" or report.outcome != "passed":
            entry["outcomes"].append((report.when, report.outcome))
            if report.skipped:
                entry["reasons"].append(_skip_reason(report))
            elif report.failed and not entry["failures"]:
                entry["reasons"].append(f"{report.nodeid} ({report.when}): {_first_line(report)}")

    def tests(self):
        """Each test's entry (requirements, outcomes, failures, notes, examples, reasons)."""
        return list(self._by_test.values())

    def verdicts(self):
        table = {rid: Verdict(r) for rid, r in catalogue.REQUIREMENTS.items()}
        for nodeid, entry in self._by_test.items():
            for failure in entry["failures"]:
                table[failure["requirement"]].failures.append(dict(failure, test=nodeid))
            for note in entry["notes"]:
                table[note["requirement"]].notes.append(dict(note, test=nodeid))
            for own in (table[rid] for rid in entry["requirements"]):
                own.tests.append(nodeid)
                ran = any(when == "call" for when, _ in entry["outcomes"])
                # A test without Hypothesis still ran one example: its fixed request(s).
                own.examples += entry["examples"] or (1 if ran else 0)
                own.reasons += entry["reasons"]
                own.verdict = _merge(own.verdict, _test_verdict(entry, own.requirement))
        for verdict in table.values():
            _apply_attributions(verdict)
        return table


def _test_verdict(entry, requirement):
    outcomes = [outcome for _, outcome in entry["outcomes"]]
    if "failed" in outcomes:
        if any(f["requirement"] == requirement.id for f in entry["failures"]):
            return FAIL
        return BLOCKED if entry["failures"] else ERROR
    if "skipped" in outcomes:
        return NOT_VERIFIABLE
    return OBSERVED if requirement.level == catalogue.MAY else PASS


_SEVERITY = [NOT_RUN, PASS, OBSERVED, NOT_VERIFIABLE, BLOCKED, ERROR, FAIL]


def _merge(old, new):
    return max(old, new, key=_SEVERITY.index)


def _apply_attributions(verdict):
    if verdict.failures:
        verdict.verdict = FAIL
        return
    findings = [n for n in verdict.notes if n["kind"] == "finding"]
    if findings and verdict.verdict in (PASS, NOT_RUN, OBSERVED):
        verdict.verdict = FAIL
    elif verdict.notes and verdict.verdict == NOT_RUN:
        verdict.verdict = OBSERVED


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _first_line(report):
    text = str(report.longrepr or "").strip().splitlines()
    return text[-1][:300] if text else "failed"


def summary_lines(table):
    """The terminal table: one line per requirement, then the totals by level."""
    width = max(len(rid) for rid in table)
    lines = []
    for rid, v in table.items():
        extra = ""
        if v.failures:
            first = v.failures[0]
            extra = f" - expected {first['expected']}; got {first['got']}"
        elif v.verdict == NOT_VERIFIABLE and v.reasons:
            extra = f" - {v.reasons[0]}"
        elif v.notes:
            extra = " - " + "; ".join(sorted({n["what"] for n in v.notes}))[:200]
        elif v.verdict in (BLOCKED, ERROR) and v.reasons:
            extra = f" - {v.reasons[0]}"
        lines.append(f"{rid:<{width}}  {v.requirement.level:<6}  {v.verdict.upper():<15}{extra}")
    lines.append("")
    for level in catalogue.LEVELS:
        of_level = [v for v in table.values() if v.requirement.level == level]
        counts = collections.Counter(v.verdict for v in of_level)
        lines.append(f"{level}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f" (of {len(of_level)})")
    return lines
