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


def _hang_up_on_deep_bodies(peer_gone, backend, headers, body, reply):
    from contract import json_depth

    return None if json_depth(body) > 900 else reply  # no answer at all: the connection closes


def test_no_answer_to_a_lenient_document_fails_no_5xx_never_the_may(pytester):
    """RMD-PROTO-BODY-LENIENCY is a MAY: observed, never judged. An endpoint that hangs up on a deeply
    nested (valid) body gives that request no answer at all, which RMD-PROTO-NO-5XX demands of every request."""
    import dataclasses
    import json

    import emulator
    from emulator.seams import Seams

    report = pytester.path / "report"
    with emulator.start(seams=dataclasses.replace(Seams(), deliver=_hang_up_on_deep_bodies)) as running:
        result = pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider",
                                               f"--endpoint={running.url}", "-k", "documents_around_the_members",
                                               f"--report-dir={report}", timeout=300)
    verdicts = {r["id"]: r["verdict"] for r in json.loads((report / "results.json").read_text())["requirements"]}
    output = result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert verdicts["RMD-PROTO-NO-5XX"] == "fail" and verdicts["RMD-PROTO-BODY-LENIENCY"] != "fail", verdicts
    assert "nested" in output and "expected:  an HTTP response" in output
