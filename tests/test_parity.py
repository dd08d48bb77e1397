"""Parity with a reference: record a profile, hold a run to it, and never let it change a verdict."""

import json
import subprocess
import sys

import pytest

import emulator
from conformance import parity, verdicts
from gallery import configured


def _run(pytester, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", *args, timeout=600)


def test_the_shipped_emulator_profile_is_what_the_suite_records_today(pytester, tmp_path):
    """Recorded again from the embedded emulator, the shipped profile differs in nothing but when and by what."""
    result = _run(pytester, f"--record-reference={tmp_path / 'ref.json'}")
    assert result.ret == 0
    fresh, shipped = parity.load(tmp_path / "ref.json"), parity.load(parity.EMULATOR_PROFILE)
    for document in (fresh, shipped):
        document.pop("recorded")
        document["suite"].pop("version")
    assert fresh == shipped, "re-record it: pytest --record-reference=conformance/emulator.reference.json"


def test_a_variant_differs_where_it_differs_and_only_require_parity_fails_the_run(pytester, tmp_path):
    config = configured("variant", "lowercase-message", max_domains_per_org=8, activation_delay=0.05)
    with emulator.start(config=config) as running:
        args = (f"--endpoint={running.url}", "--max-domains-per-org=8", f"--reference={parity.EMULATOR_PROFILE}")
        lenient = _run(pytester, *args, f"--report-dir={tmp_path / 'lenient'}")
        strict = _run(pytester, *args, "--require-parity", f"--report-dir={tmp_path / 'strict'}")
    assert lenient.ret == 0 and strict.ret == 1  # the verdicts pass either way
    lenient.stdout.fnmatch_lines(["rmd-conformance: parity with embedded reference emulator (recorded *): 1 differs*",
                                  "rmd-conformance:   differs: RMD-PROTO-ERROR-MESSAGE/member: the reference "
                                  "'Message', this run 'message'"])
    document = json.loads((tmp_path / "strict" / "results.json").read_text())
    assert document["summary"]["certified"] and document["run"]["exit_status"] == 1
    assert [row["key"] for row in document["parity"]["rows"] if row["status"] == parity.DIFFERS] == [
        "RMD-PROTO-ERROR-MESSAGE/member"]
    page = (tmp_path / "strict" / "report.html").read_text()
    assert "<h2>Parity with embedded reference emulator</h2>" in page
    assert 'data-point="RMD-PROTO-ERROR-MESSAGE/member" data-status="differs"' in page
    junit = (tmp_path / "strict" / "junit.xml").read_text()
    assert 'name="RegisterMailDomain parity"' in junit and 'type="parity"' in junit  # a failure: it is required
    verified = subprocess.run([sys.executable, "-m", "reports.verify", str(tmp_path / "strict")],
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_points_the_run_did_not_reach_are_not_compared_and_say_why():
    reference = parity.profile({"RMD-QUOTA/answer": "LimitExceededException", "run/connection": "kept alive",
                                "RMD-STATEFUL/answer": "MailDomainInUseException"}, endpoint="x", region="r",
                               seed=None, hypothesis_profile="ci", version="1")
    table = verdicts.not_run_table("deselected", "")
    rows = parity.compare(reference, {"run/connection": "close", "run/read lag": "at once"}, table)
    by_key = {row["key"]: row for row in rows}
    assert by_key["run/connection"]["status"] == parity.DIFFERS
    assert by_key["RMD-QUOTA/answer"]["status"] == parity.NOT_COMPARED
    assert "not run" in by_key["RMD-QUOTA/answer"]["why"]
    assert by_key["run/read lag"]["status"] == parity.ONLY_HERE
    assert [row["status"] for row in rows][0] == parity.DIFFERS  # differences first


@pytest.mark.parametrize("content, message", [
    (None, "cannot read"),
    ("{not json", "is not JSON"),
    ('{"format": 1}', "not a reference profile"),
])
def test_a_bad_reference_is_a_usage_error(pytester, tmp_path, content, message):
    path = tmp_path / "ref.json"
    if content is not None:
        path.write_text(content)
    result = _run(pytester, f"--reference={path}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert message in result.stderr.str()


def test_require_parity_needs_a_reference_and_a_profile_needs_a_folder(pytester, tmp_path):
    result = _run(pytester, "--require-parity")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "needs --reference" in result.stderr.str()
    result = _run(pytester, f"--record-reference={tmp_path / 'missing' / 'ref.json'}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "folder that does not exist" in result.stderr.str()


def test_no_profile_is_written_of_an_endpoint_the_run_could_not_judge(pytester, tmp_path):
    from misbehaving import MisbehavingServer

    with MisbehavingServer("xml") as server:
        result = _run(pytester, f"--endpoint={server.url}", f"--record-reference={tmp_path / 'ref.json'}")
    assert result.ret == verdicts.EXIT_UNUSABLE
    assert not (tmp_path / "ref.json").exists()
    assert "not written to" in result.stdout.str()


def _results_of(pytester, tmp_path, name, endpoint=None):
    args = [f"--report-dir={tmp_path / name}"] + ([f"--endpoint={endpoint}", "--max-domains-per-org=8"]
                                                   if endpoint else [])
    assert _run(pytester, *args).ret == 0
    return tmp_path / name


def test_compare_puts_three_endpoints_side_by_side_differences_first(pytester, tmp_path):
    from reports import compare

    ours = _results_of(pytester, tmp_path, "ours")
    config = configured("variant", "json-content-type", max_domains_per_org=8, activation_delay=0.05)
    with emulator.start(config=config) as running:
        theirs = _results_of(pytester, tmp_path, "theirs", running.url)
    page = tmp_path / "compare.html"
    done = subprocess.run([sys.executable, "-m", "reports.compare", str(ours), str(theirs / "results.json"),
                           str(parity.EMULATOR_PROFILE), "--names", "ours", "theirs", "shipped",
                           f"--html={page}"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "| | requirements | ours | theirs | shipped |" in lines
    points = lines[lines.index("## Parity points (what each endpoint did)") + 4:]
    assert points[0].startswith("| ≠ | RMD-PROTO-CONTENT-TYPE/on error | application/x-amz-json-1.1 | "
                                "application/json | application/x-amz-json-1.1 |")
    assert sum(line.startswith("| ≠ |") for line in points) == 2  # on error and on success, nothing else
    with pytest.raises(SystemExit):
        compare.main([str(ours)])  # one input compares nothing: a usage error
    bad = subprocess.run([sys.executable, "-m", "reports.compare", str(ours), str(tmp_path / "nothing.json")],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "cannot read it" in bad.stderr
    _assert_renders(page, tmp_path)


def _assert_renders(page, tmp_path):
    """The page, opened in headless Chromium (when the machine has it, as CI does), shows both tables."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={tmp_path / 'chromium'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert "Parity points (what each endpoint did)" in dom and 'class="differs"' in dom
    assert "RMD-PROTO-CONTENT-TYPE/on success" in dom
