"""pytest plugin: options, run header, fixtures, and the per-requirement summary.

Loaded through the `pytest11` entry point, so an installed suite runs with
`pytest --pyargs conformance --endpoint=URL`. State lives in config.stash, not in globals.
"""

import os
import secrets

import hypothesis
import pytest

from conformance import catalogue, options, reachability, verdicts
from conformance.expect import Judge
from conformance.explore import Exploration
from conformance.failures import ConformanceFailure
from conformance.resources import ProvisioningError, Resources
from conformance.sdk import workmail_client
from conformance.wire import Transport, dummy_credentials
from reports import hooks as report_hooks

settings_key = pytest.StashKey["options.Settings"]()
run_key = pytest.StashKey[dict]()
tally_key = pytest.StashKey["verdicts.Tally"]()
deviations_key = pytest.StashKey[list]()

PROFILES = {
    # Fast feedback while developing an endpoint.
    "dev": dict(max_examples=25),
    # Repeatable in CI: the same examples every run, no example database to carry around.
    "ci": dict(max_examples=60, derandomize=True, database=None),
    # A certification run: repeatable and much deeper.
    "certification": dict(max_examples=500, derandomize=True, database=None),
}
for _name, _values in PROFILES.items():
    hypothesis.settings.register_profile(
        _name, deadline=None, print_blob=True,
        suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.filter_too_much],
        **_values)
DEFAULT_PROFILE = "ci"
# Exit code for an endpoint the suite cannot use at all (unreachable, not HTTP): distinct from pytest's own.
EXIT_UNUSABLE = 6
# Embedded emulator: a small quota keeps the quota check quick.
EMBEDDED_QUOTA = 8


def pytest_addoption(parser):
    group = parser.getgroup("rmd-conformance", "RegisterMailDomain conformance")
    for option in options.OPTIONS:
        kwargs = dict(dest=option.dest, help=f"{option.help} [env {option.env}, ini {option.ini}]")
        if option.is_flag:
            group.addoption(option.flag, action="store_true", default=None, **kwargs)
        else:
            group.addoption(option.flag, default=None, metavar=option.metavar, **kwargs)
        parser.addini(option.ini, help=option.help, default=None)


def pytest_configure(config):
    config.addinivalue_line("markers", "requirement(id): the catalogue requirement this test checks")
    try:
        settings = options.settings_from(config.getoption, os.environ, config.getini)
    except options.OptionError as why:
        raise pytest.UsageError(str(why)) from None
    config.stash[settings_key] = settings
    try:
        config.stash[deviations_key] = report_hooks.load_deviations(settings)
    except report_hooks.DeviationsError as why:
        raise pytest.UsageError(str(why)) from None
    worker = getattr(config, "workerinput", None)
    if worker is not None and "rmd_run" in worker:
        run = dict(worker["rmd_run"])
    else:
        run = {"run_id": secrets.token_hex(4), "seed": _choose_seed(config)}
    config.stash[run_key] = run
    config.stash[tally_key] = verdicts.Tally()
    config.pluginmanager.register(_RunVerdicts(config), "rmd-verdicts")
    config.pluginmanager.register(_Cleanup(config), "rmd-cleanup")
    if config.getoption("hypothesis_profile", None) is None:
        hypothesis.settings.load_profile(DEFAULT_PROFILE)


def _choose_seed(config):
    """A derandomized profile needs no seed; otherwise pick one now so the header can print it."""
    given = config.getoption("hypothesis_seed", None)
    if given is not None:
        return int(given) if str(given).isdigit() else given
    profile = config.getoption("hypothesis_profile", None) or DEFAULT_PROFILE
    if hypothesis.settings.get_profile(profile).derandomize:
        return None
    return secrets.randbelow(2**32)


def pytest_sessionstart(session):
    """One clear error before any test runs when the endpoint cannot be reached at all."""
    config = session.config
    settings = config.stash[settings_key]
    if not settings.endpoint or hasattr(config, "workerinput") or config.option.collectonly:
        return
    problem = reachability.probe(settings.endpoint, settings.request_timeout)
    if problem:
        pytest.exit(f"rmd-conformance: cannot use endpoint {settings.endpoint}: {problem}", returncode=EXIT_UNUSABLE)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist: every worker shares the controller's run ID and seed."""
    node.workerinput["rmd_run"] = node.config.stash[run_key]


def pytest_report_header(config):
    settings, run = config.stash[settings_key], config.stash[run_key]
    target = settings.endpoint or "embedded reference emulator (127.0.0.1, started by the suite)"
    profile = hypothesis.settings._current_profile
    shown = {k: v for k, v in settings.summary().items() if k != "endpoint"}
    lines = [
        f"rmd-conformance: target {target}",
        *(_aws_warning(settings) if settings.endpoint and options.is_aws(settings.endpoint) else []),
        "rmd-conformance: settings " + " ".join(f"{k}={v}" for k, v in shown.items()),
        f"rmd-conformance: run id {run['run_id']}; hypothesis profile {profile}; "
        + (f"seed {run['seed']} (repeat with --hypothesis-seed={run['seed']})" if run["seed"] is not None
           else "derandomized (every run draws the same examples)"),
    ]
    return lines


def _aws_warning(settings):
    creates = ("creates and deletes organizations named rmd-<run id>-N" if settings.allow_create_organizations
               else f"uses organizations {settings.organization_id} and {settings.second_organization_id}")
    return [f"rmd-conformance: LIVE AWS (--allow-aws): this run {creates}, registers and deregisters "
            f"domains under *.{settings.domain_suffix}, and removes what it made at the end"]


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def rmd_settings(pytestconfig):
    return pytestconfig.stash[settings_key]


@pytest.fixture(scope="session")
def rmd_run(pytestconfig):
    run = dict(pytestconfig.stash[run_key])
    worker = getattr(pytestconfig, "workerinput", {}).get("workerid", "")
    run["worker"] = worker
    return run


@pytest.fixture(scope="session")
def endpoint(rmd_settings):
    """The URL under test; with no --endpoint, an emulator started on a free loopback port."""
    if rmd_settings.endpoint:
        yield rmd_settings.endpoint
        return
    import emulator

    running = emulator.start(port=0, max_domains_per_org=rmd_settings.max_domains_per_org or EMBEDDED_QUOTA)
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(scope="session")
def max_domains_per_org(rmd_settings):
    return rmd_settings.max_domains_per_org or (EMBEDDED_QUOTA if rmd_settings.embedded else None)


@pytest.fixture(scope="session")
def credentials(rmd_settings):
    """The standard credential chain for AWS; worthless dummy values anywhere else."""
    if rmd_settings.endpoint and options.is_aws(rmd_settings.endpoint):
        import boto3

        found = boto3.session.Session().get_credentials()
        if found is None:
            pytest.exit("rmd-conformance: no AWS credentials found in the standard chain", returncode=EXIT_UNUSABLE)
        return found.get_frozen_credentials()
    return dummy_credentials()


@pytest.fixture(scope="session")
def transport(endpoint, rmd_settings, credentials):
    return Transport(endpoint, rmd_settings.region, credentials, rmd_settings.request_timeout)


@pytest.fixture(scope="session")
def sdk(endpoint, rmd_settings, credentials):
    return workmail_client(endpoint, rmd_settings.region, credentials, rmd_settings.request_timeout)


@pytest.fixture(scope="session")
def resources(transport, rmd_settings, rmd_run, pytestconfig):
    made = Resources(transport, f"{rmd_run['run_id']}{rmd_run['worker']}", rmd_settings.activation_timeout,
                     keep=rmd_settings.keep_resources,
                     may_create=not (rmd_settings.endpoint and options.is_aws(rmd_settings.endpoint))
                     or rmd_settings.allow_create_organizations)
    cleanup = pytestconfig.pluginmanager.get_plugin("rmd-cleanup")
    cleanup.watch(made)
    yield made
    cleanup.finish(made)


def _provisioned(resources, given, make):
    if given:
        return given
    try:
        return make()
    except ProvisioningError as why:
        problem = str(why)
    pytest.fail(f"rmd-conformance could not provision an organization: {problem}", pytrace=False)


@pytest.fixture(scope="session")
def organization(resources, rmd_settings):
    """An Active organization (given, or created for this run)."""
    return _provisioned(resources, rmd_settings.organization_id, resources.create_organization)


@pytest.fixture(scope="session")
def second_organization(resources, rmd_settings, organization):
    return _provisioned(resources, rmd_settings.second_organization_id, resources.create_organization)


@pytest.fixture(scope="session")
def inactive_organization(resources, rmd_settings):
    return _provisioned(resources, rmd_settings.inactive_organization_id, resources.inactive_organization)


@pytest.fixture
def domain_suffix(request, rmd_settings, rmd_run):
    """A parent domain unique to this test in this run, so no two tests or runs share a name."""
    tally = request.config.stash[tally_key]
    label = f"t{tally.next_test_number()}-{rmd_run['run_id']}{rmd_run['worker']}"
    return f"{label}.{rmd_settings.domain_suffix}"


@pytest.fixture(autouse=True)
def _leave_the_endpoint_as_found(request):
    """Whatever a check registered and did not release (it failed half-way) is removed after it.

    Otherwise a failing check leaves domains behind, the organization fills up, and later checks
    meet LimitExceededException instead of the behaviour they are about.
    """
    if "resources" not in request.fixturenames:
        yield
        return
    with request.getfixturevalue("resources").scratch():
        yield


@pytest.fixture
def judge(request, rmd_settings):
    made = Judge(rmd_settings.strict_errors)
    yield made
    for note in made.notes:
        request.node.user_properties.append(("rmd_note", note.as_record()))


@pytest.fixture
def explore(request, rmd_run, resources):
    made = Exploration(seed=rmd_run["seed"], around=resources.scratch)
    yield made
    request.node.user_properties.append(("rmd_examples", made.examples_run))


# -- verdicts ------------------------------------------------------------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    failure = _conformance_failure(call.excinfo) if call.excinfo is not None else None
    if failure is not None:
        report.user_properties.append(("rmd_failure", failure.as_record()))
        notes = "".join(f"\n{n}" for n in getattr(call.excinfo.value, "__notes__", ()))
        report.longrepr = f"{failure.render()}{notes}"
    ids = requirement_ids(item)
    if ids and not any(key == "rmd_requirement" for key, _ in report.user_properties):
        report.user_properties.append(("rmd_requirement", ids))
    return report


def requirement_ids(item):
    """The requirement IDs a test is marked with, in order (the first is the one it is named for)."""
    return tuple(rid for marker in item.iter_markers("requirement") for rid in marker.args)


def _conformance_failure(excinfo):
    """The ConformanceFailure behind a test's exception: inside a group, or the cause of Hypothesis' own
    error (e.g. Flaky when the endpoint's state changed between a failure and its replay)."""
    pending, seen = [excinfo.value], set()
    while pending:
        found = pending.pop(0)
        if found is None or id(found) in seen:
            continue
        seen.add(id(found))
        if isinstance(found, ConformanceFailure):
            return found
        if isinstance(found, BaseExceptionGroup):
            pending += list(found.exceptions)
        pending += [found.__cause__, found.__context__]
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        for rid in requirement_ids(item):
            catalogue.get(rid)  # an unknown ID is a bug in the suite: fail collection loudly


class _Cleanup:
    """Removes what the run created, also after a failure or Ctrl-C, and tells the user.

    The session fixture's teardown does it normally; sessionfinish catches what an interrupt skipped.
    Under xdist each worker cleans its own and hands its lines to the controller (workeroutput).
    """

    def __init__(self, config):
        self.config = config
        self.watched = []
        self.lines = []

    def watch(self, resources):
        self.watched.append(resources)

    def finish(self, resources):
        self.lines += resources.cleanup()

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session):
        for resources in self.watched:
            self.finish(resources)
        if hasattr(self.config, "workeroutput"):
            self.config.workeroutput["rmd_cleanup"] = list(self.lines)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        self.lines += getattr(node, "workeroutput", {}).get("rmd_cleanup", [])

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter):
        for line in self.lines:
            terminalreporter.write_line(f"rmd-conformance: {line}")


class _RunVerdicts:
    """Collects reports (the controller's, under xdist) into the requirement table."""

    def __init__(self, config):
        self.config = config
        self.started = report_hooks.now()
        self.table = None
        self.report = None  # deviation statuses and files written, for the terminal summary

    def pytest_runtest_logreport(self, report):
        self.config.stash[tally_key].add(report)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        tally = self.config.stash[tally_key]
        self.table = table = tally.verdicts()
        declared = self.config.stash[deviations_key]
        statuses = report_hooks.apply_deviations(table, declared)
        if exitstatus == pytest.ExitCode.OK and any(v.verdict == verdicts.FAIL for v in table.values()):
            # A SHOULD finding met inside a passing check still fails its requirement, and the run.
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        elif exitstatus == pytest.ExitCode.TESTS_FAILED and report_hooks.all_failures_declared(
                tally, table, declared, session.testsfailed):
            session.exitstatus = pytest.ExitCode.OK
        if hasattr(self.config, "workerinput") or self.config.option.collectonly:
            return  # under xdist only the controller writes the report
        self.report = report_hooks.finish(self.config, table, statuses, self.started, session.exitstatus,
                                          self.config.stash[settings_key], self.config.stash[run_key])

    def pytest_terminal_summary(self, terminalreporter):
        tally = self.config.stash[tally_key]
        if not tally.reports_seen:
            return
        terminalreporter.section("RegisterMailDomain requirements")
        for line in verdicts.summary_lines(self.table if self.table is not None else tally.verdicts()):
            terminalreporter.write_line(line)
        for line in report_hooks.summary_lines(self.report):
            terminalreporter.write_line(line)
