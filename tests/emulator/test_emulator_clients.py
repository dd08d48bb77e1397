"""Real clients against the emulator: boto3, the AWS CLI and the AWS SDK for JavaScript v3.

Each must see the modeled exception for each documented RegisterMailDomain error. The CLI and the
JavaScript tests skip, with the reason, only when the tool is absent: no `aws` executable, no
`node`/`npm`, or an `npm ci` that cannot install the SDK.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import emulator
from contract import CONTRACT, ERRORS
from emulator_helpers import DUMMY_KEY, DUMMY_SECRET, make_client

JS_DIR = Path(__file__).resolve().parent / "js"
UNKNOWN_ORG = "m-" + "f" * 32


@pytest.fixture(scope="module")
def scenario():
    """One emulator holding an organization in each situation, and the request that meets each error."""
    with emulator.start(max_domains_per_org=1, activation_delay=0) as running:
        backend = running.backend
        full = backend.create_organization("full")["OrganizationId"]
        backend.register_mail_domain(full, "taken.example.com")
        empty = backend.create_organization("empty")["OrganizationId"]
        gone = backend.create_organization("gone")["OrganizationId"]
        backend.delete_organization(gone, delete_directory=True)
        cases = {
            None: (empty, "fresh.example.com"),
            ERRORS.INVALID_PARAMETER: (empty, "bad_name.example.com"),
            ERRORS.ORGANIZATION_NOT_FOUND: (UNKNOWN_ORG, "fresh.example.com"),
            ERRORS.ORGANIZATION_STATE: (gone, "fresh.example.com"),
            ERRORS.MAIL_DOMAIN_IN_USE: (empty, "TAKEN.example.com"),
            ERRORS.LIMIT_EXCEEDED: (full, "more.example.com"),
        }
        assert set(cases) - {None} == set(CONTRACT.errors)
        yield running, cases


def test_boto3_raises_each_modeled_exception(scenario, boto_session):
    running, cases = scenario
    client = make_client(boto_session, running.url)
    for expected, (org, domain) in cases.items():
        if expected is None:
            continue
        modeled = getattr(client.exceptions, expected)
        with pytest.raises(modeled):
            client.register_mail_domain(OrganizationId=org, DomainName=domain)
    org, domain = cases[None]
    assert client.register_mail_domain(OrganizationId=org, DomainName=domain)["ResponseMetadata"][
        "HTTPStatusCode"] == CONTRACT.success_status


# --- the AWS CLI ------------------------------------------------------------------------------------

def aws_executable():
    """The CLI of this interpreter's environment (the `clients` extra), else the first on PATH."""
    beside = Path(sys.executable).parent / "aws"
    return str(beside) if beside.exists() else shutil.which("aws")


def run_cli(url, org, domain):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=DUMMY_KEY, AWS_SECRET_ACCESS_KEY=DUMMY_SECRET,
               AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard",
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="")
    env.pop("AWS_PROFILE", None)
    return subprocess.run([aws_executable(), "workmail", "register-mail-domain", "--endpoint-url", url,
                           "--organization-id", org, "--domain-name", domain, "--output", "json"],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.skipif(aws_executable() is None, reason="the AWS CLI is not installed (pip install '.[clients]')")
def test_aws_cli_reports_each_modeled_error(scenario):
    running, cases = scenario
    for expected, (org, domain) in cases.items():
        if expected is None:
            continue
        result = run_cli(running.url, org, domain)
        assert result.returncode != 0
        assert f"({expected})" in result.stderr and "RegisterMailDomain" in result.stderr, result.stderr


@pytest.mark.skipif(aws_executable() is None, reason="the AWS CLI is not installed (pip install '.[clients]')")
def test_aws_cli_success(scenario):
    running, cases = scenario
    org, domain = cases[None]
    result = run_cli(running.url, org, domain)  # every client registers the same domain: idempotent
    assert result.returncode == 0, result.stderr
    assert running.backend.registered_domains(org) == [domain]


# --- the JavaScript SDK v3 --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def node_sdk():
    """node, with @aws-sdk/client-workmail installed under tests/emulator/js (npm ci once; cached after)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node/npm are not installed")
    if not (JS_DIR / "node_modules" / "@aws-sdk" / "client-workmail").is_dir():
        install = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS_DIR,
                                 capture_output=True, text=True, timeout=600)
        if install.returncode != 0:
            pytest.skip(f"npm ci could not install the JavaScript SDK: {install.stderr.strip()[-500:]}")
    return node


def run_node(node, url, inputs):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=DUMMY_KEY, AWS_SECRET_ACCESS_KEY=DUMMY_SECRET)
    result = subprocess.run([node, "register.mjs", url, json.dumps(inputs)], cwd=JS_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_javascript_sdk_gets_each_modeled_exception_class(scenario, node_sdk):
    running, cases = scenario
    ordered = list(cases.items())
    inputs = [{"OrganizationId": org, "DomainName": domain} for _, (org, domain) in ordered]
    outcomes = run_node(node_sdk, running.url, inputs)
    for (expected, _), outcome in zip(ordered, outcomes, strict=True):
        if expected is None:
            assert outcome == {"ok": True, "status": CONTRACT.success_status}
        else:
            assert (outcome["name"], outcome["modeled"], outcome["status"]) == (
                expected, True, CONTRACT.errors[expected]), outcome


def test_javascript_sdk_signatures_verify(node_sdk):
    """Another SigV4 implementation than botocore's must pass --verify-signatures (and a wrong key not)."""
    inputs = [{"OrganizationId": UNKNOWN_ORG, "DomainName": "example.com"}]
    for secret, expected in ((DUMMY_SECRET, ERRORS.ORGANIZATION_NOT_FOUND), ("other", ERRORS.INVALID_SIGNATURE)):
        with emulator.start(verify_signatures=True, credentials={DUMMY_KEY: secret}) as running:
            assert run_node(node_sdk, running.url, inputs)[0]["name"] == expected
