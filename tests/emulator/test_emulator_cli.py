"""`python -m emulator`: the URL on the first line, clean stops on SIGINT/SIGTERM, clear argument errors."""

import http.client
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from emulator_helpers import json_headers

ROOT = Path(__file__).resolve().parents[2]


def launch(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-m", "emulator", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def first_line(process):
    line = process.stdout.readline().strip()
    assert line.startswith("http://127.0.0.1:"), (line, process.stderr.read() if process.poll() is not None else "")
    return line


def list_organizations(url):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.request("POST", "/", "{}", json_headers("ListOrganizations"))
    response = conn.getresponse()
    status, body = response.status, json.loads(response.read())
    conn.close()
    return status, body


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serves_then_stops_cleanly_on_signal(signum):
    process = launch("--port", "0", "--activation-delay", "0.5", "--max-domains-per-org", "3")
    try:
        url = first_line(process)
        assert list_organizations(url) == (200, {"OrganizationSummaries": []})
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
        stderr = process.stderr.read()
        assert "Traceback" not in stderr, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("args, complaint", [
    (["--port", "70000"], "--port"),
    (["--port", "http"], "--port"),
    (["--max-domains-per-org", "-1"], "--max-domains-per-org"),
    (["--activation-delay", "soon"], "--activation-delay"),
    (["--activation-delay", "-0.1"], "--activation-delay"),
    (["--read-timeout", "0"], "--read-timeout"),
    (["--latency-ms", "-5"], "--latency-ms"),
    (["--latency-ms", "nan"], "--latency-ms"),
    (["--verify-signatures"], "--verify-signatures needs"),
    (["--access-key", "AK"], "go together"),
    (["--no-such-flag"], "unrecognized arguments"),
])
def test_bad_arguments_are_argparse_errors(args, complaint):
    process = launch(*args)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 2
    assert complaint in stderr and "Traceback" not in stderr


def test_port_in_use_is_a_clear_error():
    holder = launch("--port", "0")
    try:
        port = first_line(holder).rsplit(":", 1)[1]
        second = launch("--port", port)
        _, stderr = second.communicate(timeout=20)
        assert second.returncode == 1 and "cannot listen" in stderr and "Traceback" not in stderr
    finally:
        holder.terminate()
        holder.wait(timeout=10)


def test_verify_signatures_from_the_command_line(boto_session):
    from botocore.exceptions import ClientError

    from emulator_helpers import DUMMY_KEY, DUMMY_SECRET, make_client
    process = launch("--verify-signatures", "--access-key", DUMMY_KEY, "--secret-key", DUMMY_SECRET)
    try:
        url = first_line(process)
        assert make_client(boto_session, url).list_organizations()["OrganizationSummaries"] == []
        import boto3
        wrong = boto3.session.Session(aws_access_key_id=DUMMY_KEY, aws_secret_access_key="wrong",
                                      region_name="us-east-1")
        with pytest.raises(ClientError):
            make_client(wrong, url).list_organizations()
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
