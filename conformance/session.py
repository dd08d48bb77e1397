"""From test reports to verdicts: what each test recorded, the per-requirement table, the declared deviations,
the exit code, and the summary at the end of the run. Under xdist only the controller decides; workers
hand over their reports (pytest-xdist forwards user_properties) and their weather (workeroutput)."""

import gc

import pytest

import conformance
from conformance import catalogue, deviations, keys, options, parity, verdicts, weather
from conformance.failures import ConformanceFailure
from conformance.verdicts import NotVerifiable


def pytest_collection_modifyitems(config, items):
    for item in items:
        for rid in catalogue.requirement_ids(item):
            catalogue.get(rid)  # an unknown ID is a bug in the suite: fail collection loudly


def pytest_collection_finish(session):
    # What the imports and collection built (botocore's models, Hypothesis, pytest's own) lives until the run
    # ends, yet every full collection walks it again: a third of a second of a 5 s run here. Frozen, it is
    # left out of collections (gc.freeze). Only in a run with checks: the plugin loads into every pytest run.
    if any(catalogue.requirement_ids(item) for item in session.items):
        gc.freeze()


def pytest_deselected(items):
    if items:
        tally = items[0].config.stash.get(keys.tally_key, None)
        if tally is not None:
            tally.deselected(rid for item in items for rid in catalogue.requirement_ids(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Read the exception before pytest's unittest support turns a NotVerifiable (a SkipTest) into a plain skip.
    raised = call.excinfo.value if call.excinfo is not None else None
    report = yield
    if raised is not None:
        found = _within(raised, NotVerifiable)
        if found is not None:
            report.user_properties.append(("rmd_reason", found.as_record()))
        failure = _within(raised, ConformanceFailure)
        if failure is not None:
            if not failure.recorded:  # raised without a judge: record it here, once
                failure.recorded = True
                report.user_properties.append(("rmd_failure", failure.as_record()))
            notes = "".join(f"\n{n}" for n in getattr(raised, "__notes__", ()))
            report.longrepr = f"{failure.render()}{notes}{_also_recorded(item, failure)}"
    ids = catalogue.requirement_ids(item)
    if ids and not any(key == "rmd_requirement" for key, _ in report.user_properties):
        report.user_properties.append(("rmd_requirement", ids))
    return report


def _also_recorded(item, shown):
    """The other failures this test's judge recorded (a response can break several rules), one line each."""
    judge = getattr(item, "funcargs", {}).get("judge")
    others = [f for f in getattr(judge, "failures", ()) if (f["requirement"], f["expected"], f["got"]) !=
              (shown.requirement.id, shown.expected, shown.got)]
    lines = [f"\nalso: {f['requirement']} ({f['level']}) failed: expected {f['expected']}; got {f['got']}"
             for f in others]
    return "\n" + "".join(lines) if lines else ""


def _within(error, kind):
    """The `kind` exception behind a test's error: itself, inside a group, or the cause of Hypothesis's own
    error (Flaky when the endpoint's state changed between a failure and its replay)."""
    pending, seen = [error], set()
    while pending:
        found = pending.pop(0)
        if found is None or id(found) in seen:
            continue
        seen.add(id(found))
        if isinstance(found, kind):
            return found
        if isinstance(found, BaseExceptionGroup):
            pending += list(found.exceptions)
        pending += [found.__cause__, found.__context__]
    return None


def pytest_configure(config):
    config.pluginmanager.register(Verdicts(config), "rmd-verdicts")


class Verdicts:
    """Collects reports (the controller's, under xdist) into the requirement table; decides the exit code."""

    def __init__(self, config):
        self.config = config
        self.worker_weather = []

    def pytest_runtest_logreport(self, report):
        line = _first_line(report) if report.failed else ""
        self.config.stash[keys.tally_key].add(report.nodeid, report.when, report.outcome, report.user_properties,
                                              line)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        record = getattr(node, "workeroutput", {}).get("rmd_weather")
        if record is not None:
            self.worker_weather.append(record)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        config = self.config
        own_weather = config.stash[keys.weather_key].as_record()
        if hasattr(config, "workerinput"):
            config.workeroutput["rmd_weather"] = own_weather
            return  # under xdist only the controller decides
        if config.option.collectonly:
            return  # nothing ran: there is nothing to decide
        found = config.stash.get(keys.preflight_key, None)
        if found is not None and not found.usable:
            table = verdicts.not_run_table("endpoint-unusable", found.finding)
        else:
            table = config.stash[keys.tally_key].verdicts()
        statuses = deviations.apply(table, config.stash[keys.deviations_key])
        merged = weather.Weather.merge([own_weather, *self.worker_weather])
        tally = config.stash[keys.tally_key]
        found_points = parity.points(tally.facts(), merged)
        compared = _parity(config, table, found_points)
        # The verdicts decide the exit code only of a run with conformance checks in it, and never hide the
        # failure of another test run beside them (the plugin is loaded into every pytest run where it is
        # installed, a project's own test suite included).
        if exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and tally.reports_seen:
            failing = (verdicts.exit_code(table) or (compared is not None and compared["failed"])
                       or tally.other_failures)
            session.exitstatus = pytest.ExitCode(1 if failing else 0)
        config.stash[keys.outcome_key] = {
            "table": table, "deviations": statuses, "exit_status": int(session.exitstatus), "weather": merged,
            "preflight": found.as_record() if found is not None else None, "parity": compared, "points": found_points,
            "recorded": _record(config, tally, merged, usable=found is None or found.usable),
        }

    def pytest_terminal_summary(self, terminalreporter):
        config = self.config
        if keys.outcome_key not in config.stash or not (config.stash[keys.tally_key].reports_seen
                                                         or config.stash.get(keys.preflight_key, None)):
            return
        outcome = config.stash[keys.outcome_key]
        terminalreporter.section("RegisterMailDomain requirements")
        for line in verdicts.summary_lines(outcome["table"], group=config.option.verbose <= 0):
            terminalreporter.write_line(line)
        for line in deviations.summary_lines(outcome["deviations"]) + weather.summary_lines(outcome["weather"]):
            terminalreporter.write_line(f"rmd-conformance: {line}")
        if outcome["parity"] is not None:
            for line in parity.summary_lines(outcome["parity"]["reference"], outcome["parity"]["rows"],
                                             outcome["parity"]["required"]):
                terminalreporter.write_line(f"rmd-conformance: {line}")
        if outcome["recorded"]:
            terminalreporter.write_line(f"rmd-conformance: reference profile: {outcome['recorded']}")
        for step in verdicts.next_steps(outcome["table"]):
            terminalreporter.write_line(f"rmd-conformance: next: {step}")


def _parity(config, table, found):
    """This run against --reference: the rows, their counts, and whether --require-parity fails the run."""
    reference = config.stash.get(keys.reference_key, None)
    if reference is None:
        return None
    rows = parity.compare(reference, found, table)
    required = config.stash[keys.settings_key].require_parity
    return {"reference": {k: reference[k] for k in ("endpoint", "recorded", "region")} | {
                "suite_version": reference["suite"]["version"]},
            "rows": rows, "summary": parity.summary(rows), "required": required,
            "failed": required and any(row["status"] == parity.DIFFERS for row in rows)}


def _record(config, tally, merged, usable):
    """Write --record-reference's profile; what happened, in a line (None without the option)."""
    settings, run = config.stash[keys.settings_key], config.stash[keys.run_key]
    if not settings.record_reference:
        return None
    if not usable or not tally.reports_seen:
        return f"not written to {settings.record_reference}: this run judged nothing of the endpoint"
    found = parity.points(tally.facts(), merged)
    document = parity.profile(found, endpoint=options.without_userinfo(settings.endpoint) if settings.endpoint
                              else "embedded reference emulator", region=settings.region, seed=run["seed"],
                              hypothesis_profile=run["profile"], version=conformance.__version__)
    parity.write(settings.record_reference, document)
    return f"{len(found)} points written to {settings.record_reference}"


def _first_line(report):
    text = str(report.longrepr or "").strip().splitlines()
    return text[-1][:300] if text else "failed"
