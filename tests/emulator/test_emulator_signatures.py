"""--verify-signatures: botocore-signed requests pass; a wrong secret or an unknown key does not."""

import pytest
from botocore.exceptions import ClientError

import emulator
from contract import ERRORS
from emulator_helpers import DUMMY_KEY, DUMMY_SECRET, UNVERIFIED_AUTHORIZATION, json_headers, make_client, post


@pytest.fixture
def verifying():
    with emulator.start(verify_signatures=True, credentials={DUMMY_KEY: DUMMY_SECRET}, activation_delay=0) as r:
        yield r


def session(key, secret):
    import boto3
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")


def test_correctly_signed_requests_pass(verifying):
    client = make_client(session(DUMMY_KEY, DUMMY_SECRET), verifying.url)
    organization_id = client.create_organization(Alias="signed")["OrganizationId"]
    client.register_mail_domain(OrganizationId=organization_id, DomainName="example.com")


def test_wrong_secret_is_invalid_signature(verifying):
    client = make_client(session(DUMMY_KEY, "not-the-secret"), verifying.url)
    with pytest.raises(ClientError) as excinfo:
        client.list_organizations()
    assert excinfo.value.response["Error"]["Code"] == ERRORS.INVALID_SIGNATURE
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_unknown_access_key_is_unrecognized_client(verifying):
    client = make_client(session("AKIDUNKNOWN", DUMMY_SECRET), verifying.url)
    with pytest.raises(ClientError) as excinfo:
        client.list_organizations()
    assert excinfo.value.response["Error"]["Code"] == ERRORS.UNRECOGNIZED_CLIENT
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_tampered_body_is_invalid_signature(verifying):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method="POST", url=f"{verifying.url}/", data=b'{"MaxResults": 1}',
                         headers=json_headers("ListOrganizations", authorization=None))
    SigV4Auth(Credentials(DUMMY_KEY, DUMMY_SECRET), "workmail", "us-east-1").add_auth(request)
    headers = dict(request.headers.items())
    status, _, body = post(verifying, b'{"MaxResults": 1}', headers)
    assert status == 200, body
    status, _, body = post(verifying, b'{"MaxResults": 2}', headers)
    assert (status, body["__type"]) == (403, ERRORS.INVALID_SIGNATURE)


@pytest.mark.parametrize("authorization", ["Bearer abc", "AWS4-HMAC-SHA256 Credential=x", UNVERIFIED_AUTHORIZATION])
def test_malformed_or_unsigned_authorization(verifying, authorization):
    status, _, body = post(verifying, {}, json_headers("ListOrganizations", authorization=authorization))
    assert status == 403 and body["__type"] in (ERRORS.INVALID_SIGNATURE, ERRORS.UNRECOGNIZED_CLIENT)


def test_missing_authorization_is_still_missing_token(verifying):
    status, _, body = post(verifying, {}, json_headers("ListOrganizations", authorization=None))
    assert (status, body["__type"]) == (400, ERRORS.MISSING_AUTHENTICATION)


def test_verification_needs_credentials():
    with pytest.raises(ValueError, match="credentials"):
        emulator.start(verify_signatures=True)
