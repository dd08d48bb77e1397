"""A failed requirement, told so that a vendor can act on it without reading our code.

It carries the requirement (ID and level), what was expected, what came back, the request, and a
reproducer: a curl command and a boto3 snippet. Secrets never appear: the request is recorded
already redacted, and the reproducers read credentials from the environment.
"""

import json
import shlex

from conformance import catalogue
from contract import CONTRACT

_BODY_PREVIEW = 2000


class ConformanceFailure(AssertionError):
    def __init__(self, requirement_id, expected, got, exchange=None, detail=None):
        self.requirement = catalogue.get(requirement_id)
        self.recorded = False  # set once a judge has recorded it, so it is counted once
        self.expected = expected
        self.got = got
        self.exchange = exchange
        self.detail = detail
        super().__init__(self.render())

    def render(self):
        r = self.requirement
        lines = [
            f"{r.id} ({r.level}) failed: {r.title}",
            f"  traces to: {r.traces_to}",
            f"  expected:  {self.expected}",
            f"  got:       {self.got}",
        ]
        if self.detail:
            lines.append(f"  detail:    {self.detail}")
        if self.exchange is not None:
            lines += ["", *describe_exchange(self.exchange), "", *reproducers(self.exchange.request)]
        return "\n".join(lines)

    def as_record(self):
        """A JSON-ready description, for reports."""
        record = {
            "requirement": self.requirement.id,
            "level": self.requirement.level,
            "expected": self.expected,
            "got": self.got,
            "detail": self.detail,
        }
        if self.exchange is not None:
            record.update(exchange_record(self.exchange))
            record["reproducer"] = {"curl": curl_command(self.exchange.request),
                                    "boto3": boto3_snippet(self.exchange.request)}
        return record


def describe_exchange(exchange):
    request = exchange.request
    lines = ["  request:", f"    {request.method} {request.url}"]
    lines += [f"    {name}: {value}" for name, value in request.headers.items()]
    lines.append(f"    body: {_preview(request.body)}")
    if exchange.attempts:
        kinds = ", ".join(a.kind for a in exchange.attempts)
        lines.append(f"  retried after {len(exchange.attempts)} transient answer(s): {kinds}")
    if exchange.response is None:
        lines.append(f"  response: none ({exchange.problem or 'not read'})")
        return lines
    response = exchange.response
    lines.append(f"  response: HTTP {response.status} {response.reason}")
    lines += [f"    {name}: {value}" for name, value in response.headers.items()]
    suffix = " (truncated)" if response.truncated else ""
    lines.append(f"    body: {_preview(response.body)}{suffix}")
    return lines


def exchange_record(exchange):
    request = exchange.request
    record = {"request": {"method": request.method, "url": request.url, "headers": dict(request.headers),
                          "body": _text(request.body)}}
    if exchange.attempts:
        record["transient_attempts"] = [{"status": a.status, "kind": a.kind} for a in exchange.attempts]
    if exchange.response is not None:
        response = exchange.response
        record["response"] = {"status": response.status, "headers": dict(response.headers),
                              "body": _text(response.body[:_BODY_PREVIEW]), "truncated": response.truncated}
    else:
        record["response"] = None
        record["problem"] = exchange.problem
    return record


def reproducers(request):
    return ["  reproduce with curl:", "    " + curl_command(request),
            "  reproduce with boto3:", *("    " + line for line in boto3_snippet(request).splitlines())]


def curl_command(request):
    """A curl command that re-sends the request, signed by curl itself with the caller's credentials."""
    headers = [f"-H {shlex.quote(f'{k}: {v}')}" for k, v in request.headers.items()
               if k.lower() in ("x-amz-target", "content-type")]
    return " ".join([
        "curl -sS -i -X", request.method,
        '--aws-sigv4 "aws:amz:${AWS_REGION:-us-east-1}:workmail"',
        '--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"',
        *headers,
        "--data-binary", shlex.quote(_text(request.body)),
        shlex.quote(request.url),
    ])


def boto3_snippet(request):
    body = request.json_body()
    endpoint = request.url.rsplit(CONTRACT.path, 1)[0] if request.url.endswith(CONTRACT.path) else request.url
    target = request.headers.get("X-Amz-Target", "")
    if target != CONTRACT.target or not isinstance(body, dict):
        return "# not expressible with boto3 (raw wire request); use the curl command"
    note = ""
    if any(not isinstance(v, str) for v in body.values()):
        note = "  # parameter_validation=False lets the wrong JSON types through\n"
    if CONTRACT.token.name not in body:
        note += "  # boto3 fills in a ClientToken when none is given; use curl to send none\n"
    return (
        "import boto3, botocore.config\n"
        "client = boto3.client('workmail', endpoint_url=%r,\n"
        "    config=botocore.config.Config(retries={'total_max_attempts': 1}, parameter_validation=False))\n"
        "%sclient.register_mail_domain(**%s)" % (endpoint, note, json.dumps(body))
    )


def _text(raw):
    return raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else str(raw)


def _preview(raw):
    text = _text(raw)
    return text if len(text) <= _BODY_PREVIEW else text[:_BODY_PREVIEW] + f"... ({len(text)} characters)"
