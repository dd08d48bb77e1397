"""From test reports to verdicts: what each test recorded, the per-requirement table, the declared deviations,
the exit code, and the summary at the end of the run. Under xdist only the controller decides; workers
hand over their reports (pytest-xdist forwards user_properties) and their weather (workeroutput)."""

import pytest

from conformance import catalogue, deviations, keys, verdicts, weather
from conformance.failures import ConformanceFailure
from conformance.verdicts import NotVerifiable


def pytest_collection_modifyitems(config, items):
    for item in items:
        for rid in catalogue.requirement_ids(item):
            catalogue.get(rid)  # an unknown ID is a bug in the suite: fail collection loudly


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
        if exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            session.exitstatus = pytest.ExitCode(verdicts.exit_code(table))
        config.stash[keys.outcome_key] = {
            "table": table, "deviations": statuses, "exit_status": int(session.exitstatus),
            "weather": weather.Weather.merge([own_weather, *self.worker_weather]),
            "preflight": found.as_record() if found is not None else None,
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
        for step in verdicts.next_steps(outcome["table"]):
            terminalreporter.write_line(f"rmd-conformance: next: {step}")


def _first_line(report):
    text = str(report.longrepr or "").strip().splitlines()
    return text[-1][:300] if text else "failed"
