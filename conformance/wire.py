"""Raw awsJson1.1 requests, signed with SigV4, and what came back, kept for the verdict.

This is the way to send what an SDK cannot: an omitted ClientToken (boto3 fills one in), wrong JSON types,
malformed JSON, an unknown target. Transient answers (throttling, 503: :mod:`conformance.weather`) are
retried with backoff; nothing else is, because a retry would hide non-conformance. Connections are kept
alive and reused; a reused connection the server has closed meanwhile is replaced once, before any byte
of an answer was read, so a request is never sent twice over it.
"""

import dataclasses
import heapq
import http.client
import itertools
import json
import queue
import socket
import ssl
import threading
import time
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from contract import CONTRACT, error_name
from conformance import weather as weather_mod

SIGNING_NAME = "workmail"
# A body this large is not a RegisterMailDomain answer; reading more would only cost memory.
MAX_RESPONSE_BYTES = 1 << 20
REDACTED = "<redacted>"
_SECRET_HEADERS = ("authorization", "x-amz-security-token")
# A pooled connection idle longer than this is not reused: servers close idle keep-alive connections.
POOL_IDLE_SECONDS = 2.0
POOL_SIZE = 64  # as many as --concurrency may keep in flight
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


@dataclasses.dataclass(frozen=True)
class SentRequest:
    method: str
    url: str
    headers: dict  # secrets redacted
    body: bytes

    def json_body(self):
        """The request body parsed, or None when it is no JSON (or nests deeper than the parser can follow)."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
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
        try:
            return json.loads(self.body)
        except RecursionError:  # nested past the parser's depth: no answer of this API looks like that
            raise ValueError("the body nests JSON arrays or objects too deeply to parse") from None

    def _document(self):
        try:
            return self.json()
        except ValueError:
            return None

    def error_type(self):
        """The error name from the body's __type, or None."""
        document = self._document()
        return error_name(document.get("__type")) if isinstance(document, dict) else None

    def error_type_header(self):
        return error_name(self.header("x-amzn-ErrorType"))

    def error_name(self):
        """The error's name wherever the protocol allows it: __type, code, then the X-Amzn-Errortype header."""
        document = self._document()
        if isinstance(document, dict):
            for member in ("__type", "code"):
                name = error_name(document.get(member))
                if name:
                    return name
        return self.error_type_header()

    def message(self):
        document = self._document()
        if isinstance(document, dict):
            for key in ("Message", "message"):
                if isinstance(document.get(key), str):
                    return document[key]
        return None

    def retry_after(self):
        value = self.header("Retry-After")
        try:
            return max(0.0, float(value)) if value is not None else None
        except ValueError:
            return None


@dataclasses.dataclass(frozen=True)
class Exchange:
    """One request and its outcome: a response, or the transport problem that replaced it."""
    request: SentRequest
    response: Response = None
    problem: str = None  # e.g. "no response within 10 s"
    elapsed: float = 0.0
    probe: bool = False  # a request about RegisterMailDomain that is not a well-formed call of it
    operation: str = None
    attempts: tuple = ()  # weather.Attempt for each earlier transient answer that was retried
    transient: str = None  # the kind of transient answer this final one still is, or None
    gave_up: bool = False  # it was still transient when the retry bound ran out
    waited: float = 0.0  # seconds spent backing off

    @property
    def status(self):
        return self.response.status if self.response else None


class Transport:
    """Signs and sends requests over pooled keep-alive connections; thread-safe."""

    def __init__(self, endpoint, region, credentials, timeout, backoff=None, weather=None):
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.timeout = timeout
        self.backoff = backoff or weather_mod.Backoff()
        self.weather = weather or weather_mod.Weather()
        parts = urllib.parse.urlsplit(endpoint)
        self._scheme, self._host, self._port = parts.scheme, parts.hostname, parts.port
        self._signer = SigV4Auth(credentials, SIGNING_NAME, region)
        self._pool = queue.LifoQueue(POOL_SIZE)

    def call(self, operation, body, **kwargs):
        """Send a JSON body to WorkMailService.<operation>."""
        kwargs.setdefault("probe", False)
        return self.send(CONTRACT.target_for(operation), json.dumps(body).encode(), operation=operation, **kwargs)

    def send(self, target, payload, headers=None, sign=True, content_type=None, read_response=True,
             may_retry=None, retry=True, probe=True, operation=None):
        """Send raw bytes with the given X-Amz-Target (None: no target header); retry transient answers.

        may_retry(exchange) -> bool, when given, decides whether a transient answer may be retried (a
        request without ClientToken is retried only when the caller can tell it had no effect).
        """
        operation = operation or (target or "").rpartition(".")[2] or "(no target)"
        attempts, waited = [], 0.0
        while True:
            waited += self.backoff.wait_for_calm()
            exchange = self._once(target, payload, headers, sign, content_type, read_response)
            response = exchange.response
            kind = (weather_mod.kind_of(response.status, response.error_name()) if response is not None
                    else None)
            final = dataclasses.replace(exchange, probe=probe, operation=operation, attempts=tuple(attempts),
                                        waited=waited, transient=kind)
            if kind is None or not retry:
                return final
            self.weather.saw_transient(operation, kind)
            if len(attempts) >= self.backoff.retries:
                self.weather.saw_persisted(operation, kind)
                return dataclasses.replace(final, gave_up=True)
            if may_retry is not None and not may_retry(final):
                return final
            attempts.append(weather_mod.Attempt(response.status, kind, exchange.elapsed))
            delay = self.backoff.delay(len(attempts) - 1, response.retry_after())
            if weather_mod.is_throttling(kind):
                self.backoff.calm(delay)
            time.sleep(delay)
            waited += delay

    def _once(self, target, payload, headers, sign, content_type, read_response):
        all_headers = {"Content-Type": content_type or CONTRACT.content_type}
        if target is not None:
            all_headers["X-Amz-Target"] = target
        all_headers.update(headers or {})
        url = self.endpoint + CONTRACT.path
        if sign:
            all_headers = self._signed_headers(url, payload, all_headers)
        sent = SentRequest(CONTRACT.method, url, _redact(all_headers), payload)
        self.weather.sent()
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
        self._signer.add_auth(request)
        return dict(request.headers.items())

    # -- connections -------------------------------------------------------------------------------

    def _new_connection(self):
        if self._scheme == "https":
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _pooled(self):
        """A connection from the pool that has not idled too long, or None."""
        while True:
            try:
                connection, parked = self._pool.get_nowait()
            except queue.Empty:
                return None
            if time.monotonic() - parked < POOL_IDLE_SECONDS and connection.sock is not None:
                return connection
            connection.close()

    def _park(self, connection):
        try:
            self._pool.put_nowait((connection, time.monotonic()))
        except queue.Full:
            connection.close()

    def close(self):
        while (connection := self._pooled()) is not None:
            connection.close()

    def _roundtrip(self, payload, headers, read_response):
        if not read_response:
            # Simulates a response lost on the way back: the request is sent, nobody reads the answer.
            connection = self._new_connection()
            with _deadline(connection, self.timeout):
                try:
                    connection.request(CONTRACT.method, CONTRACT.path, body=payload, headers=headers)
                finally:
                    connection.close()
            return None
        connection = self._pooled()
        if connection is not None:
            try:
                return self._exchange_over(connection, payload, headers)
            except _StaleConnection:
                pass  # closed by the server while it idled: nothing was read, send once more on a new one
        return self._exchange_over(self._new_connection(), payload, headers, fresh=True)

    def _exchange_over(self, connection, payload, headers, fresh=False):
        keep = False
        try:
            with _deadline(connection, self.timeout) as watch:
                try:
                    connection.request(CONTRACT.method, CONTRACT.path, body=payload, headers=headers)
                    raw = connection.getresponse()
                except _STALE as why:
                    watch.check()
                    if not fresh:
                        raise _StaleConnection() from why
                    raise
                body = _read_bounded(raw)
                watch.check()
            truncated = len(body) > MAX_RESPONSE_BYTES
            keep = not truncated and not raw.will_close
            return Response(raw.status, raw.reason, dict(raw.getheaders()), body[:MAX_RESPONSE_BYTES], truncated)
        finally:
            if keep:
                self._park(connection)
            else:
                connection.close()


class _StaleConnection(Exception):
    """A reused connection turned out closed before the answer began."""


# -- one watchdog thread for every exchange's deadline ------------------------------------------------

class _Watch:
    def __init__(self, connection):
        self.connection = connection
        self.fired = False
        self.cancelled = False

    def check(self):
        if self.fired:
            raise TimeoutError("the whole exchange took too long")


class _Deadlines:
    """The socket timeout bounds each read; a server that trickles one byte at a time never trips it.
    This thread bounds the whole exchange by cutting the socket when its time is up."""

    def __init__(self):
        self._heap = []
        self._cond = threading.Condition()
        self._order = itertools.count()
        self._thread = None

    def add(self, watch, seconds):
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._order), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="rmd-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self):
        while True:
            with self._cond:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                due, _, watch = self._heap[0]
                pause = due - time.monotonic()
                if pause > 0:
                    self._cond.wait(pause)
                    continue
                heapq.heappop(self._heap)
            _cut(watch)


def _cut(watch):
    watch.fired = True
    sock = watch.connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv in the sending thread
        except OSError:
            pass


_DEADLINES = _Deadlines()


class _deadline:
    def __init__(self, connection, seconds):
        self.watch = _Watch(connection)
        self.seconds = seconds

    def __enter__(self):
        _DEADLINES.add(self.watch, self.seconds)
        return self.watch

    def __exit__(self, kind, value, tb):
        self.watch.cancelled = True
        if kind is not None and issubclass(kind, (OSError, http.client.HTTPException)):
            self.watch.check()  # a cut socket shows as an OSError: say it was the deadline
        return False


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
        if raw.length == 0:
            break
    raw.close()  # done with this answer (read1 does not close it at the end): the connection may serve the next
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
