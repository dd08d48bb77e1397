"""The response rules and the judge, on crafted exchanges: every rule on every response, each failing for its
own requirement; legal wire variations pass; what a check needs decides when it stops."""

import json

import pytest

from conformance import rules, weather
from conformance.failures import ConformanceFailure
from conformance.judge import Judge
from conformance.wire import Exchange, Response, SentRequest
from contract import CONTRACT

JSON = CONTRACT.content_type
CALL = SentRequest("POST", "http://127.0.0.1:1/", {"X-Amz-Target": CONTRACT.target},
                   json.dumps({"OrganizationId": "m-" + "0" * 32, "DomainName": "a.example.test"}).encode())


def exchange(status, body=b"", content_type=JSON, probe=False, **headers):
    all_headers = {"Content-Type": content_type} if content_type else {}
    all_headers.update(headers)
    return Exchange(CALL, Response(status, "", all_headers, body if isinstance(body, bytes) else json.dumps(body).encode()),
                    probe=probe)


def breaches(ex):
    judge = Judge(strict_errors=False)
    return sorted(judge.see(ex)), judge


def failed(judge):
    return sorted({f["requirement"] for f in judge.failures})


def test_a_clean_success_and_a_clean_error_break_nothing():
    for ok in (exchange(200, {}), exchange(200, b""), exchange(400, {"__type": "InvalidParameterException",
                                                                      "Message": "no"})):
        found, judge = breaches(ok)
        assert found == [] and judge.failures == []


def test_an_html_error_page_fails_both_the_content_type_and_the_error_type():
    found, judge = breaches(exchange(400, b"<html>nope</html>", "text/html"))
    assert failed(judge) == ["RMD-PROTO-CONTENT-TYPE", "RMD-PROTO-ERROR-MESSAGE", "RMD-PROTO-ERROR-TYPE"]
    assert judge.judged["RMD-PROTO-CONTENT-TYPE"] == judge.judged["RMD-PROTO-ERROR-TYPE"] == 1


def test_the_protocol_allows_code_or_the_header_to_name_an_error():
    for named in (exchange(400, {"code": "InvalidParameterException", "message": "x"}),
                  exchange(400, {"message": "x"}, **{"X-Amzn-Errortype": "InvalidParameterException:http://x/"})):
        _, judge = breaches(named)
        assert "RMD-PROTO-ERROR-TYPE" not in failed(judge)
        assert failed(judge) == ["RMD-SDK-MODELED-EXCEPTION"]  # boto3 reads __type only: a SHOULD finding


def test_an_empty_success_without_content_type_is_a_deviation_not_a_failure():
    _, judge = breaches(exchange(200, b"", content_type=None))
    assert judge.failures == []
    assert [n.kind for n in judge.notes] == ["deviation"]
    assert "MUST still send" in judge.notes[0].what


def test_another_json_media_type_is_a_deviation():
    _, judge = breaches(exchange(200, {}, content_type="application/json"))
    assert judge.failures == [] and judge.notes[0].requirement == "RMD-PROTO-CONTENT-TYPE"


def test_a_probe_is_held_to_no_5xx_only():
    _, judge = breaches(exchange(404, b"", content_type=None, probe=True))
    assert judge.failures == []
    _, judge = breaches(exchange(500, b"boom", content_type="text/plain", probe=True))
    assert failed(judge) == ["RMD-PROTO-NO-5XX"]


def test_a_201_fails_only_the_success_status_and_is_still_an_acceptance():
    judge = Judge(strict_errors=False)
    created = exchange(201, {})
    judge.success(created, "RMD-EFFECT-LISTED")  # the check goes on: the domain was accepted
    assert failed(judge) == ["RMD-PROTO-SUCCESS-STATUS"]
    with pytest.raises(ConformanceFailure) as raised:
        judge.rule_holds(created, "RMD-PROTO-SUCCESS-STATUS")
    assert raised.value.requirement.id == "RMD-PROTO-SUCCESS-STATUS"


def test_an_error_without_a_name_cannot_be_judged_as_the_expected_one():
    judge = Judge(strict_errors=False)
    with pytest.raises(ConformanceFailure) as raised:
        judge.error(exchange(400, {"Message": "x"}), "RMD-ORG-NOT-FOUND", ("OrganizationNotFoundException",))
    assert raised.value.requirement.id == "RMD-PROTO-ERROR-TYPE"  # the check is blocked, not failed


def test_a_transient_answer_that_persisted_fails_the_bound_and_a_5xx_no_5xx():
    persisted = Exchange(CALL, Response(503, "", {"Content-Type": JSON}, b'{"__type":"ServiceUnavailable"}'),
                         attempts=(weather.Attempt(503, "HTTP 503", 0.01),), transient="HTTP 503", gave_up=True)
    _, judge = breaches(persisted)
    assert {"RMD-PROTO-NO-5XX", "RMD-PROTO-TRANSIENT-BOUNDED"} <= set(failed(judge))
    assert "transient answers on all 2 attempts" in rules.answer(persisted)


def test_failures_of_one_kind_are_kept_a_few_times_and_counted():
    judge = Judge(strict_errors=False)
    for n in range(10):
        judge.record(ConformanceFailure("RMD-QUOTA", "x", f"got {n}"))
    kept = [f for f in judge.failures if f["requirement"] == "RMD-QUOTA"]
    assert len(kept) == 3 and kept[-1]["more"] == 7


def test_transient_kinds_never_include_the_documented_quota_error():
    assert weather.kind_of(400, "LimitExceededException") is None
    assert weather.kind_of(400, "ThrottlingException") == "ThrottlingException"
    assert weather.kind_of(503, None) == "HTTP 503" and weather.kind_of(500, None) is None
