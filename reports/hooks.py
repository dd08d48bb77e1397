"""What the plugin calls at the end of a run; kept here so conformance/plugin.py only wires hooks."""

import datetime

import hypothesis

from conformance import verdicts
from reports import deviations, results, write
from reports.deviations import DeviationsError  # noqa: F401 - re-exported for the plugin


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def load_deviations(settings):
    return deviations.load(settings.deviations) if settings.deviations else []


def apply_deviations(table, declared):
    return deviations.apply(table, declared) if declared else []


def all_failures_declared(tally, table, declared, tests_failed):
    """True when every failed test of the run failed only on requirements declared as deviations.

    Only then may a run with failed tests exit 0; any other failure (or a leftover fail verdict) keeps it failing.
    """
    excused = deviations.excused(declared)
    if not excused or any(v.verdict == verdicts.FAIL for v in table.values()):
        return False
    failed_reports = 0
    for entry in tally.tests():
        failed = sum(outcome == "failed" for _, outcome in entry["outcomes"])
        if not failed:
            continue
        if not entry["failures"] or any(f["requirement"] not in excused for f in entry["failures"]):
            return False
        failed_reports += failed
    return failed_reports == tests_failed


def finish(config, table, statuses, started, exit_status, settings, run):
    """Write the report when --report-dir is given; return what the terminal summary should say."""
    said = {"deviations": statuses, "written": None, "uncovered": []}
    if not settings.report_dir:
        return said
    document = results.build(table, settings=settings, run=run, profile=hypothesis.settings._current_profile,
                             started=started, finished=now(), deviation_statuses=statuses, exit_status=exit_status)
    write.write_all(settings.report_dir, document)
    said["written"] = settings.report_dir
    said["uncovered"] = document["coverage"]["uncovered"]
    return said


def summary_lines(said):
    if not said:
        return []
    lines = deviations.summary_lines(said["deviations"])
    if said["uncovered"]:
        lines.append("uncovered behaviours of the page: " + ", ".join(said["uncovered"]))
    if said["written"]:
        lines.append(f"rmd-conformance: report written to {said['written']} "
                     f"(verify with: python -m reports.verify {said['written']})")
    return lines
