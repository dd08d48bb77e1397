"""The preflight: an endpoint that cannot take part is one diagnosis on one screen, with its own exit code; an
endpoint that speaks awsJson1.1 is always let through to be judged (issue: a run a person can read)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from conformance.verdicts import EXIT_UNUSABLE
from misbehaving import MisbehavingServer

MAX_LINES = 40
DIAGNOSIS_WITHIN = 10


def _run_suite(pytester, url, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", f"--endpoint={url}",
                                         "--request-timeout=2", *args, timeout=300)


def _assert_one_screen_diagnosis(result, finding):
    lines = result.stdout.str().splitlines()
    assert result.ret == EXIT_UNUSABLE, "\n".join(lines[-40:])
    assert len(lines) <= MAX_LINES, "\n".join(lines)
    head = "\n".join(lines[:DIAGNOSIS_WITHIN])
    assert f"rmd-conformance: preflight: the endpoint cannot take part: {finding}" in head, head
    assert "what to do:" in result.stdout.str()
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


@pytest.mark.parametrize("mode, finding", [
    ("html", "it does not speak awsJson1.1"),
    ("xml", "it does not speak awsJson1.1"),
    ("not-implemented", "it does not implement RegisterMailDomain"),
    ("hang", "no answer to RegisterMailDomain: no response within 2 s"),
])
def test_an_endpoint_that_cannot_take_part_is_one_screen_of_diagnosis(pytester, mode, finding):
    with MisbehavingServer(mode) as server:
        result = _run_suite(pytester, server.url)
    _assert_one_screen_diagnosis(result, finding)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def moto_server():
    """moto's own server (pip install 'moto[server]', as .ci/run does): a popular emulator with no WorkMail."""
    command = shutil.which("moto_server", path=os.path.dirname(sys.executable)) or shutil.which("moto_server")
    if command is None:
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    process = subprocess.Popen([command, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start (exit {process.poll()})") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_moto_which_has_no_workmail_is_diagnosed_in_one_screen(pytester, moto_server, tmp_path):
    result = _run_suite(pytester, moto_server, f"--report-dir={tmp_path / 'report'}")
    _assert_one_screen_diagnosis(result, "it does not speak awsJson1.1")
    assert "HTTP 500, Content-Type text/html" in result.stdout.str()  # what was seen, as seen
    document = json.loads((tmp_path / "report" / "results.json").read_text())
    assert document["run"]["exit_status"] == EXIT_UNUSABLE
    assert document["target"]["preflight"]["usable"] is False
    assert {(r["verdict"], r["reason"]["code"]) for r in document["requirements"]} == {("not run",
                                                                                        "endpoint-unusable")}
    verified = subprocess.run([sys.executable, "-m", "reports.verify", str(tmp_path / "report")],
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_no_preflight_runs_the_checks_anyway(pytester):
    with MisbehavingServer("xml") as server:
        result = _run_suite(pytester, server.url, "--no-preflight", "-k", "success_is_http_200")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "preflight skipped (--no-preflight)" in result.stdout.str()


def test_an_endpoint_speaking_aws_json_passes_the_preflight_and_is_judged(pytester):
    import emulator
    from gallery import configured

    # Errors as HTML pages is non-conformance, not a different protocol: its JSON successes give it away.
    with emulator.start(config=configured("fault", "error-html")) as running:
        result = _run_suite(pytester, running.url, "-k", "errors_name_their_type")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "rmd-conformance: preflight: endpoint serves WorkMail awsJson1.1: yes" in result.stdout.str()
