"""Malformed requests over raw HTTP: each gets its specific 4xx, and the emulator keeps serving."""

import http.client
import json
import socket
import time

import pytest

from contract import CONTRACT, ERRORS
from emulator_helpers import UNVERIFIED_AUTHORIZATION, assert_serving, json_headers, post, send_raw


def raw_request(body=b"{}", target=CONTRACT.target, extra=(), length=True, method="POST", path="/"):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {CONTRACT.content_type}",
             f"Authorization: {UNVERIFIED_AUTHORIZATION}"]
    if target is not None:
        lines.append(f"X-Amz-Target: {target}")
    if length:
        lines.append(f"Content-Length: {len(body)}")
    lines.extend(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def error_type(body):
    return json.loads(body).get("__type")


@pytest.mark.parametrize("target", [
    None,
    "WorkMailService.NoSuchOperation",
    "workmailservice.RegisterMailDomain",  # the prefix is exact, case included
    "WorkMail.RegisterMailDomain",
    "WorkMailService.registerMailDomain",
    "WorkMailService.",
    "RegisterMailDomain",
    "WorkMailService.RegisterMailDomain.extra",
])
def test_unknown_or_malformed_target(running, target):
    status, _, body = send_raw(running, raw_request(target=target))
    assert (status, error_type(body)) == (400, ERRORS.UNKNOWN_OPERATION)
    assert_serving(running)


@pytest.mark.parametrize("payload", [b"", b"not json", b"{", b"null", b"[]", b"[{}]", b"42", b'"text"', b"true",
                                     b'{"a": NaN}', b"\xff\xfe{}", b"[" * 100000])
def test_body_that_is_not_a_json_object(running, payload):
    status, _, body = send_raw(running, raw_request(payload))
    assert (status, error_type(body)) == (400, ERRORS.SERIALIZATION)
    assert_serving(running)


def test_missing_authorization(running):
    headers = json_headers(authorization=None)
    status, _, body = post(running, {}, headers)
    assert (status, body["__type"]) == (400, ERRORS.MISSING_AUTHENTICATION)
    assert_serving(running)


def test_oversized_body_is_refused_before_reading(running):
    limit = running.config.max_body_bytes
    # Announce a body one byte over the limit but send none: the answer must come without it.
    data = raw_request(b"", extra=()).replace(b"Content-Length: 0", f"Content-Length: {limit + 1}".encode())
    started = time.monotonic()
    status, headers, body = send_raw(running, data)
    assert status == 413 and str(limit) in json.loads(body)["Message"]
    assert headers["Connection"] == "close"
    assert time.monotonic() - started < running.config.read_timeout
    assert_serving(running)


def test_oversized_body_with_expect_continue_gets_413_not_100(running):
    limit = running.config.max_body_bytes
    data = raw_request(b"", extra=("Expect: 100-continue",)).replace(
        b"Content-Length: 0", f"Content-Length: {limit + 1}".encode())
    status, _, _ = send_raw(running, data)
    assert status == 413


def test_body_at_the_limit_is_read(running):
    limit = running.config.max_body_bytes
    payload = b"{" + b'"pad": "' + b"x" * (limit - 11) + b'"}'
    assert len(payload) == limit
    status, _, body = send_raw(running, raw_request(payload, target=CONTRACT.target_for("ListOrganizations")))
    assert status == 200, body


def test_missing_content_length_is_answered_at_once(running):
    status, _, body = send_raw(running, raw_request(length=False))
    assert status == 411
    assert_serving(running)


def test_chunked_body_is_refused(running):
    status, _, _ = send_raw(running, raw_request(b"2\r\n{}\r\n0\r\n\r\n", length=False,
                                                 extra=("Transfer-Encoding: chunked",)))
    assert status == 411


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "1, 2"])
def test_malformed_content_length(running, value):
    data = raw_request(b"{}", length=False, extra=(f"Content-Length: {value}",))
    status, _, _ = send_raw(running, data)
    assert status == 400
    assert_serving(running)


def test_conflicting_content_lengths(running):
    status, _, _ = send_raw(running, raw_request(b"{}", extra=("Content-Length: 3",)))
    assert status == 400


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "BREW"])
def test_other_methods_get_405(running, method):
    status, headers, _ = send_raw(running, raw_request(method=method))
    assert status == 405 and headers["Allow"] == "POST"
    assert_serving(running)


@pytest.mark.parametrize("line", [b"GARBAGE\r\n\r\n", b"POST / HTTP/2.0\r\n\r\n", b"POST /\r\n\r\n",
                                  b"POST / HTTP/1.1 extra\r\n\r\n"])
def test_bad_request_line_is_4xx(running, line):
    status, _, _ = send_raw(running, line)
    assert 400 <= status < 500
    assert_serving(running)


def test_oversized_header_line(running):
    status, _, _ = send_raw(running, raw_request(extra=("X-Big: " + "a" * 70000,)))
    assert status == 431
    assert_serving(running)


def test_malformed_header_line(running):
    status, _, _ = send_raw(running, raw_request(extra=("no colon here",)))
    assert status == 400


def test_truncated_body_times_out_and_frees_the_connection(boto_session):
    import emulator
    with emulator.start(read_timeout=0.3) as quick:
        data = raw_request(b"{}").replace(b"Content-Length: 2", b"Content-Length: 10")
        started = time.monotonic()
        status, _, _ = send_raw(quick, data)
        assert status == 408 and time.monotonic() - started < 3
        assert_serving(quick)


def test_idle_connection_is_closed_after_the_read_timeout():
    import emulator
    with emulator.start(read_timeout=0.3) as quick:
        with socket.create_connection((quick.host, quick.port), timeout=5) as sock:
            started = time.monotonic()
            assert sock.recv(1) == b""  # the server hung up
            assert time.monotonic() - started < 3


def test_client_vanishing_mid_body_leaves_the_server_serving(running):
    with socket.create_connection((running.host, running.port)) as sock:
        sock.sendall(raw_request(b"{}").replace(b"Content-Length: 2", b"Content-Length: 100"))
    assert_serving(running)


def test_keep_alive_serves_many_requests_without_nagle_stalls(running):
    conn = http.client.HTTPConnection(running.host, running.port, timeout=5)
    headers = json_headers("ListOrganizations")
    post(running, {}, headers, connection=conn)  # warm up
    started = time.monotonic()
    for _ in range(50):
        status, _, _ = post(running, {}, headers, connection=conn)
        assert status == 200
    # With a response split over two writes, each request waits ~40 ms for a delayed ACK: 2 s for 50.
    assert time.monotonic() - started < 1.0
    conn.close()


def test_connection_close_is_honoured(running):
    status, headers, _ = send_raw(running, raw_request(target=CONTRACT.target_for("ListOrganizations"),
                                                       extra=("Connection: close",)))
    assert status == 200 and headers["Connection"] == "close"


def test_responses_carry_request_ids_and_lengths(running):
    _, first, _ = post(running, {}, json_headers("ListOrganizations"))
    _, second, _ = post(running, {}, json_headers("ListOrganizations"))
    assert first["x-amzn-RequestId"] != second["x-amzn-RequestId"]
    assert first["Content-Length"].isdigit()


def test_error_type_header_matches_body(running):
    _, headers, body = post(running, {}, json_headers())
    assert headers["x-amzn-ErrorType"] == body["__type"] == ERRORS.INVALID_PARAMETER


def test_after_stop_nothing_answers(running):
    conn = http.client.HTTPConnection(running.host, running.port, timeout=2)
    post(running, {}, json_headers("ListOrganizations"), connection=conn)
    running.stop()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        post(running, {}, json_headers("ListOrganizations"), connection=conn)
    with pytest.raises(OSError):
        socket.create_connection((running.host, running.port), timeout=1)


def test_too_many_headers(running):
    status, _, _ = send_raw(running, raw_request(extra=[f"X-H{i}: v" for i in range(101)]))
    assert status == 431
    assert_serving(running)


def test_stop_is_idempotent(running):
    running.stop()
    running.stop()


@pytest.mark.parametrize("recursion_limit", [1000, 20000])
def test_nesting_is_judged_by_depth_never_by_the_recursion_limit(running, recursion_limit):
    """Hypothesis raises the recursion limit while it runs, and the suite's embedded emulator shares its process:
    the answer to a deep body must be the same either way."""
    import sys

    from emulator.responses import MAX_JSON_DEPTH

    def nested(depth):
        return ('{"Nested":' + "[" * (depth - 1) + "]" * (depth - 1) + "}").encode()

    before = sys.getrecursionlimit()
    sys.setrecursionlimit(recursion_limit)
    try:
        deep = post(running, nested(MAX_JSON_DEPTH + 1), json_headers())
        deepest_allowed = post(running, nested(MAX_JSON_DEPTH), json_headers())
    finally:
        sys.setrecursionlimit(before)
    assert deep[0] == 400 and deep[2]["__type"] == ERRORS.SERIALIZATION
    assert deepest_allowed[0] == 400 and deepest_allowed[2]["__type"] == ERRORS.INVALID_PARAMETER  # it was parsed
