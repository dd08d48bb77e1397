"""HTTP/1.1 framing around :func:`emulator.responses.handle`.

Keep-alive is on (protocol HTTP/1.1), every response goes out in one write with Nagle disabled (a
response split over two writes stalls ~40 ms per request against a client's delayed ACK), and every
socket read has a timeout, so no client can hold a thread forever. Framing errors close the
connection because the unread body would otherwise be taken for the next request.
"""

import http
import itertools
import json
import select
import socket
import sys
import threading
import time
import traceback
import uuid
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from contract import CONTRACT
from emulator import responses

# A framing error's body: AWS-shaped enough for an SDK to show the message, with no AWS error name
# because no modeled error applies; clients see the HTTP status as the error code.
FRAMING_CONTENT_TYPE = CONTRACT.content_type


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, config, backend):
        self.config = config
        self.backend = backend
        self._connections = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request, client_address):
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self):
        """Cut every open keep-alive connection, so a stopped server answers nothing more."""
        with self._connections_lock:
            open_now = list(self._connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client or its handler thread

    def handle_error(self, request, client_address):
        # A client that vanishes mid-request is normal traffic, not a server fault worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "rmd-emulator"
    sys_version = ""
    disable_nagle_algorithm = True  # StreamRequestHandler.setup sets TCP_NODELAY

    def setup(self):
        self.timeout = self.server.config.read_timeout  # StreamRequestHandler.setup applies it to the socket
        super().setup()

    def parse_request(self):
        """http.server's parse_request with a lighter header parser.

        The stdlib runs every header block through the email package, which was a third of the time
        of a whole RegisterMailDomain; request headers need none of MIME's features. Returns False
        after answering a malformed request, as the stdlib's does.
        """
        self.command = None
        self.request_version = self.default_request_version
        self.close_connection = True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        if not words:
            return False
        if len(words) != 3 or words[2] not in _HTTP_VERSIONS:
            self.send_error(http.HTTPStatus.BAD_REQUEST, f"Bad request line {self.requestline!r}; expected "
                            "'METHOD /path HTTP/1.1'")
            return False
        self.command, self.path, self.request_version = words
        try:
            self.headers = read_headers(self.rfile)
        except HeaderError as error:
            self.send_error(error.status, str(error))
            return False
        connection = self.headers.get("Connection", "").lower()
        # HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 closes it unless told otherwise.
        self.close_connection = connection == "close" or (
            self.request_version == "HTTP/1.0" and connection != "keep-alive")
        if (self.headers.get("Expect", "").lower() == "100-continue" and self.request_version == "HTTP/1.1"
                and not self.handle_expect_100()):
            return False
        return True

    # --- methods --------------------------------------------------------------------------------

    def do_POST(self):
        length = self._content_length()
        if length is None:
            return
        body = self._read_body(length)
        if body is None:
            return
        try:
            reply = responses.handle(self.server.backend, self.server.config, self.command, self.path,
                                     self.headers, body)
        except Exception:  # a bug in the emulator: say so with a 500, never leave the client hanging
            traceback.print_exc()
            self.close_connection = True
            self._send_framing_error(http.HTTPStatus.INTERNAL_SERVER_ERROR, "Internal error in the emulator.")
            return
        reply = self.server.config.seams.deliver(self._peer_gone, self.server.backend, self.headers, body, reply)
        if reply is None:  # a fault's way to hang up without an answer
            self.close_connection = True
            return
        self._send(reply.status, reply.headers, reply.body)

    def _peer_gone(self, wait=0.05):
        """Whether the client has closed its side, waiting up to `wait` seconds for it to show."""
        readable, _, _ = select.select([self.connection], [], [], wait)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _method_not_allowed(self):
        self.close_connection = True  # a body we never read may follow
        self._send_framing_error(http.HTTPStatus.METHOD_NOT_ALLOWED,
                                 f"Method {self.command} is not allowed; awsJson1.1 requests are POST /.",
                                 extra=[("Allow", "POST")])

    def __getattr__(self, name):
        # Every method but POST gets 405, including ones http.server would answer with 501.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    # --- framing --------------------------------------------------------------------------------

    def _content_length(self):
        """The body's length, or None after answering a request whose length is missing, bad or too big."""
        if self.headers.get("Transfer-Encoding") is not None:
            return self._framing_error(http.HTTPStatus.LENGTH_REQUIRED,
                                       "Transfer-Encoding is not supported; send the body with a Content-Length.")
        values = set(self.headers.get_all("Content-Length") or ())
        if not values:
            return self._framing_error(http.HTTPStatus.LENGTH_REQUIRED, "A POST needs a Content-Length header.")
        value = values.pop()
        if values or not value.strip().isdigit() or not value.strip().isascii():
            return self._framing_error(http.HTTPStatus.BAD_REQUEST, "Content-Length must be one decimal integer.")
        length = int(value)
        limit = self.server.config.max_body_bytes
        if length > limit:
            return self._framing_error(http.HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                       f"The body ({length} bytes) exceeds the limit of {limit} bytes.")
        return length

    def handle_expect_100(self):
        # Refuse an oversized body before the client sends it, not after it is on the wire.
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.server.config.max_body_bytes:
            self._content_length()
            return False
        return super().handle_expect_100()

    def _read_body(self, length):
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            return self._framing_error(http.HTTPStatus.REQUEST_TIMEOUT,
                                       f"The body did not arrive within {self.server.config.read_timeout} s.")
        if len(body) < length:  # the client closed the connection mid-body; nobody is left to answer
            self.close_connection = True
            return None
        return body

    def _framing_error(self, status, message):
        self.close_connection = True  # whatever follows on this connection cannot be framed
        self._send_framing_error(status, message)
        return None

    def _send_framing_error(self, status, message, extra=()):
        body = json.dumps({"Message": message}).encode()
        self._send(int(status), [("Content-Type", FRAMING_CONTENT_TYPE), *extra], body)

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (bad request line, oversized headers): JSON, never 5xx for bad input."""
        if code >= 500:
            code = http.HTTPStatus.BAD_REQUEST
        self.close_connection = True
        phrase = message or http.HTTPStatus(code).phrase
        self._send_framing_error(code, f"{phrase}. {explain}" if explain else phrase)

    def _send(self, status, headers, body):
        """Status line, headers and body in one write, after the configured latency."""
        if self.server.config.latency_ms:
            time.sleep(self.server.config.latency_ms / 1000)  # a far-away endpoint: every answer comes late
        names = {name.lower(): value for name, value in headers}
        if names.get("connection", "").lower() == "close":
            self.close_connection = True
        connection = "Connection: close\r\n" if self.close_connection and "connection" not in names else ""
        custom = "".join(f"{name}: {value}\r\n" for name, value in headers)
        head = (f"HTTP/1.1 {status} {_phrase(status)}\r\n{custom}Content-Length: {len(body)}\r\n"
                f"x-amzn-RequestId: {next_request_id()}\r\nDate: {_http_date()}\r\n{connection}\r\n")
        self.wfile.write(head.encode("latin-1") + body)
        if self.server.config.log_requests:
            self.log_request(status, len(body))

    def log_message(self, format, *args):
        if self.server.config.log_requests:
            super().log_message(format, *args)


_HTTP_VERSIONS = ("HTTP/1.0", "HTTP/1.1")
MAX_HEADER_LINE = 65536  # the stdlib's limits, kept
MAX_HEADERS = 100


class HeaderError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class Headers:
    """Request headers: case-insensitive get(), get_all() and items() in arrival order, like HTTPMessage."""

    __slots__ = ("_items", "_by_name")

    def __init__(self, items):
        self._items = items
        self._by_name = {}
        for name, value in items:
            self._by_name.setdefault(name.lower(), []).append(value)

    def get(self, name, default=None):
        values = self._by_name.get(name.lower())
        return values[0] if values else default

    def get_all(self, name, default=None):
        values = self._by_name.get(name.lower())
        return list(values) if values else default

    def items(self):
        return list(self._items)

    def __getitem__(self, name):
        return self.get(name)

    def __contains__(self, name):
        return name.lower() in self._by_name

    def __str__(self):
        return "".join(f"{name}: {value}\r\n" for name, value in self._items)


def read_headers(rfile):
    """Header lines up to the blank line, as :class:`Headers`; HeaderError for anything malformed."""
    items = []
    while True:
        line = rfile.readline(MAX_HEADER_LINE + 1)
        if len(line) > MAX_HEADER_LINE:
            raise HeaderError(http.HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "A header line is too long.")
        if line in (b"\r\n", b"\n", b""):
            return Headers(items)
        if len(items) >= MAX_HEADERS:
            raise HeaderError(http.HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                              f"More than {MAX_HEADERS} headers.")
        name, colon, value = line.decode("iso-8859-1").partition(":")
        # Obsolete line folding (a line starting with blanks) and names with blanks are refused (RFC 9112).
        if not colon or not name or name != name.strip() or " " in name or "\t" in name:
            raise HeaderError(http.HTTPStatus.BAD_REQUEST, f"Malformed header line {line[:80]!r}.")
        items.append((name, value.strip()))


_PHRASES = {status.value: status.phrase for status in http.HTTPStatus}


def _phrase(status):
    return _PHRASES.get(status, "Status")


_REQUEST_ID_PREFIX = uuid.uuid4().hex[:20]
_request_counter = itertools.count(1)


def next_request_id():
    """A UUID-shaped id unique within the process: a random prefix per start and a counter.

    uuid4() per response cost ~5% of a request; the ids only need to be distinct.
    """
    prefix = _REQUEST_ID_PREFIX
    return f"{prefix[:8]}-{prefix[8:12]}-4{prefix[13:16]}-{prefix[16:20]}-{next(_request_counter):012x}"


_date_cache = [0, ""]


def _http_date():
    """The Date header, formatted once per second rather than once per response."""
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[:] = [now, formatdate(now, usegmt=True)]
    return _date_cache[1]
