"""pytest plugin of the reports: when --report-dir is given, write the certification report of the run.

Registered by its own pytest11 entry point; the suite's core never imports this package. It reads the
finished run from config.stash (conformance.keys.outcome_key), after the core has settled the verdicts.
"""

import datetime

import pytest

from conformance import keys
from reports import results, write

_written_key = pytest.StashKey[str]()


@pytest.hookimpl(wrapper=True)
def pytest_sessionfinish(session, exitstatus):
    outcome = yield
    config = session.config
    settings = config.stash.get(keys.settings_key, None)
    finished = config.stash.get(keys.outcome_key, None)
    if (settings is None or finished is None or not settings.report_dir or hasattr(config, "workerinput")
            or config.option.collectonly):
        return outcome
    document = results.build(finished["table"], settings=settings, run=config.stash[keys.run_key],
                             finished=datetime.datetime.now(datetime.timezone.utc),
                             deviation_statuses=finished["deviations"], exit_status=finished["exit_status"],
                             weather=finished["weather"], preflight=finished["preflight"],
                             parity=finished["parity"], points=finished["points"])
    write.write_all(settings.report_dir, document)
    config.stash[_written_key] = settings.report_dir
    return outcome


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    written = config.stash.get(_written_key, None)
    if written:
        terminalreporter.write_line(f"rmd-conformance: report written to {written} "
                                    f"(verify with: python -m reports.verify {written})")
