"""A run removes everything it created (after a failure, an interrupt, under xdist) and nothing else;
--keep-resources keeps it and says what; a server that dies halfway is reported cleanly."""

import dataclasses
import signal
import subprocess
import sys
import time

import boto3
import botocore.config
import pytest

import emulator
from emulator.config import Seams


def _client(url):
    return boto3.client("workmail", endpoint_url=url, region_name="us-east-1", aws_access_key_id="x",
                        aws_secret_access_key="y", config=botocore.config.Config(retries={"total_max_attempts": 1}))


def _leftovers(url):
    """Organizations not deleted, and domains registered anywhere."""
    client = _client(url)
    organizations = [o for page in client.get_paginator("list_organizations").paginate()
                     for o in page["OrganizationSummaries"]]
    alive = [o["OrganizationId"] for o in organizations if o["State"] not in ("Deleted", "Deleting")]
    active = [o["OrganizationId"] for o in organizations if o["State"] == "Active"]
    domains = [d["DomainName"] for o in active
               for d in client.list_mail_domains(OrganizationId=o)["MailDomains"]]
    return alive, domains


def _suite(*args):
    return [sys.executable, "-m", "pytest", "--pyargs", "conformance", "-p", "no:cacheprovider", *args]


def _run(pytester, url, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider", f"--endpoint={url}",
                                         "--max-domains-per-org=4", *args, timeout=300)


SUBSET = "quota or in_use or token or stateful or organization"


def test_a_passing_run_leaves_nothing(pytester):
    with emulator.start(max_domains_per_org=4, activation_delay=0.05) as running:
        before = _leftovers(running.url)
        result = _run(pytester, running.url, "-k", SUBSET)
        assert result.ret == 0, result.stdout.str()[-2000:]
        assert _leftovers(running.url) == before == ([], [])
    result.stdout.fnmatch_lines(["rmd-conformance: cleaned up: deleted the * organizations this run created*"])


def test_a_failing_run_under_xdist_leaves_nothing(pytester):
    case_sensitive = dataclasses.replace(Seams(), domain_key=str)
    with emulator.start(max_domains_per_org=4, activation_delay=0.05, seams=case_sensitive) as running:
        result = _run(pytester, running.url, "-n", "2", "-k", SUBSET)
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert "RMD-CONFLICT-CASE (SHOULD) failed" in result.stdout.str()
        assert _leftovers(running.url) == ([], [])


def test_keep_resources_keeps_and_tells(pytester):
    with emulator.start(max_domains_per_org=4, activation_delay=0.05) as running:
        result = _run(pytester, running.url, "-k", "owned_by_another", "--keep-resources")
        assert result.ret == 0
        alive, _ = _leftovers(running.url)
    assert len(alive) == 2
    result.stdout.fnmatch_lines([f"rmd-conformance: kept (--keep-resources): organizations *{alive[0]}*"])


def test_an_interrupted_run_still_cleans_up():
    with emulator.start(max_domains_per_org=4, activation_delay=0.05) as running:
        suite = subprocess.Popen(_suite(f"--endpoint={running.url}", "--max-domains-per-org=4",
                                        "--race-rounds=1000", "-k", "concurrent"),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while not _leftovers(running.url)[0] and time.monotonic() < deadline:
            time.sleep(0.2)  # until the run has created its organizations
        time.sleep(1)
        suite.send_signal(signal.SIGINT)
        output, _ = suite.communicate(timeout=120)
        assert "KeyboardInterrupt" in output
        assert _leftovers(running.url) == ([], []), output[-2000:]
    assert "rmd-conformance: cleaned up" in output


def test_a_server_that_dies_halfway_is_reported_cleanly_under_xdist():
    server = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0", "--activation-delay", "0.05"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().strip()
        suite = subprocess.Popen(_suite(f"--endpoint={url}", "-n", "2", "--request-timeout=2"),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while not _leftovers(url)[0] and time.monotonic() < deadline:
            time.sleep(0.1)  # halfway: once the run has organizations the dead server can no longer remove
        time.sleep(0.5)
    finally:
        server.kill()
        server.wait(timeout=10)
    output, _ = suite.communicate(timeout=300)
    assert suite.returncode == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert "INTERNALERROR" not in output
    assert "the connection was refused" in output
    assert "rmd-conformance: cleanup could not finish" in output
