"""The verdict model: what each test recorded becomes one verdict per requirement, with evidence or a reason."""

import datetime

import pytest

from conformance import catalogue, deviations, verdicts


def _tally(*tests):
    """tests: (nodeid, requirement ids, outcome, properties) as the plugin would report them."""
    tally = verdicts.Tally()
    for nodeid, ids, outcome, properties in tests:
        tally.add(nodeid, "call", outcome, [("rmd_requirement", ids), *properties])
    return tally.verdicts()


def _failure(rid, got="x"):
    return ("rmd_failure", {"requirement": rid, "level": catalogue.get(rid).level, "expected": "y", "got": got})


def test_a_pass_needs_a_judged_example():
    table = _tally(("t1", ("RMD-QUOTA",), "passed", []))
    assert table["RMD-QUOTA"].verdict == verdicts.BLOCKED
    assert table["RMD-QUOTA"].reason["code"] == "nothing-judged"
    table = _tally(("t1", ("RMD-QUOTA",), "passed", [("rmd_judged", {"RMD-QUOTA": 2})]))
    assert table["RMD-QUOTA"].verdict == verdicts.PASS and table["RMD-QUOTA"].judged == 2


def test_a_failure_is_attributed_to_its_requirement_whichever_check_saw_it():
    table = _tally(("t1", ("RMD-QUOTA",), "failed", [_failure("RMD-PROTO-NO-5XX"), ("rmd_judged", {"RMD-QUOTA": 1})]))
    assert table["RMD-PROTO-NO-5XX"].verdict == verdicts.FAIL
    assert table["RMD-QUOTA"].verdict == verdicts.BLOCKED
    assert table["RMD-QUOTA"].reason["detail"] == "RMD-PROTO-NO-5XX"


def test_not_verifiable_carries_its_reason_and_category():
    reason = verdicts.NotVerifiable("never-creating", "Active at once").as_record()
    table = _tally(("t1", ("RMD-ORG-CREATING",), "skipped", [("rmd_reason", reason)]))
    assert table["RMD-ORG-CREATING"].verdict == verdicts.NOT_APPLICABLE
    assert table["RMD-ORG-CREATING"].reason == reason
    with pytest.raises(ValueError, match="unknown not-verifiable reason"):
        verdicts.NotVerifiable("because")


def test_a_failed_check_with_no_recorded_failure_is_a_suite_error():
    table = _tally(("t1", ("RMD-QUOTA",), "failed", []))
    assert table["RMD-QUOTA"].verdict == verdicts.ERROR and verdicts.exit_code(table) == 1


def test_the_worst_of_several_checks_wins_and_deselected_checks_leave_it_not_run():
    table = _tally(("t1", ("RMD-STATEFUL",), "passed", [("rmd_judged", {"RMD-STATEFUL": 1})]),
                   ("t2", ("RMD-STATEFUL",), "skipped", [("rmd_reason", verdicts.reason_record("setup-failed"))]))
    assert table["RMD-STATEFUL"].verdict == verdicts.BLOCKED
    tally = verdicts.Tally()
    tally.add("t1", "call", "passed", [("rmd_requirement", ("RMD-STATEFUL",)), ("rmd_judged", {"RMD-STATEFUL": 1})])
    tally.deselected(["RMD-STATEFUL"])
    assert tally.verdicts()["RMD-STATEFUL"].verdict == verdicts.NOT_RUN


def test_a_may_is_observed_only_with_an_observation():
    note = ("rmd_note", {"requirement": "RMD-IDEM-REREGISTER", "kind": "observation", "what": "200"})
    assert _tally(("t1", ("RMD-IDEM-REREGISTER",), "passed", [note]))["RMD-IDEM-REREGISTER"].verdict == verdicts.OBSERVED
    assert _tally(("t1", ("RMD-IDEM-REREGISTER",), "passed", []))["RMD-IDEM-REREGISTER"].verdict == verdicts.BLOCKED


def _judged_table():
    return {rid: verdicts.Verdict(r, verdict=verdicts.PASS, judged=1) for rid, r in catalogue.REQUIREMENTS.items()}


def test_a_waived_should_keeps_the_certificate_a_waived_must_does_not():
    today = datetime.date(2026, 12, 1)
    for rid, certified in (("RMD-PROTO-ERROR-MESSAGE", True), ("RMD-PROTO-SUCCESS-STATUS", False)):
        table = _judged_table()
        table[rid].verdict = verdicts.FAIL
        declared = deviations.parse([{"id": rid, "reason": "known", "expires": "2027-06-30"}], today=today)
        statuses = deviations.apply(table, declared, today=today)
        assert statuses[0]["status"] == deviations.APPLIED
        assert table[rid].verdict == verdicts.DEVIATION and table[rid].waived == verdicts.FAIL
        assert verdicts.exit_code(table) == 0 and verdicts.certified(table) is certified


def test_an_expired_deviation_waives_nothing():
    table = _judged_table()
    table["RMD-QUOTA"].verdict = verdicts.FAIL
    declared = deviations.parse([{"id": "RMD-QUOTA", "reason": "r", "expires": "2026-11-30"}],
                                today=datetime.date(2026, 11, 1))
    assert deviations.apply(table, declared, today=datetime.date(2026, 12, 1))[0]["status"] == deviations.EXPIRED
    assert verdicts.exit_code(table) == 1


def test_every_must_quotes_the_sentence_that_demands_it():
    for requirement in catalogue.REQUIREMENTS.values():
        if requirement.level == catalogue.MUST:
            assert requirement.evidence and all(q.text and q.source for q in requirement.evidence), requirement.id
        else:
            assert requirement.why_level, requirement.id


def test_the_reviewed_levels_follow_the_text():
    """The page says nothing of reuse, deletion or deregistration, nor of case: those are not MUSTs."""
    for rid in ("RMD-IDEM-ONE-EFFECT-PER-TOKEN", "RMD-ORG-DELETE-RELEASES", "RMD-EFFECT-DEREGISTRABLE",
                "RMD-CONFLICT-CASE"):
        assert catalogue.get(rid).level == catalogue.SHOULD, rid
    assert "retried" in catalogue.get("RMD-CONC-IDENTICAL").title


def test_requirements_that_share_one_cause_are_one_line_unless_asked_for_each():
    blocked = verdicts.reason_record("setup-failed", "could not provision an organization: HTTP 500")
    tests = [(f"t{n}", (rid,), "skipped", [("rmd_reason", blocked)])
             for n, rid in enumerate(["RMD-QUOTA", "RMD-STATEFUL", "RMD-EFFECT-LISTED", "RMD-IDEM-RETRY"])]
    tests.append(("t9", ("RMD-ORG-STATE",), "failed", [_failure("RMD-ORG-STATE")]))
    table = _tally(*tests)
    lines = verdicts.summary_lines(table)
    grouped = [line for line in lines if "could not provision" in line]
    assert grouped == ["4 requirements (RMD-EFFECT-LISTED, RMD-QUOTA, RMD-IDEM-RETRY, RMD-STATEFUL): BLOCKED - the "
                       "suite could not set up what the check needs: could not provision an organization: HTTP 500"]
    assert any(line.startswith("RMD-ORG-STATE ") and "FAIL" in line for line in lines)  # a lone cause keeps its line
    assert sum("could not provision" in line for line in verdicts.summary_lines(table, group=False)) == 4


def test_a_run_stopped_by_the_preflight_reports_every_requirement_not_run_with_the_reason():
    table = verdicts.not_run_table("endpoint-unusable", "it does not speak awsJson1.1")
    assert {v.verdict for v in table.values()} == {verdicts.NOT_RUN}
    assert {v.reason["code"] for v in table.values()} == {"endpoint-unusable"}
    assert verdicts.summary_lines(table)[0].startswith(f"all {len(table)} requirements: NOT RUN - the preflight")
    assert not verdicts.certified(table)


def test_the_end_of_a_run_says_what_to_do_next():
    failure = _failure("RMD-PROTO-NO-5XX")
    failure[1]["reproducer"] = {"curl": "curl -X POST http://127.0.0.1:1/", "boto3": "..."}
    unknown_quota = verdicts.NotVerifiable("quota-unknown").as_record()
    table = _tally(("t1", ("RMD-PROTO-NO-5XX",), "failed", [failure]),
                   ("t2", ("RMD-QUOTA",), "skipped", [("rmd_reason", unknown_quota)]))
    steps = verdicts.next_steps(table)
    assert steps[0] == "1 MUST(s) failed; start with RMD-PROTO-NO-5XX, reproduced by: curl -X POST http://127.0.0.1:1/"
    assert any(step.startswith("pass --max-domains-per-org N") and "RMD-QUOTA" in step for step in steps)
