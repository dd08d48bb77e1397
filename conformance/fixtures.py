"""The fixtures every check draws on: the endpoint, the signed transport, the run's organizations, and per
test a judge, a client and a seeded generator. Failing to provision is the endpoint's doing: the checks
that needed it are blocked with the reason, never errors of the suite."""

import functools
import random

import pytest

from conformance import keys, lanes, options
from conformance.endpoint import credentials_for, transport_for
from conformance.client import Client
from conformance.explore import Exploration
from conformance.judge import Judge
from conformance.resources import ProvisioningError, Resources
from conformance.sdk import workmail_client
from conformance.verdicts import NotVerifiable

# Embedded emulator: a small quota keeps the quota check quick.
EMBEDDED_QUOTA = 8
EMBEDDED_ACTIVATION = 0.05  # seconds


@pytest.fixture(scope="session")
def rmd_settings(pytestconfig):
    return pytestconfig.stash[keys.settings_key]


@pytest.fixture(scope="session")
def rmd_run(pytestconfig):
    run = dict(pytestconfig.stash[keys.run_key])
    run["worker"] = getattr(pytestconfig, "workerinput", {}).get("workerid", "")
    return run


@pytest.fixture(scope="session")
def endpoint(rmd_settings):
    """The URL under test; with no --endpoint, an emulator started on a free loopback port."""
    if rmd_settings.endpoint:
        yield rmd_settings.endpoint
        return
    import emulator

    # A short activation: organizations are still seen Creating, and the run does not wait for them long.
    running = emulator.start(port=0, max_domains_per_org=rmd_settings.max_domains_per_org or EMBEDDED_QUOTA,
                             activation_delay=EMBEDDED_ACTIVATION)
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(scope="session")
def max_domains_per_org(rmd_settings):
    return rmd_settings.max_domains_per_org or (EMBEDDED_QUOTA if rmd_settings.embedded else None)


@pytest.fixture(scope="session")
def credentials(rmd_settings):
    return credentials_for(rmd_settings)




@pytest.fixture(scope="session")
def transport(endpoint, rmd_settings, rmd_run, credentials, pytestconfig):
    made = transport_for(endpoint, rmd_settings, credentials, rmd_run["seed"], pytestconfig.stash[keys.weather_key])
    yield made
    made.close()


@pytest.fixture(scope="session")
def sdk(endpoint, rmd_settings, credentials):
    return workmail_client(endpoint, rmd_settings.region, credentials, rmd_settings.request_timeout)


@pytest.fixture(scope="session")
def resources(transport, rmd_settings, rmd_run, pytestconfig):
    given = (rmd_settings.organization_id, rmd_settings.second_organization_id)
    made = Resources(transport, f"{rmd_run['run_id']}{rmd_run['worker']}", rmd_settings.activation_timeout,
                     consistency_timeout=rmd_settings.consistency_timeout, domain_suffix=rmd_settings.domain_suffix,
                     keep=rmd_settings.keep_resources, given=given,
                     may_create=not (rmd_settings.endpoint and options.is_aws(rmd_settings.endpoint))
                     or rmd_settings.allow_create_organizations, concurrency=rmd_settings.concurrency)
    cleanup = pytestconfig.pluginmanager.get_plugin("rmd-cleanup")
    cleanup.watch(made)
    yield made
    cleanup.finish(made)
    made.close()


def _provisioned(given, make):
    if given:
        return given
    try:
        return make()
    except ProvisioningError as why:
        raise NotVerifiable("setup-failed", f"could not provision an organization: {why}") from None


@pytest.fixture(scope="session")
def organization(resources, rmd_settings):
    """An Active organization (given, or created for this run)."""
    return _provisioned(rmd_settings.organization_id, resources.create_organization)


@pytest.fixture(scope="session")
def second_organization(resources, rmd_settings, organization):
    return _provisioned(rmd_settings.second_organization_id, resources.create_organization)


@pytest.fixture(scope="session")
def inactive_organization(resources, rmd_settings):
    return _provisioned(rmd_settings.inactive_organization_id, resources.inactive_organization)


def _suffix_of(item, rmd_settings, rmd_run):
    """A parent domain unique to the test in this run: labelled by the test's place in the run's list (the same
    under xdist, where every worker collects the same list, and whether or not the test runs in a lane)."""
    position = item.session.items.index(item) + 1
    return f"t{position}-{rmd_run['run_id']}{rmd_run['worker']}.{rmd_settings.domain_suffix}"


@pytest.fixture
def domain_suffix(request, rmd_settings, rmd_run):
    """A parent domain unique to this test in this run, so no two tests or runs share a name."""
    return _suffix_of(request.node, rmd_settings, rmd_run)


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


def _rng_of(rmd_run, nodeid):
    return random.Random(f"{rmd_run['seed']}:{nodeid}")


@pytest.fixture
def rng(request, rmd_run):
    """The test's own random generator, derived from the run's seed: two runs draw the same values."""
    return _rng_of(rmd_run, request.node.nodeid)


def _lanes_of(config):
    if keys.lanes_key not in config.stash:
        config.stash[keys.lanes_key] = lanes.Lanes()
    return config.stash[keys.lanes_key]


@pytest.fixture
def lane(request):
    """This test's lane, when it runs beside the others (conformance.lanes); None when it runs here."""
    return _lanes_of(request.config).get(request.node.nodeid)


@pytest.fixture(scope="session", autouse=True)
def _start_lanes(request, rmd_settings, rmd_run):
    """Checks marked `beside` start with the run's first test, each in a thread and organizations of its own."""
    marked = lanes.marked(request.session.items)
    if not marked or not lanes.eligible(request.config, rmd_settings):
        yield
        return
    try:
        resources = request.getfixturevalue("resources")
        quota = request.getfixturevalue("max_domains_per_org")
    except Exception:  # noqa: BLE001 - the tests that need them meet the same error, in their own setup
        yield
        return
    registry = _lanes_of(request.config)
    progress = request.config.pluginmanager.get_plugin("rmd-progress")  # the live status, when there is one
    for item in marked:
        judge = Judge(rmd_settings.strict_errors)  # counted live only while its test waits for it (Lane)
        client = _client_of(resources, judge, rmd_settings, rmd_run, quota, _rng_of(rmd_run, item.nodeid))
        suffix = _suffix_of(item, rmd_settings, rmd_run)
        body = item.get_closest_marker(lanes.MARK).args[0]
        work = functools.partial(_in_a_lane, body, client, judge, resources, suffix, quota)
        registry.add(lanes.Lane(item.nodeid, judge, work, on_count=progress.judged if progress else None)).start()
    yield
    registry.stop_all(rmd_settings.request_timeout)


def _in_a_lane(body, client, judge, resources, suffix, quota):
    organizations = []
    try:
        try:
            for _ in range(2):
                organizations.append(resources.create_organization())
        except (ProvisioningError, NotVerifiable) as why:
            raise lanes.Declined(str(why)) from None
        with resources.scratch():
            body(client, judge, resources, tuple(organizations), suffix, quota)
    finally:
        # Its organizations go as soon as it is done, or gives way with one made: an account that may hold few
        # has them back before the checks that make their own. Whatever this could not delete, the run's
        # cleanup does; --keep-resources keeps them, as it keeps everything.
        for organization_id in organizations if not resources.keep else ():
            try:
                resources.delete_organization(organization_id)
            except ProvisioningError:
                pass


@pytest.fixture
def judge(request, rmd_settings, lane):
    progress = request.config.pluginmanager.get_plugin("rmd-progress")  # the live status, when there is one
    made = lane.judge if lane is not None else Judge(rmd_settings.strict_errors,
                                                     on_count=progress.judged if progress is not None else None)
    yield made
    properties = request.node.user_properties
    properties += [("rmd_failure", f) for f in made.failures]
    properties += [("rmd_note", note.as_record()) for note in made.notes]
    properties += [("rmd_fact", fact) for fact in made.facts]
    properties.append(("rmd_judged", dict(made.judged)))


def _client_of(resources, judge, rmd_settings, rmd_run, quota, rng):
    return Client(resources.transport, resources, judge, rmd_settings.consistency_timeout, quota=quota, rng=rng,
                  run_id=rmd_run["run_id"])


@pytest.fixture
def client(resources, judge, rmd_settings, rmd_run, max_domains_per_org, rng):
    return _client_of(resources, judge, rmd_settings, rmd_run, max_domains_per_org, rng)


@pytest.fixture
def explore(request, rmd_run, rmd_settings, resources, max_domains_per_org):
    concurrency = rmd_settings.concurrency

    def width(holds):
        """Examples at once: with the quota unknown, the least room of the organizations this test registers
        into (those it asked for by fixture)."""
        if max_domains_per_org is not None or holds <= 0:
            return resources.room.examples_at_once(max_domains_per_org, holds, concurrency)
        used = [request.getfixturevalue(name) for name in ("organization", "second_organization")
                if name in request.fixturenames]
        return min((resources.room.examples_at_once(None, holds, concurrency, o) for o in used), default=concurrency)

    made = Exploration(seed=rmd_run["seed"], around=resources.scratch, name=request.node.nodeid,
                       concurrency=concurrency, width=width)
    yield made
    request.node.user_properties.append(("rmd_examples", made.examples_run))
