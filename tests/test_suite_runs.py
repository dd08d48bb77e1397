"""The suite, run as a user runs it: against the embedded emulator, and against one started by hand."""

import re
import subprocess
import sys

import pytest


def _run_suite(pytester, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", *args, timeout=600)


def test_plain_run_passes_against_the_embedded_emulator(pytester):
    result = _run_suite(pytester)
    assert result.ret == 0, result.stdout.str()[-3000:]
    output = result.stdout.str()
    assert "rmd-conformance: target embedded reference emulator" in output
    assert "warnings summary" not in output and "Warning" not in result.stderr.str()  # a clean run is quiet
    assert "RegisterMailDomain requirements" in output
    must = re.search(r"^MUST: (.*)$", output, re.MULTILINE).group(1)
    assert re.fullmatch(r"(\d+ not run, )?\d+ pass \(of \d+\)", must), must
    assert not re.search(r"^\S+\s+(MUST|SHOULD|MAY)\s+(FAIL|ERROR|BLOCKED)\b", output, re.MULTILINE)
    assert not re.search(r"^(all )?\d+ requirements.*: (FAIL|ERROR|BLOCKED)\b", output, re.MULTILINE)


def test_run_against_an_emulator_started_by_hand(pytester):
    process = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0", "--max-domains-per-org", "5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        result = _run_suite(pytester, f"--endpoint={url}", "--max-domains-per-org=5",
                            "-k", "protocol or quota or idempotency")
        assert result.ret == 0, result.stdout.str()[-3000:]
        assert f"rmd-conformance: target {url}" in result.stdout.str()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_bad_option_is_a_usage_error_naming_its_source(pytester):
    result = _run_suite(pytester, "--endpoint=ftp://nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--endpoint: 'ftp://nowhere' must be an http:// or https:// URL (from command-line option --endpoint)" \
        in result.stderr.str()


@pytest.mark.parametrize("semantics, variant, broken", [
    ("fullmatch", "search-semantics", "RMD-VAL-TOKEN-PATTERN (MUST) failed"),
    ("search", None, "RMD-VAL-TOKEN-ACCEPT (MUST) failed"),
    ("either", "search-semantics", None),
    ("either", None, None),
])
def test_pattern_semantics_decides_what_is_judged(pytester, semantics, variant, broken):
    import emulator

    from gallery import configured

    with emulator.start(config=configured("variant", variant) if variant else None) as running:
        result = _run_suite(pytester, f"--endpoint={running.url}", f"--pattern-semantics={semantics}",
                            "-k", "token and reading")
    if broken is None:
        assert result.ret == 0, result.stdout.str()[-2000:]
    else:
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert broken in result.stdout.str()
