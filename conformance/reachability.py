"""Is the endpoint usable at all? Asked once, before any test, so a typo is one error, not hundreds."""

import http.client
import socket
import ssl
import urllib.parse


def probe(url, timeout):
    """None when the endpoint answers HTTP; otherwise what went wrong and a hint."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.getaddrinfo(host, port)
    except socket.gaierror:
        return f"the host name {host!r} does not resolve (check the spelling of --endpoint)"
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(host, port, timeout=min(timeout, 10))
    try:
        connection.request("POST", "/", body=b"{}", headers={"Content-Type": "application/x-amz-json-1.1"})
        connection.getresponse().read(1)
    except ConnectionRefusedError:
        return f"connection to {host}:{port} refused (is the server running, and on this port?)"
    except ConnectionResetError:
        return None  # it speaks, if rudely: each check will report the reset it meets
    except ssl.SSLError as why:
        return f"TLS failed ({why.reason or why}); is it http:// rather than https://?"
    except (socket.timeout, TimeoutError):
        return None  # it accepted the connection: a slow answer is for each check to report, with its timeout
    except (http.client.HTTPException, OSError) as why:
        hint = " (is it https:// rather than http://?)" if parts.scheme == "http" else ""
        return f"{host}:{port} did not answer HTTP: {type(why).__name__}: {why}{hint}"
    finally:
        connection.close()
    return None
