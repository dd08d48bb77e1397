"""Raw awsJson1.1 requests, signed with botocore's SigV4, and what came back, kept for the verdict.

This is the way to send what an SDK cannot: an omitted ClientToken (boto3 fills one in), wrong JSON
types, malformed JSON, an unknown target. Nothing here retries: a retry would hide non-conformance.
"""

import dataclasses
import http.client
import json
import socket
import ssl
import threading
import time
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from contract import CONTRACT, error_name

SIGNING_NAME = "workmail"
# A body this large is not a RegisterMailDomain answer; reading more would only cost memory.
MAX_RESPONSE_BYTES = 1 << 20
REDACTED = "<redacted>"
_SECRET_HEADERS = ("authorization", "x-amz-security-token")


@dataclasses.dataclass(frozen=True)
class SentRequest:
    method: str
    url: str
    headers: dict  # secrets redacted
    body: bytes

    def json_body(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclasses.dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: dict  # names as sent; look up with header()
    body: bytes
    truncated: bool = False

    def header(self, name):
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        """The parsed body, or raises ValueError; an empty body parses as no document (None)."""
        if not self.body.strip():
            return None
        return json.loads(self.body)

    def error_type(self):
        """The error name from the body's __type, or None."""
        try:
            document = self.json()
        except ValueError:
            return None
        if isinstance(document, dict):
            return error_name(document.get("__type"))
        return None

    def error_type_header(self):
        return error_name(self.header("x-amzn-ErrorType"))

    def message(self):
        try:
            document = self.json()
        except ValueError:
            return None
        if isinstance(document, dict):
            for key in ("Message", "message"):
                if isinstance(document.get(key), str):
                    return document[key]
        return None


@dataclasses.dataclass(frozen=True)
class Exchange:
    """One request and its outcome: a response, or the transport problem that replaced it."""
    request: SentRequest
    response: Response = None
    problem: str = None  # e.g. "no response within 10 s"
    elapsed: float = 0.0

    @property
    def status(self):
        return self.response.status if self.response else None


class Transport:
    """Signs and sends one request per connection; thread-safe (no shared connection)."""

    def __init__(self, endpoint, region, credentials, timeout):
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.timeout = timeout
        parts = urllib.parse.urlsplit(endpoint)
        self._scheme, self._host, self._port = parts.scheme, parts.hostname, parts.port

    def call(self, operation, body, **kwargs):
        """Send a JSON body to WorkMailService.<operation>."""
        return self.send(CONTRACT.target_for(operation), json.dumps(body).encode(), **kwargs)

    def send(self, target, payload, headers=None, sign=True, content_type=None, read_response=True):
        """Send raw bytes with the given X-Amz-Target (None: no target header)."""
        all_headers = {"Content-Type": content_type or CONTRACT.content_type}
        if target is not None:
            all_headers["X-Amz-Target"] = target
        all_headers.update(headers or {})
        url = self.endpoint + CONTRACT.path
        if sign:
            all_headers = self._signed_headers(url, payload, all_headers)
        sent = SentRequest(CONTRACT.method, url, _redact(all_headers), payload)
        started = time.monotonic()
        try:
            response = self._roundtrip(payload, all_headers, read_response)
        except (socket.timeout, TimeoutError):
            return Exchange(sent, problem=f"no response within {self.timeout:g} s", elapsed=time.monotonic() - started)
        except (OSError, http.client.HTTPException, ssl.SSLError) as why:
            return Exchange(sent, problem=_describe_transport_error(why), elapsed=time.monotonic() - started)
        return Exchange(sent, response, elapsed=time.monotonic() - started)

    def _signed_headers(self, url, payload, headers):
        request = AWSRequest(method=CONTRACT.method, url=url, data=payload, headers=dict(headers))
        SigV4Auth(self.credentials, SIGNING_NAME, self.region).add_auth(request)
        return dict(request.headers.items())

    def _connection(self):
        if self._scheme == "https":
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _roundtrip(self, payload, headers, read_response):
        connection = self._connection()
        # The socket timeout bounds each read; a server that trickles one byte at a time never trips it.
        # The watchdog bounds the whole exchange by cutting the socket when the time is up.
        watchdog = _Watchdog(connection, self.timeout)
        try:
            connection.request(CONTRACT.method, CONTRACT.path, body=payload, headers=headers)
            if not read_response:
                # Simulates a response lost on the way back: the request was sent, nobody reads the answer.
                return None
            raw = connection.getresponse()
            body = _read_bounded(raw)
            watchdog.check()
            truncated = len(body) > MAX_RESPONSE_BYTES
            return Response(raw.status, raw.reason, dict(raw.getheaders()), body[:MAX_RESPONSE_BYTES], truncated)
        except (OSError, http.client.HTTPException):
            watchdog.check()
            raise
        finally:
            watchdog.cancel()
            connection.close()


class _Watchdog:
    def __init__(self, connection, seconds):
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self):
        self.fired = True
        sock = self._connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv in the sending thread
            except OSError:
                pass

    def check(self):
        if self.fired:
            raise TimeoutError("the whole exchange took too long")

    def cancel(self):
        self._timer.cancel()


def _read_bounded(raw):
    """At most MAX_RESPONSE_BYTES + 1 bytes of the body: enough to know it is too large."""
    chunks, size = [], 0
    while size <= MAX_RESPONSE_BYTES:
        chunk = raw.read1(MAX_RESPONSE_BYTES + 1 - size)
        if not chunk:
            if raw.length:  # the connection ended before the promised Content-Length
                raise http.client.IncompleteRead(b"".join(chunks), raw.length)
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _redact(headers):
    return {k: (REDACTED if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def _describe_transport_error(why):
    if isinstance(why, ConnectionResetError):
        return "the connection was reset before a complete response arrived"
    if isinstance(why, http.client.RemoteDisconnected):
        return "the endpoint closed the connection without a response"
    if isinstance(why, http.client.IncompleteRead):
        return f"the response body was cut short after {len(why.partial)} bytes"
    if isinstance(why, ConnectionRefusedError):
        return "the connection was refused"
    return f"{type(why).__name__}: {why}"


def dummy_credentials():
    """Credentials for local endpoints: they sign correctly and are worth nothing."""
    return Credentials("AKIDRMDCONFORMANCE00", "rmd-conformance-dummy-secret")
