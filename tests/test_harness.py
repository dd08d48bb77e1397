"""The harness never lies and never harms: an endpoint it cannot use is one clear error."""

import socket

import pytest

from conformance.verdicts import EXIT_UNUSABLE


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_suite(pytester, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", *args, timeout=120)


def test_refused_connection_is_one_clear_error_with_its_own_exit_code(pytester):
    port = _closed_port()
    result = _run_suite(pytester, f"--endpoint=http://127.0.0.1:{port}")
    assert result.ret == EXIT_UNUSABLE
    result.stdout.fnmatch_lines([f"rmd-conformance: preflight: the endpoint cannot take part: connection to "
                                 f"127.0.0.1:{port} refused (is the server running, and on this port?)",
                                 "rmd-conformance:   what to do: check --endpoint and that the server is running"])
    assert "passed" not in result.stdout.str() and "failed" not in result.stdout.str()


def test_unknown_host_is_named(pytester):
    result = _run_suite(pytester, "--endpoint=http://no-such-host.invalid:4566")
    assert result.ret == EXIT_UNUSABLE
    result.stdout.fnmatch_lines(["*the host name 'no-such-host.invalid' does not resolve*"])


def test_aws_endpoint_is_refused_without_allow_aws(pytester):
    result = _run_suite(pytester, "--endpoint=https://workmail.us-east-1.amazonaws.com")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Pass --allow-aws" in result.stderr.str()


def test_no_credential_or_signature_reaches_the_output_or_the_report(pytester, tmp_path):
    import emulator
    from conformance.wire import dummy_credentials

    secret = dummy_credentials().secret_key
    report = tmp_path / "report"
    from gallery import configured

    with emulator.start(config=configured("fault", "case-sensitive-ownership")) as running:
        result = _run_suite(pytester, f"--endpoint={running.url}", "-k", "in_use", f"--report-dir={report}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    texts = [result.stdout.str(), result.stderr.str()] + [p.read_text() for p in report.iterdir()]
    assert "Authorization: <redacted>" in result.stdout.str()
    for text in texts:
        assert secret not in text
        assert "Signature=" not in text


def test_a_missing_read_operation_blocks_the_checks_that_need_it_never_passes_them(pytester):
    import dataclasses

    import emulator
    from emulator import responses
    from emulator.config import Seams
    from emulator.exceptions import UnknownOperation

    def without_list(target):
        if target and target.endswith(".ListMailDomains"):
            raise UnknownOperation("this endpoint has no ListMailDomains")
        return responses.operation_for(target)

    with emulator.start(seams=dataclasses.replace(Seams(), operation_for=without_list)) as running:
        result = _run_suite(pytester, f"--endpoint={running.url}", "-k", "listed or retry", "-v")  # -v: one line each
    # Green without evidence would be a false certificate: the effect could not be seen, so the run fails.
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["RMD-EFFECT-LISTED * MUST * BLOCKED * - a neighbouring operation the check needs is "
                                 "not usable: ListMailDomains: HTTP 400 UnknownOperationException*"])
    assert "RMD-EFFECT-LISTED                      MUST    PASS" not in result.stdout.str()


def test_the_plugin_never_hides_the_failure_of_another_test(pytester):
    """Installed, the plugin is loaded into every pytest run: a project's own failing test still fails the run,
    alone or beside conformance checks that pass."""
    pytester.makepyfile(test_own="def test_own():\n    assert 1 == 2\n")
    alone = pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_own.py")
    assert alone.ret == pytest.ExitCode.TESTS_FAILED
    beside = pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_own.py", "--pyargs", "conformance",
                                           "-k", "own or success_is_http_200", timeout=300)
    assert beside.ret == pytest.ExitCode.TESTS_FAILED, beside.stdout.str()[-2000:]
    assert "RMD-PROTO-SUCCESS-STATUS" in beside.stdout.str()  # the checks ran beside it
