"""Endpoints that misbehave turn into failed checks with a diagnostic: never a crash, a hang, or a
traceback from the harness, and never unbounded memory."""

import pytest

from misbehaving import MisbehavingServer

# A few checks that need no organization and a few that do: both paths must report cleanly.
SUBSET = "success_is_http_200 or not_a_json_object or errors_name_their_type"


def _run_suite(pytester, url, *args):
    # --no-preflight: these are the checks' own defences; the preflight would stop most of these runs first.
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", f"--endpoint={url}",
                                         "--request-timeout=1", "-k", SUBSET, "--no-preflight", *args, timeout=300)


@pytest.mark.parametrize("mode, diagnostic", [
    ("hang", "no response within 1 s"),
    ("trickle", "no response within 1 s"),
    ("truncated", "the response body was cut short"),
    ("reset", "the connection was reset"),
    ("html", "body: <html><body>Hello</body></html>"),
    ("null", "CreateOrganization did not give an organization"),
    ("invalid-json", "CreateOrganization did not give an organization"),
    ("ok-for-everything", "RMD-PROTO-MALFORMED-JSON (MUST) failed"),
    ("server-error", "RMD-PROTO-NO-5XX (MUST) failed"),
    ("huge", "(truncated)"),
])
def test_misbehaviour_is_a_failed_check_with_a_diagnostic(pytester, mode, diagnostic):
    with MisbehavingServer(mode) as server:
        result = _run_suite(pytester, server.url)
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert diagnostic in output, output[-3000:]
    assert "INTERNALERROR" not in output
    assert "RegisterMailDomain requirements" in output
