"""Authentication: an Authorization header must be present; with verification on, its SigV4 signature must hold.

Verification does not re-implement SigV4: it rebuilds the request the client signed (method, path,
query, the headers named in SignedHeaders, the body) as a botocore AWSRequest and lets
botocore.auth.SigV4Auth compute the canonical request, the string to sign and the signature, with
the client's own X-Amz-Date and credential scope. Clock skew is not checked.
"""

import hmac
import re
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from emulator.exceptions import InvalidSignature, MissingAuthenticationToken, UnrecognizedClient

ALGORITHM = "AWS4-HMAC-SHA256"
_FIELD = re.compile(r"\s*(Credential|SignedHeaders|Signature)=([^,\s]*)\s*")


def authenticate(config, method, target_path, headers, body):
    """Raise the AWS error a real endpoint would send, or return None for an acceptable request."""
    authorization = headers.get("Authorization")
    if not authorization:
        raise MissingAuthenticationToken("Missing Authentication Token: the request carries no Authorization header.")
    if config.verify_signatures:
        verify_signature(config, method, target_path, headers, body, authorization)


def parse_authorization(authorization):
    """The SigV4 header's parts: access key, date, region, service, signed header names, signature."""
    algorithm, _, rest = authorization.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise InvalidSignature(f"Only {ALGORITHM} signatures are accepted.")
    fields = {}
    for part in rest.split(","):
        match = _FIELD.fullmatch(part)
        if match is None:
            raise InvalidSignature(f"Malformed Authorization header component {part.strip()!r}.")
        fields[match.group(1)] = match.group(2)
    if set(fields) != {"Credential", "SignedHeaders", "Signature"}:
        raise InvalidSignature("The Authorization header must carry Credential, SignedHeaders and Signature.")
    scope = fields["Credential"].split("/")
    if len(scope) != 5 or scope[4] != "aws4_request" or not all(scope):
        raise InvalidSignature("Credential must be ACCESS_KEY/DATE/REGION/SERVICE/aws4_request.")
    access_key, date, region, service, _ = scope
    signed = fields["SignedHeaders"].split(";")
    return access_key, date, region, service, signed, fields["Signature"]


def verify_signature(config, method, target_path, headers, body, authorization):
    access_key, date, region, service, signed, signature = parse_authorization(authorization)
    secret = config.credentials.get(access_key)
    if secret is None:
        raise UnrecognizedClient("The security token included in the request is invalid.")
    amz_date = headers.get("X-Amz-Date")
    if not amz_date or not amz_date.startswith(date):
        raise InvalidSignature("X-Amz-Date must be present and fall on the date of the credential scope.")
    expected = expected_signature(method, target_path, headers, body, signed, amz_date,
                                  Credentials(access_key, secret), region, service)
    if not hmac.compare_digest(expected, signature):
        raise InvalidSignature("The request signature we calculated does not match the signature you provided. "
                               "Check your AWS Secret Access Key and signing method.")


def expected_signature(method, target_path, headers, body, signed, amz_date, credentials, region, service):
    """The signature botocore computes for the request as the client described it."""
    values = {}
    for name, value in headers.items():
        if name.lower() in signed:
            values.setdefault(name.lower(), []).append(value)
    missing = [name for name in signed if name not in values]
    if missing:
        raise InvalidSignature(f"Signed headers are missing from the request: {', '.join(missing)}.")
    host = values["host"][0] if "host" in values else headers.get("Host", "localhost")
    parts = urlsplit(target_path)
    url = f"http://{host}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    request = AWSRequest(method=method, url=url, data=body,
                         headers={name: ",".join(v) for name, v in values.items()})
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(credentials, service, region)
    canonical = signer.canonical_request(request)
    return signer.signature(signer.string_to_sign(request, canonical), request)
