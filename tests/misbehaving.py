"""A purpose-built server that misbehaves in one chosen way, for the harness's own tests.

It reads each request (headers and Content-Length body), then answers according to its mode.
It binds 127.0.0.1 on a free port, serves from a daemon thread and stops with stop().
"""

import socket
import struct
import threading
import time

JSON = b"application/x-amz-json-1.1"


def _reply(status, body, content_type=JSON, extra=b""):
    head = (b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
            % (status, content_type, len(body), extra))
    return head + body


MODES = {
    # mode -> what the connection does after reading the request
    "html": lambda conn: conn.sendall(_reply(200, b"<html><body>Hello</body></html>", b"text/html")),
    "null": lambda conn: conn.sendall(_reply(200, b"null")),
    "invalid-json": lambda conn: conn.sendall(_reply(200, b"{not json")),
    "ok-for-everything": lambda conn: conn.sendall(_reply(200, b"{}")),
    "server-error": lambda conn: conn.sendall(_reply(500, b'{"__type":"InternalFailure","Message":"boom"}')),
    # LocalStack for an operation it does not implement
    "not-implemented": lambda conn: conn.sendall(_reply(501, b'{"__type":"InternalFailure","message":"API action '
                                                            b'not yet implemented"}')),
    # a server of another protocol (awsQuery, restXml): XML for everything
    "xml": lambda conn: conn.sendall(_reply(400, b'<?xml version="1.0"?><ErrorResponse><Error><Code>InvalidAction'
                                                 b'</Code><Message>Unknown action</Message></Error></ErrorResponse>',
                                            b"text/xml")),
}


def _hang(conn):
    time.sleep(30)


def _trickle(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(60):
        conn.sendall(b" ")
        time.sleep(0.5)


def _truncated(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{\"a")


def _reset(conn):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST


def _huge(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: %d\r\n\r\n"
                 % (2 * 1024**3))
    chunk = b"[" * 65536
    for _ in range(2 * 1024**3 // len(chunk)):
        conn.sendall(chunk)  # raises once the client hangs up


MODES.update({"hang": _hang, "trickle": _trickle, "truncated": _truncated, "reset": _reset, "huge": _huge})


class MisbehavingServer:
    def __init__(self, mode):
        self.mode = MODES[mode]
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = "http://127.0.0.1:%d" % self._listener.getsockname()[1]
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        self._listener.settimeout(0.2)
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            with conn:
                conn.settimeout(35)
                if self._read_request(conn):
                    self.mode(conn)
        except OSError:
            pass  # the client hung up: expected for most modes

    @staticmethod
    def _read_request(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            body += chunk
        return True

    def stop(self):
        self._stopped.set()
        self._listener.close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
