"""The state machine beside the other checks (conformance.lanes): it judges what it judges in its place, its
test reports it, a lane that cannot set up gives way, and a run that ends early stops it and leaves nothing."""

import signal
import subprocess
import threading
import time
import types

import pytest

import emulator
from conformance import lanes
from gallery import configured
from test_cleanup import _leftovers, _suite


def _settings(concurrency=16, organization_id=None, second_organization_id=None):
    return types.SimpleNamespace(concurrency=concurrency, organization_id=organization_id,
                                 second_organization_id=second_organization_id)


def test_lanes_only_where_examples_overlap_in_one_process_and_the_run_makes_its_organizations():
    alone, worker = types.SimpleNamespace(), types.SimpleNamespace(workerinput={})
    assert lanes.eligible(alone, _settings())
    assert not lanes.eligible(alone, _settings(concurrency=1))
    assert not lanes.eligible(worker, _settings())
    assert not lanes.eligible(alone, _settings(organization_id="m-" + "0" * 32))


def test_the_test_raises_what_its_check_raised_in_the_lane():
    def work():
        raise AssertionError("seen in the lane")

    lane = lanes.Lane("t::x", judge=None, work=work).start()
    with pytest.raises(AssertionError, match="seen in the lane"):
        lane.outcome(lambda: pytest.fail("the check ran again in its place"))


def test_a_lane_that_could_not_set_up_runs_the_check_in_its_place():
    def work():
        raise lanes.Declined("no organizations of its own")

    ran = []
    lanes.Lane("t::x", judge=None, work=work).start().outcome(lambda: ran.append("here"))
    assert ran == ["here"]


def test_a_stopped_lane_ends_at_its_next_step_and_a_checkpoint_elsewhere_does_nothing():
    steps, started = [], threading.Event()

    def work():
        while True:
            started.set()
            lanes.checkpoint()
            steps.append(1)
            time.sleep(0.01)

    lane = lanes.Lane("t::x", judge=None, work=work).start()
    started.wait(5)
    assert lane.stop(timeout=5)
    with pytest.raises(lanes.Stopped):
        lane.outcome(lambda: None)
    lanes.checkpoint()  # this thread runs no lane


def _stateful(pytester, url, concurrency):
    result = pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", f"--endpoint={url}",
                                           "--max-domains-per-org=8", f"--concurrency={concurrency}",
                                           "-k", "random_operation", "-rA", timeout=300)
    return result, result.stdout.str()


def test_a_state_machine_fault_fails_beside_the_others_as_it_does_in_its_place(pytester):
    with emulator.start(config=configured("fault", "deregister-keeps-owner", max_domains_per_org=8)) as running:
        beside, beside_text = _stateful(pytester, running.url, 8)
        alone, alone_text = _stateful(pytester, running.url, 1)
    for result, text in ((beside, beside_text), (alone, alone_text)):
        assert result.ret == pytest.ExitCode.TESTS_FAILED, text[-3000:]
        assert "RMD-STATEFUL (MUST) failed" in text
    # The lane made its two organizations; in its place the check used the run's two.
    assert "deleted the 4 organizations this run created" in beside_text
    assert "deleted the 2 organizations this run created" in alone_text


def test_an_interrupted_run_stops_the_lane_and_leaves_nothing():
    # 50 ms an answer: the state machine is still running beside the races when the run is interrupted.
    with emulator.start(max_domains_per_org=8, activation_delay=0.05, latency_ms=50) as running:
        suite = subprocess.Popen(_suite(f"--endpoint={running.url}", "--max-domains-per-org=8",
                                        "--race-rounds=5000", "-k", "identical_requests or random_operation"),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while len(_leftovers(running.url)[0]) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)  # until the lane has its two organizations, and the races their one
        time.sleep(1)
        suite.send_signal(signal.SIGINT)
        output, _ = suite.communicate(timeout=120)
        assert "KeyboardInterrupt" in output
        assert _leftovers(running.url) == ([], []), output[-2000:]
    assert "rmd-conformance: cleaned up: deleted the 3 organizations" in output, output[-2000:]
    assert "did not stop in time" not in output



def test_keep_resources_keeps_the_lane_organizations_too(pytester):
    with emulator.start(max_domains_per_org=8, activation_delay=0.05) as running:
        result = pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider",
                                               f"--endpoint={running.url}", "--max-domains-per-org=8",
                                               "--keep-resources", "-k", "random_operation", timeout=300)
        assert result.ret == 0, result.stdout.str()[-2000:]
        alive, _ = _leftovers(running.url)
    assert len(alive) == 4  # the run's two and the lane's two


def test_a_lane_that_gets_one_organization_of_two_gives_it_back_and_gives_way():
    from conformance.fixtures import _in_a_lane
    from conformance.resources import ProvisioningError

    class OneOrganizationLeft:
        keep, made, deleted = False, [], []

        def create_organization(self):
            if self.made:
                raise ProvisioningError("the account holds as many organizations as it may")
            self.made.append("m-" + "1" * 32)
            return self.made[-1]

        def delete_organization(self, organization_id):
            self.deleted.append(organization_id)

    resources = OneOrganizationLeft()
    with pytest.raises(lanes.Declined):
        _in_a_lane(lambda *_: pytest.fail("the check ran in the lane"), None, None, resources, "s.test", None)
    assert resources.deleted == resources.made == ["m-" + "1" * 32]
