"""Certification reports: what --report-dir writes, --deviations, the coverage matrix, reports.verify and
reports.replay."""

import dataclasses
import datetime
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

import emulator
from conformance import catalogue, deviations, verdicts
from emulator import responses
from emulator.config import Config, Seams
from reports import coverage, html, replay, results, verify
from reports.write import sha256, write_all

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _run(pytester, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", *args, timeout=300)


def _created(result):
    """A fault: RegisterMailDomain (the only operation here with an empty output) answers 201, not 200."""
    reply = responses.render_success(result)
    if result:
        return reply
    return dataclasses.replace(reply, status=201) if dataclasses.is_dataclass(reply) else reply._replace(status=201)


@pytest.fixture(scope="module")
def faulty_endpoint():
    running = emulator.start(config=Config(max_domains_per_org=8,
                                           seams=dataclasses.replace(Seams(), render_success=_created)))
    yield running.url
    running.stop()


def _in_days(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def _results(directory):
    return json.loads((directory / "results.json").read_text())


def _by_id(document):
    return {r["id"]: r for r in document["requirements"]}


def test_passing_run_under_xdist_writes_a_verified_report(pytester, tmp_path):
    out = tmp_path / "report"
    result = _run(pytester, "-n", "2", "-k", "success", "--report-dir", str(out))
    assert result.ret == 0, result.stdout.str()[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["MANIFEST.sha256", "junit.xml", "report.html", "results.json"]
    assert f"report written to {out}" in result.stdout.str()
    document = _results(out)
    results.validate(document)
    assert document["suite"]["version"] and document["specification"]["url"].startswith("https://")
    assert document["specification"]["botocore_version"]
    assert document["target"]["endpoint"] == "embedded reference emulator"
    assert document["hypothesis"]["profile"] == "ci"
    assert document["coverage"]["uncovered"] == []
    by_id = _by_id(document)
    assert set(by_id) == set(catalogue.REQUIREMENTS)
    assert by_id["RMD-PROTO-SUCCESS-STATUS"]["verdict"] == "pass"
    assert by_id["RMD-PROTO-SUCCESS-STATUS"]["tests"]
    assert by_id["RMD-QUOTA"]["verdict"] == "not run"
    cases = ET.parse(out / "junit.xml").getroot().find("testsuite").findall("testcase")
    assert len(cases) == len(catalogue.REQUIREMENTS)
    quota = next(c for c in cases if c.get("name") == "RMD-QUOTA")
    assert quota.find("skipped") is not None
    assert verify.main([str(out)]) == 0


def _remanifest(out):
    """What a forger does after editing: recompute every hash, so the manifest matches again."""
    (out / "MANIFEST.sha256").write_text("".join(f"{sha256(out / n)}  {n}\n"
                                                 for n in ("results.json", "junit.xml", "report.html")))


def _forge(out, pristine, edit):
    for name, data in pristine.items():
        (out / name).write_bytes(data)
    document = _results(out)
    edit(document)
    (out / "results.json").write_text(json.dumps(document))
    _remanifest(out)


def test_tampered_report_fails_verification(pytester, tmp_path, capsys):
    out = tmp_path / "report"
    assert _run(pytester, "-k", "test_success_is_http_200", "--report-dir", str(out)).ret == 0
    assert verify.main([str(out)]) == 0
    pristine = {p.name: p.read_bytes() for p in out.iterdir()}

    html_path = out / "report.html"
    html_path.write_text(html_path.read_text().replace("pass", "PASS!"))
    assert verify.main([str(out)]) == 1
    assert "report.html: sha256 does not match MANIFEST.sha256" in capsys.readouterr().err

    # Consistent-looking forgeries (the manifest recomputed) still disagree with what the records imply.
    _forge(out, pristine, lambda d: _by_id(d)["RMD-QUOTA"].update(verdict="pass"))
    assert verify.main([str(out)]) == 1
    err = capsys.readouterr().err
    assert "RMD-QUOTA: verdict 'pass' with no judged example" in err
    assert "report.html: was not rendered from this results.json" in err

    def certify(document):
        document["summary"]["certified"] = True
    _forge(out, pristine, certify)
    assert verify.main([str(out)]) == 1
    assert "summary.certified: results.json says True, the requirements give False" in capsys.readouterr().err

    (out / "MANIFEST.sha256").unlink()
    assert verify.main([str(out)]) == 1


def test_a_forged_deviation_fails_verification(pytester, tmp_path, faulty_endpoint, capsys):
    out = tmp_path / "report"
    assert _run(pytester, f"--endpoint={faulty_endpoint}", "-k", "test_success_is_http_200",
                "--report-dir", str(out)).ret == 1
    pristine = {p.name: p.read_bytes() for p in out.iterdir()}

    def waive(document):  # declare a deviation after the fact, and mark the failure waived
        record = _by_id(document)["RMD-PROTO-SUCCESS-STATUS"]
        record.update(verdict="deviation declared", waived="fail")
        document["deviations"] = [{"id": "RMD-PROTO-SUCCESS-STATUS", "level": "MUST", "reason": "r",
                                   "expires": "2099-01-01", "status": "applied", "verdict": "deviation declared"}]
    _forge(out, pristine, waive)
    assert verify.main([str(out)]) == 1
    err = capsys.readouterr().err
    assert "expires 2099-01-01, more than a year after the run" in err
    assert "summary.exit_code" in err or "summary.certified" in err or "run.exit_status" in err


def test_no_report_dir_writes_no_files(pytester):
    result = _run(pytester, "-k", "test_success_is_http_200")
    assert result.ret == 0
    assert "RegisterMailDomain requirements" in result.stdout.str()
    assert "report written" not in result.stdout.str()
    names = {"results.json", "junit.xml", "report.html", "MANIFEST.sha256"}
    assert not [p for p in pytester.path.rglob("*") if p.name in names]


def test_failure_is_reported_with_request_response_and_reproducer(pytester, tmp_path, faulty_endpoint):
    out = tmp_path / "report"
    result = _run(pytester, f"--endpoint={faulty_endpoint}", "-k", "success", "--report-dir", str(out))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    status = _by_id(_results(out))["RMD-PROTO-SUCCESS-STATUS"]
    assert status["verdict"] == "fail"
    failure = status["failures"][0]
    assert failure["response"]["status"] == 201
    assert failure["request"]["url"].startswith(faulty_endpoint)
    assert failure["reproducer"]["curl"].startswith("curl") and "register_mail_domain" in failure["reproducer"]["boto3"]
    case = next(c for c in ET.parse(out / "junit.xml").getroot().iter("testcase")
                if c.get("name") == "RMD-PROTO-SUCCESS-STATUS")
    assert "got HTTP 201" in case.find("failure").get("message")
    assert verify.main([str(out)]) == 0


def test_declared_deviation_is_reported_and_does_not_fail_the_run(pytester, tmp_path, faulty_endpoint):
    out = tmp_path / "report"
    declared = tmp_path / "deviations.json"
    declared.write_text(json.dumps([
        {"id": "RMD-PROTO-SUCCESS-STATUS", "reason": "gateway answers <201>", "expires": _in_days(300)},
        {"id": "RMD-PROTO-SUCCESS-BODY", "reason": "fixed already", "expires": _in_days(300)},
        {"id": "RMD-QUOTA", "reason": "long ago", "expires": "2000-01-01"},
    ]))
    result = _run(pytester, f"--endpoint={faulty_endpoint}", "-k", "success", "--report-dir", str(out),
                  "--deviations", str(declared))
    output = result.stdout.str()
    assert result.ret == 0, output[-3000:]
    assert "deviation declared: RMD-PROTO-SUCCESS-STATUS" in output
    assert "STALE DEVIATION: RMD-PROTO-SUCCESS-BODY" in output
    assert "DEVIATION EXPIRED: RMD-QUOTA" in output
    document = _results(out)
    status = _by_id(document)["RMD-PROTO-SUCCESS-STATUS"]
    assert status["verdict"] == "deviation declared" and status["failures"]  # declared, not hidden
    assert {d["id"]: d["status"] for d in document["deviations"]} == {
        "RMD-PROTO-SUCCESS-STATUS": "applied", "RMD-PROTO-SUCCESS-BODY": "no longer fails", "RMD-QUOTA": "expired"}
    assert "gateway answers &lt;201&gt;" in (out / "report.html").read_text()
    assert document["summary"]["certified"] is False  # a waived MUST is listed, never certified
    assert "(a MUST: the run is not certified)" in output
    assert verify.main([str(out)]) == 0


def test_expired_deviation_fails_the_run_again(pytester, tmp_path, faulty_endpoint):
    declared = tmp_path / "deviations.json"
    declared.write_text(json.dumps([{"id": "RMD-PROTO-SUCCESS-STATUS", "reason": "r", "expires": "2000-01-01"}]))
    result = _run(pytester, f"--endpoint={faulty_endpoint}", "-k", "test_success_is_http_200",
                  "--deviations", str(declared))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "DEVIATION EXPIRED: RMD-PROTO-SUCCESS-STATUS" in result.stdout.str()


def test_bad_deviations_file_is_a_usage_error_naming_it(pytester, tmp_path):
    declared = tmp_path / "deviations.json"
    declared.write_text('[{"id": "RMD-NOPE", "reason": "x", "expires": "2030-01-01"}]')
    result = _run(pytester, "--deviations", str(declared))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"--deviations {declared}: entry 0: unknown requirement ID 'RMD-NOPE'" in result.stderr.str()


@pytest.mark.parametrize("content, problem", [
    ("{", "not valid JSON"),
    ('{"id": "RMD-QUOTA"}', "must be a JSON list"),
    ('[{"id": "RMD-QUOTA", "reason": "x"}]', "missing expires"),
    ('[{"id": "RMD-QUOTA", "reason": "x", "expires": "soon"}]', "expires must be a date YYYY-MM-DD"),
    ('[{"id": "RMD-QUOTA", "reason": "", "expires": "2027-01-01"}]', "reason must be a non-empty string"),
    ('[{"id": "RMD-QUOTA", "reason": "x", "expires": "2027-01-01"}, '
     '{"id": "RMD-QUOTA", "reason": "x", "expires": "2027-01-01"}]', "declared twice"),
    ('[{"id": "RMD-QUOTA", "reason": "x", "expires": "2999-01-01"}]', "more than a year ahead"),
])
def test_deviations_file_problems_are_named(tmp_path, content, problem):
    path = tmp_path / "d.json"
    path.write_text(content)
    with pytest.raises(deviations.DeviationsError, match=f"--deviations {path}: .*{problem}"):
        deviations.load(str(path), today=datetime.date(2026, 12, 1))
    with pytest.raises(deviations.DeviationsError, match="cannot read"):
        deviations.load(str(tmp_path / "absent.json"))


def test_every_behaviour_of_the_page_is_covered_by_known_requirements():
    assert coverage.uncovered() == []
    keys = [key for key, _ in coverage.behaviours()]
    assert set(coverage.MAPPING) == set(keys), "the mapping names behaviours the contract does not state"
    assert sum(k.startswith("error.") for k in keys) == 5
    for key, ids in coverage.MAPPING.items():
        for rid in ids:
            assert rid in catalogue.REQUIREMENTS, f"{key} maps to unknown {rid}"


def _document_with_a_hostile_failure(tmp_path):
    """A results document whose run-provided strings try to inject markup."""
    from conformance.options import settings_from

    table = {rid: verdicts.Verdict(r, verdict=verdicts.PASS) for rid, r in catalogue.REQUIREMENTS.items()}
    bad = table["RMD-PROTO-SUCCESS-STATUS"]
    bad.verdict = verdicts.FAIL
    bad.failures.append({"requirement": bad.requirement.id, "level": "MUST", "expected": "HTTP 200",
                         "got": "<script>window.pwned=1</script>", "detail": None,
                         "request": {"method": "POST", "url": "http://x/", "headers": {}, "body": "{}"},
                         "response": {"status": 201, "headers": {}, "body": "<img src=x onerror=alert(1)>",
                                      "truncated": False},
                         "reproducer": {"curl": "curl -X POST 'http://x/'", "boto3": "import boto3"}})
    table["RMD-VAL-DOMAIN-READING"].verdict = verdicts.OBSERVED
    settings = settings_from(lambda _: None, {}, lambda _: None)
    moment = datetime.datetime.now(datetime.timezone.utc)
    table["RMD-PROTO-SUCCESS-STATUS"].judged = 1
    for verdict in table.values():
        verdict.judged = max(verdict.judged, 1)
    run = {"run_id": "abcd1234", "seed": None, "profile": "ci", "started": moment.isoformat(timespec="seconds")}
    return results.build(table, settings=settings, run=run, finished=moment, deviation_statuses=[], exit_status=1)


def test_html_escapes_everything_and_loads_nothing(tmp_path):
    page = html.render(_document_with_a_hostile_failure(tmp_path))
    assert "<script>window.pwned" not in page and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "http://" not in page.split("<main>")[0] and "<link" not in page and "<script src" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_html_report_renders_in_headless_chromium(tmp_path):
    write_all(tmp_path / "report", _document_with_a_hostile_failure(tmp_path))
    url = (tmp_path / "report" / "report.html").as_uri()
    flags = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert "RegisterMailDomain conformance report" in dom
    assert "Not certified" in dom and "MUST passed" in dom
    assert "RMD-PROTO-SUCCESS-STATUS" in dom and "Failure 1: expected HTTP 200" in dom
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in dom  # shown as text, never run
    shot = tmp_path / "out.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2000", url], capture_output=True,
                   timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert verify.main([str(tmp_path / "report")]) == 0


def test_replay_reproduces_every_verdict_and_names_the_ones_that_differ(pytester, tmp_path, faulty_endpoint, capsys):
    out = tmp_path / "report"
    with emulator.start(max_domains_per_org=8) as running:
        assert _run(pytester, f"--endpoint={running.url}", "-k", "success_is or errors_name",
                    "--report-dir", str(out)).ret == 0
        assert replay.main([str(out)]) == 0  # the same endpoint, the same settings and selection: the same verdicts
        assert "verdicts of run" in capsys.readouterr().out
    assert replay.main([str(out), "--endpoint", faulty_endpoint]) == 1
    assert "RMD-PROTO-SUCCESS-STATUS: recorded 'pass', now 'fail'" in capsys.readouterr().out


def test_summary_is_recomputed_from_the_records():
    table = {rid: verdicts.Verdict(r, verdict=verdicts.PASS, judged=1) for rid, r in catalogue.REQUIREMENTS.items()}
    assert verdicts.summary(table)["certified"] and verdicts.exit_code(table) == 0
    table["RMD-QUOTA"].verdict = verdicts.NOT_APPLICABLE
    assert verdicts.certified(table)  # not applicable: nothing to certify against
    table["RMD-QUOTA"].verdict = verdicts.NOT_RUN
    assert not verdicts.certified(table) and verdicts.exit_code(table) == 0  # the user's choice: not certified
    table["RMD-QUOTA"].verdict = verdicts.BLOCKED
    assert not verdicts.certified(table) and verdicts.exit_code(table) == 1  # the endpoint's doing: a failed run
