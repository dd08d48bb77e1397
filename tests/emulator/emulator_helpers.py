"""Helpers for the emulator's own tests: boto3 clients, organizations, raw HTTP. Fixtures are in conftest.py."""

import http.client
import json
import socket
import time

from botocore.config import Config as BotoConfig

from contract import CONTRACT

FAST_ACTIVATION = 0.02
DUMMY_KEY, DUMMY_SECRET = "AKIDEMULATORTEST", "emulator-test-secret"
# Any well-formed SigV4 Authorization header passes when signatures are not verified.
UNVERIFIED_AUTHORIZATION = (f"AWS4-HMAC-SHA256 Credential={DUMMY_KEY}/20240101/us-east-1/workmail/aws4_request, "
                            "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64)


def make_client(session, url, validate=True, **config):
    return session.client("workmail", endpoint_url=url, config=BotoConfig(
        retries={"total_max_attempts": 1}, parameter_validation=validate, **config))


def wait_active(client, organization_id, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        state = client.describe_organization(OrganizationId=organization_id)["State"]
        if state == CONTRACT.active_state:
            return
        assert time.monotonic() < deadline, f"organization still {state} after {timeout}s"
        time.sleep(FAST_ACTIVATION / 2)


def new_active_org(client, alias="acme"):
    organization_id = client.create_organization(Alias=alias)["OrganizationId"]
    wait_active(client, organization_id)
    return organization_id


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


# --- raw HTTP ---------------------------------------------------------------------------------------

def json_headers(operation=CONTRACT.operation, authorization=UNVERIFIED_AUTHORIZATION):
    headers = {"Content-Type": CONTRACT.content_type}
    if operation is not None:
        headers["X-Amz-Target"] = CONTRACT.target_for(operation)
    if authorization is not None:
        headers["Authorization"] = authorization
    return headers


def post(running, body, headers, connection=None):
    """POST / with http.client; returns (status, headers, parsed-or-raw body)."""
    conn = connection or http.client.HTTPConnection(running.host, running.port, timeout=5)
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn.request("POST", "/", payload, headers)
    response = conn.getresponse()
    raw = response.read()
    if connection is None:
        conn.close()
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = raw
    return response.status, response.headers, parsed


def send_raw(running, data, timeout=5.0, half_close=False):
    """Send raw bytes on a fresh connection and return the parsed response (status, headers, body bytes)."""
    with socket.create_connection((running.host, running.port), timeout=timeout) as sock:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read()


def assert_serving(running):
    """The emulator still answers a well-formed request after whatever came before."""
    status, _, body = post(running, {}, json_headers("ListOrganizations"))
    assert status == 200, body
