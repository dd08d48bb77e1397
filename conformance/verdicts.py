"""The verdict model: from what the checks recorded to one verdict per requirement, the exit code and the
certificate. The plugin and the reports both read it; nothing here knows pytest.

A requirement fails when any exchange broke it, whichever check saw it. It passes only when at least one
judged example could have failed it. Everything else that is not a verdict on the endpoint's behaviour
carries one reason from the closed list :data:`REASONS`, in one of three categories:

- not applicable: the endpoint legitimately never shows the precondition (exit 0, certificate unaffected);
- blocked: the endpoint refused or broke something the check needed (exit 1, not certified);
- not run: the user's choice, e.g. a deselected check or a missing option (exit 0, not certified).
"""

import collections
import dataclasses
import unittest

from conformance import catalogue

PASS = "pass"
FAIL = "fail"
OBSERVED = "observed"
NOT_APPLICABLE = "not applicable"
BLOCKED = "blocked"
NOT_RUN = "not run"
ERROR = "error"  # the suite itself broke: a bug to report, never a verdict on the endpoint
DEVIATION = "deviation declared"
VERDICTS = (PASS, FAIL, OBSERVED, NOT_APPLICABLE, BLOCKED, NOT_RUN, ERROR, DEVIATION)

# The exit code of a run whose endpoint cannot take part at all (unreachable, not WorkMail): distinct from
# pytest's own codes, so CI can tell "the endpoint is not conforming" (1) from "the endpoint was not there".
EXIT_UNUSABLE = 6
# A run with any of these exits 1.
FAILING = (FAIL, BLOCKED, ERROR)
# Worst first: the verdict of a requirement checked by several tests is the worst of theirs.
_SEVERITY = [FAIL, ERROR, BLOCKED, NOT_RUN, PASS, OBSERVED, NOT_APPLICABLE]


@dataclasses.dataclass(frozen=True)
class Reason:
    code: str
    category: str  # NOT_APPLICABLE, BLOCKED, NOT_RUN or ERROR
    summary: str


REASONS = {r.code: r for r in (
    Reason("never-creating", NOT_APPLICABLE,
           "new organizations are Active before any request can meet one in Creating"),
    Reason("deleted-organizations-forgotten", NOT_APPLICABLE,
           "DescribeOrganization does not know deleted organizations, so none is seen in a state other than Active"),
    Reason("left-creating-in-flight", NOT_APPLICABLE,
           "the organization became Active while the request was in flight, so its answer judges nothing"),
    Reason("organizations-given", NOT_APPLICABLE,
           "the run uses the organizations it was given and creates none of its own"),
    Reason("quota-unknown", NOT_RUN, "the quota is undocumented: pass --max-domains-per-org N to check it"),
    Reason("deselected", NOT_RUN, "not selected in this run (-k, -m, a path or a preflight that stopped the run)"),
    Reason("operation-unusable", BLOCKED, "a neighbouring operation the check needs is not usable"),
    Reason("setup-failed", BLOCKED, "the suite could not set up what the check needs"),
    Reason("organization-full", BLOCKED,
           "the organization refused with LimitExceededException while it held domains of this run"),
    Reason("nothing-judged", BLOCKED, "no example could have failed it"),
    Reason("other-requirement-failed", BLOCKED, "its check stopped at another requirement's failure first"),
    Reason("endpoint-unusable", NOT_RUN, "the preflight found that the endpoint cannot take part"),
    Reason("suite-error", ERROR, "the suite itself raised an error (a bug to report)"),
)}


class NotVerifiable(unittest.SkipTest):
    """A check cannot judge its claim; `code` is one of :data:`REASONS`, `detail` says what was seen.

    A SkipTest, so that wherever it is raised (inside Hypothesis too, which re-raises skips at once
    instead of shrinking them) the check ends without a pass or a fail.
    """

    def __init__(self, code, detail=""):
        if code not in REASONS:
            raise ValueError(f"unknown not-verifiable reason {code!r}; known: {', '.join(REASONS)}")
        self.code, self.detail = code, detail
        super().__init__(f"{REASONS[code].category}: {REASONS[code].summary}" + (f": {detail}" if detail else ""))

    def as_record(self):
        return reason_record(self.code, self.detail)


def reason_record(code, detail=""):
    reason = REASONS[code]
    return {"code": code, "category": reason.category, "summary": reason.summary, "detail": detail}


@dataclasses.dataclass
class Verdict:
    requirement: catalogue.Requirement
    verdict: str = NOT_RUN
    judged: int = 0  # examples that could have failed it
    examples: int = 0  # examples its own checks ran
    tests: list = dataclasses.field(default_factory=list)
    failures: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)
    reason: dict = None  # for not applicable, blocked, not run and error: one record of REASONS
    waived: str = None  # the verdict a declared deviation waived (DEVIATION only)


def _entry():
    return {"requirements": (), "outcomes": [], "failures": [], "notes": [], "judged": collections.Counter(),
            "examples": 0, "reasons": [], "errors": []}


class Tally:
    """Collects what each test recorded (its report's user_properties) into per-requirement verdicts."""

    def __init__(self):
        self._by_test = collections.defaultdict(_entry)
        self._deselected = set()
        self.reports_seen = 0
        self.other_failures = []  # node IDs of failed tests that are not conformance checks
        self._facts = collections.defaultdict(set)  # (requirement or "run", point) -> values, from every test

    def deselected(self, requirement_ids):
        self._deselected.update(requirement_ids)

    def add(self, nodeid, when, outcome, properties, error_line=""):
        """One phase's report of one test: `properties` are its rmd_* user properties."""
        if not any(key.startswith("rmd_") for key, _ in properties):
            if outcome == "failed":  # not a conformance check (a user's own test): its failure is its own
                self.other_failures.append(nodeid)
            return
        self.reports_seen += 1
        entry = self._by_test[nodeid]
        for key, value in properties:
            if key == "rmd_requirement":
                entry["requirements"] = tuple(value)
            elif key == "rmd_failure" and value not in entry["failures"]:
                entry["failures"].append(value)
            elif key == "rmd_note" and value not in entry["notes"]:
                entry["notes"].append(value)
            elif key == "rmd_judged":
                entry["judged"].update(value)
            elif key == "rmd_examples":
                entry["examples"] = max(entry["examples"], value)
            elif key == "rmd_reason":
                entry["reasons"].append(value)
            elif key == "rmd_fact":
                self._facts[(value["requirement"], value["point"])].update(value["values"])
        if when == "call" or outcome != "passed":
            entry["outcomes"].append((when, outcome))
            if outcome == "failed" and error_line:
                entry["errors"].append(f"{nodeid} ({when}): {error_line}")

    def tests(self):
        return list(self._by_test.values())

    def facts(self):
        """{(requirement, point): sorted values} over the whole run (conformance.facts)."""
        return {key: sorted(values) for key, values in sorted(self._facts.items())}

    def verdicts(self):
        table = {rid: Verdict(r) for rid, r in catalogue.REQUIREMENTS.items()}
        found = collections.defaultdict(list)  # requirement ID -> (verdict, reason) of each of its tests
        for nodeid, entry in self._by_test.items():
            for failure in entry["failures"]:
                table[failure["requirement"]].failures.append(dict(failure, test=nodeid))
            for note in entry["notes"]:
                table[note["requirement"]].notes.append(dict(note, test=nodeid))
            for rid, count in entry["judged"].items():
                table[rid].judged += count
            for own in (table[rid] for rid in entry["requirements"]):
                own.tests.append(nodeid)
                own.examples += entry["examples"] or (1 if _ran(entry) else 0)
                found[own.requirement.id].append(_test_verdict(entry, own.requirement))
        for rid in self._deselected:
            found[rid].append((NOT_RUN, reason_record("deselected")))
        for rid, verdict in table.items():
            if found[rid]:
                verdict.verdict, verdict.reason = min(found[rid], key=lambda pair: _SEVERITY.index(pair[0]))
            _settle(verdict)
        return table


def _ran(entry):
    return any(when == "call" for when, _ in entry["outcomes"])


def _test_verdict(entry, requirement):
    outcomes = [outcome for _, outcome in entry["outcomes"]]
    if "failed" in outcomes:
        if any(f["requirement"] == requirement.id for f in entry["failures"]):
            return FAIL, None
        if entry["failures"]:
            others = sorted({f["requirement"] for f in entry["failures"]})
            return BLOCKED, reason_record("other-requirement-failed", ", ".join(others))
        return ERROR, reason_record("suite-error", entry["errors"][0] if entry["errors"] else "")
    if "skipped" in outcomes:
        if entry["reasons"]:
            record = entry["reasons"][0]
            return record["category"], record
        return NOT_RUN, reason_record("deselected", "skipped")
    return (OBSERVED if requirement.level == catalogue.MAY else PASS), None


def _settle(verdict):
    """Attributed failures win; a pass needs evidence; an observation needs something observed."""
    if verdict.failures:
        verdict.verdict, verdict.reason = FAIL, None
        return
    if verdict.verdict == PASS and verdict.judged == 0:
        verdict.verdict, verdict.reason = BLOCKED, reason_record(
            "nothing-judged", "its checks ran, but not one answer they saw could have broken it")
    elif verdict.verdict == OBSERVED and not verdict.notes:
        verdict.verdict, verdict.reason = BLOCKED, reason_record("nothing-judged", "nothing was observed")
    elif verdict.verdict == NOT_RUN and verdict.reason is None and not verdict.tests:
        verdict.reason = reason_record("deselected", "no check of it was collected")


def not_run_table(code, detail):
    """Every requirement not run, for one reason: a run stopped before its checks."""
    table = {rid: Verdict(r) for rid, r in catalogue.REQUIREMENTS.items()}
    for verdict in table.values():
        verdict.reason = reason_record(code, detail)
    return table


# -- the run's outcome ------------------------------------------------------------------------------

def exit_code(table):
    """0 when nothing failed, was blocked or errored (declared deviations excepted); 1 otherwise."""
    return 1 if any(v.verdict in FAILING for v in table.values()) else 0


def certified(table):
    """Every MUST passed or does not apply to this endpoint; a MUST waived by a deviation is not certified."""
    return all(v.verdict in (PASS, NOT_APPLICABLE) for v in table.values()
               if v.requirement.level == catalogue.MUST)


def summary(table):
    """Counts per level and verdict, the MUSTs passed, the certificate and the exit code the verdicts imply."""
    levels = {}
    for level in catalogue.LEVELS:
        of_level = [v for v in table.values() if v.requirement.level == level]
        levels[level] = {"total": len(of_level), "verdicts": dict(collections.Counter(v.verdict for v in of_level))}
    must = [v for v in table.values() if v.requirement.level == catalogue.MUST]
    return {"levels": levels, "must_passed": sum(v.verdict == PASS for v in must), "must_total": len(must),
            "certified": certified(table), "exit_code": exit_code(table)}


# Requirements that share one cause are printed as one line from this many on (not with -v).
GROUP_AT = 3
GROUP_NAMES_SHOWN = 8


def summary_lines(table, group=True):
    """The terminal table: one line per requirement (requirements sharing one cause on one line), then the
    totals by level."""
    width = max(len(rid) for rid in table)
    causes = collections.defaultdict(list)
    for rid, v in table.items():
        causes[_cause(v)].append(rid)
    lines, shown = [], set()
    for rid, v in table.items():
        cause = _cause(v)
        sharing = causes[cause]
        if not group or cause is None or len(sharing) < GROUP_AT:
            lines.append(f"{rid:<{width}}  {v.requirement.level:<6}  {v.verdict.upper():<18}{_detail(v)}")
        elif cause not in shown:
            shown.add(cause)
            lines.append(_group_line(sharing, len(table), v))
    lines.append("")
    for level in catalogue.LEVELS:
        of_level = [v for v in table.values() if v.requirement.level == level]
        counts = collections.Counter(v.verdict for v in of_level)
        lines.append(f"{level}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f" (of {len(of_level)})")
    return lines


# What would make a requirement with this reason verifiable, where an option can.
REMEDIES = {
    "quota-unknown": "pass --max-domains-per-org N (the endpoint's quota) to check the quota",
    "deselected": "run without -k, -m or a path to judge every requirement",
    "setup-failed": "give two Active organizations with --organization-id and --second-organization-id",
    "organization-full": "use organizations with room for the run's domains, or pass --max-domains-per-org N",
}


def next_steps(table):
    """What to do next, from the verdicts: the first MUST failure to reproduce, or the options that would let
    the requirements that could not be judged be judged."""
    steps = []
    failed = [v for v in table.values() if v.verdict == FAIL and v.requirement.level == catalogue.MUST]
    if failed:
        first = failed[0]
        curl = (first.failures[0].get("reproducer") or {}).get("curl") if first.failures else None
        steps.append(f"{len(failed)} MUST(s) failed; start with {first.requirement.id}"
                     + (f", reproduced by: {curl}" if curl else " (its failure is shown above)"))
    codes = collections.defaultdict(list)
    for v in table.values():
        if v.reason is not None and v.reason["code"] in REMEDIES:
            codes[v.reason["code"]].append(v.requirement.id)
    for code, rids in codes.items():
        steps.append(f"{REMEDIES[code]} ({len(rids)} requirement{'s' if len(rids) > 1 else ''}: "
                     f"{', '.join(rids[:3])}{' ...' if len(rids) > 3 else ''})")
    return steps


def _cause(v):
    """What a verdict other than a pass says, when another could say the same; None for a pass."""
    if v.verdict in (PASS, OBSERVED):
        return None
    return (v.verdict, _detail(v))


def _group_line(rids, total, v):
    if len(rids) == total:
        who = f"all {total} requirements"
    else:
        names = ", ".join(rids[:GROUP_NAMES_SHOWN])
        more = f" and {len(rids) - GROUP_NAMES_SHOWN} more (-v or results.json lists them)" \
            if len(rids) > GROUP_NAMES_SHOWN else ""
        who = f"{len(rids)} requirements ({names}{more})"
    return f"{who}: {v.verdict.upper()}{_detail(v)}"


def _detail(v):
    if v.failures:
        first = v.failures[0]
        more = f" (+{len(v.failures) - 1} more)" if len(v.failures) > 1 else ""
        return f" - expected {first['expected']}; got {first['got']}{more}"
    if v.reason is not None:
        detail = f": {v.reason['detail']}" if v.reason.get("detail") else ""
        return f" - {v.reason['summary']}{detail}"[:400]
    if v.notes:
        return " - " + "; ".join(sorted({n["what"] for n in v.notes}))[:300]
    return f" - {v.judged} judged" if v.verdict == PASS else ""
