"""Schemathesis hooks: what a competent user adds so schemathesis can talk awsJson1.1 to RegisterMailDomain.

Loaded by `st run` through SCHEMATHESIS_HOOKS=benchmarks/schemathesis_hooks.py (see
benchmarks/schemathesis_vs_suite.py, which sets the environment below). Runs inside
benchmarks/.venv-schemathesis, so it imports nothing from this project: the few facts it needs come
from the environment and from the OpenAPI document (itself generated from contract/).

1. Serialization: `application/x-amz-json-1.1` is JSON on the wire, but schemathesis only knows
   `application/json` and `*+json`. Without an alias it cannot serialize a single request body.
2. Deserialization: the same media type on responses, so `response_schema_conformance` can parse
   them. awsJson1.1 lets an operation without output members answer with an empty body; the
   protocol's clients read that as `{}`, and so does this deserializer.
3. Authentication: AWS Signature Version 4 over the exact bytes sent. The auth provider puts a
   placeholder in the declared `Authorization` security parameter; a `requests` auth hook replaces
   that placeholder (and only it) with a real signature once the body is final. Requests whose
   Authorization schemathesis removed or replaced on purpose (the `ignored_auth` probes) go out as
   they are, so the endpoint's refusal of them is observable.
4. A real organization: a generated `OrganizationId` is well formed but unknown, so every positive
   request would be answered OrganizationNotFoundException and nothing would ever be registered.
   Each well-formed OrganizationId is replaced with a pre-created Active one; malformed ones (the
   negative cases) are left alone.
6. A fresh idempotency token: schemathesis reuses its boundary values (a one-character ClientToken
   "0" in most coverage cases), and a token reused with other parameters is rightly refused, so
   those cases would test the token, not what they vary. Every well-formed ClientToken is replaced
   with one of the same length not sent before in the run (while that length has unused values).

Environment: RMD_BENCH_ACCESS_KEY, RMD_BENCH_SECRET_KEY, RMD_BENCH_REGION, RMD_BENCH_SERVICE,
RMD_BENCH_ORGANIZATIONS (JSON list of organization ids), RMD_BENCH_ORGANIZATION_MEMBER and
RMD_BENCH_TOKEN_MEMBER (member names), RMD_BENCH_OPENAPI (path of the document).
"""

import collections
import datetime
import hashlib
import hmac
import json
import os
import re
import string
from urllib.parse import urlsplit

import requests.auth
import schemathesis

MEDIA_TYPE = "application/x-amz-json-1.1"
PLACEHOLDER = "SIGV4-SIGNED-AT-SEND-TIME"
AUTH_HEADER = "Authorization"

ACCESS_KEY = os.environ.get("RMD_BENCH_ACCESS_KEY", "AKIDEXAMPLE")
SECRET_KEY = os.environ.get("RMD_BENCH_SECRET_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
REGION = os.environ.get("RMD_BENCH_REGION", "us-east-1")
SERVICE = os.environ.get("RMD_BENCH_SERVICE", "workmail")
ORGANIZATIONS = json.loads(os.environ.get("RMD_BENCH_ORGANIZATIONS", "[]"))


def _request_schema():
    """The request body's schema and its header parameters, read from the OpenAPI document (generated from the contract)."""
    path = os.environ.get("RMD_BENCH_OPENAPI")
    if not path:
        return None, {}
    with open(path) as f:
        doc = json.load(f)
    for item in doc["paths"].values():
        for operation in item.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                headers = {p["name"]: p["schema"] for p in operation.get("parameters", ()) if p["in"] == "header"}
                return media["schema"], headers
    return None, {}


REQUEST_SCHEMA, HEADER_SCHEMAS = _request_schema()
ORGANIZATION_MEMBER = os.environ.get("RMD_BENCH_ORGANIZATION_MEMBER")
TOKEN_MEMBER = os.environ.get("RMD_BENCH_TOKEN_MEMBER")


def _valid_string(value, schema):
    """A string member against its schema (type, bounds, searched pattern): all this document uses."""
    if "enum" in schema:
        return value in schema["enum"]
    return (isinstance(value, str) and schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value))
            and ("pattern" not in schema or re.search(schema["pattern"], value) is not None))


def _well_formed(member, value):
    return REQUEST_SCHEMA is not None and member in REQUEST_SCHEMA["properties"] \
        and _valid_string(value, REQUEST_SCHEMA["properties"][member])


def _well_formed_organization(value):
    return _well_formed(ORGANIZATION_MEMBER, value)


_ALPHABET = string.ascii_letters + string.digits
_issued = collections.Counter()  # token length -> tokens of that length issued so far


def _fresh_token(value):
    """A token of the same length never sent before in this run (while the length allows), still well formed."""
    length = len(value)
    number, _issued[length] = _issued[length], _issued[length] + 1
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    fresh = "".join(reversed(chars))
    return fresh if _well_formed(TOKEN_MEMBER, fresh) else value


def _only_unknown_members(case):
    """Whether the request's one violation is a body member the schema does not name."""
    body = case.body
    if REQUEST_SCHEMA is None or not isinstance(body, dict):
        return False
    known = REQUEST_SCHEMA["properties"]
    if set(body) <= set(known) or not all(name in body for name in REQUEST_SCHEMA.get("required", ())):
        return False
    if not all(_valid_string(body[name], known[name]) for name in body if name in known):
        return False
    headers = {name.lower(): value for name, value in (case.headers or {}).items()}
    return all(_valid_string(headers.get(name.lower()), schema) for name, schema in HEADER_SCHEMAS.items())


# 1. awsJson1.1 request bodies are JSON.
schemathesis.serializer.alias(MEDIA_TYPE, "application/json")


# 2. ... and so are its responses (an empty body is an empty structure).
@schemathesis.deserializer(MEDIA_TYPE)
def _awsjson(ctx, response):
    content = response.content
    if not content.strip():
        return {}
    return json.loads(content)


# 3. SigV4.
@schemathesis.auth()
class SigV4Placeholder:
    def get(self, case, ctx):
        return PLACEHOLDER

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers[AUTH_HEADER] = data


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


class SigV4(requests.auth.AuthBase):
    """Sign a prepared request (AWS Signature Version 4) if it carries the placeholder Authorization."""

    def __call__(self, request):
        if request.headers.get(AUTH_HEADER) != PLACEHOLDER:
            return request
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date, date = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        parts = urlsplit(request.url)
        request.headers["Host"] = parts.netloc
        request.headers["X-Amz-Date"] = amz_date
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        signed = {}
        for name, value in request.headers.items():
            lower = name.lower()
            if lower in ("host", "x-amz-date", "x-amz-target", "content-type"):
                signed[lower] = " ".join(str(value).split())
        names = sorted(signed)
        canonical = "\n".join([
            request.method, parts.path or "/", parts.query,
            "".join(f"{n}:{signed[n]}\n" for n in names), ";".join(names), _sha256(body)])
        scope = f"{date}/{REGION}/{SERVICE}/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, _sha256(canonical.encode("utf-8"))])
        key = _hmac(_hmac(_hmac(_hmac(("AWS4" + SECRET_KEY).encode("utf-8"), date), REGION), SERVICE),
                    "aws4_request")
        signature = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        request.headers[AUTH_HEADER] = (f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, "
                                        f"SignedHeaders={';'.join(names)}, Signature={signature}")
        return request


@schemathesis.hook
def before_call(context, case, kwargs):
    # 4. A real organization for every well-formed OrganizationId.
    if ORGANIZATIONS and isinstance(case.body, dict) \
            and _well_formed_organization(case.body.get(ORGANIZATION_MEMBER)) \
            and case.body[ORGANIZATION_MEMBER] != ORGANIZATIONS[0]:
        case.body[ORGANIZATION_MEMBER] = ORGANIZATIONS[0]
    # 6. A fresh idempotency token for every request that carries a well-formed one.
    if TOKEN_MEMBER and isinstance(case.body, dict) and _well_formed(TOKEN_MEMBER, case.body.get(TOKEN_MEMBER)):
        case.body[TOKEN_MEMBER] = _fresh_token(case.body[TOKEN_MEMBER])
    # 3. Sign once the body is serialized.
    kwargs["auth"] = SigV4()


# 5. (a) AWS refuses a request without credentials with HTTP 400 MissingAuthenticationTokenException
#    (awsJson services) or 403 (API Gateway fronted ones); schemathesis insists on 401 for a missing
#    Authorization header and on 401/403 for `ignored_auth`. A refusal is a refusal: only failures
#    where such a request was *refused with 400/403* are dropped; an accepted one still fails.
#    (b) awsJson services ignore body members they do not know (forward compatibility), which the
#    model's `additionalProperties: false` calls a violation: an accepted request whose only
#    violation is an unknown member is not a failure.
AWS_AUTH_REFUSALS = (400, 403)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    kind = type(failure).__name__
    if kind == "MissingHeaderNotRejected" and str(getattr(failure, "header_name", "")).lower() == AUTH_HEADER.lower():
        return getattr(failure, "status_code", None) not in AWS_AUTH_REFUSALS
    if kind == "IgnoredAuth" and str(getattr(failure, "title", "")).startswith("Unexpected response"):
        return not any(f"got `{status} " in str(getattr(failure, "message", "")) for status in AWS_AUTH_REFUSALS)
    if kind == "AcceptedNegativeData" and _only_unknown_members(case):
        return False
    return True
