"""``python -m emulator``: run the emulator until SIGINT or SIGTERM.

The first line on stdout is the URL it listens on, flushed at once, so a script can read it and
then start its clients.
"""

import argparse
import signal
import sys
import threading

from emulator import LOOPBACK, start
from emulator.config import (
    DEFAULT_ACTIVATION_DELAY,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_DOMAINS_PER_ORG,
    DEFAULT_READ_TIMEOUT,
    Config,
)


def _port(text):
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0-65535 (0 picks a free one), got {value}")
    return value


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


def _non_negative_integer(text):
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def _positive_integer(text):
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _seconds(minimum_exclusive):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
        if not (value > minimum_exclusive if minimum_exclusive is not None else value >= 0) \
                or value == float("inf"):
            bound = f"> {minimum_exclusive}" if minimum_exclusive is not None else ">= 0"
            raise argparse.ArgumentTypeError(f"must be a finite number {bound}, got {text}")
        return value
    return parse


def _milliseconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of milliseconds: {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text}")
    return value


def parser():
    p = argparse.ArgumentParser(prog="python -m emulator", description=__doc__.splitlines()[0])
    p.add_argument("--host", default=LOOPBACK, help="address to bind (default %(default)s)")
    p.add_argument("--port", type=_port, default=0, help="port to bind; 0 picks a free one (default)")
    p.add_argument("--max-domains-per-org", type=_non_negative_integer, default=DEFAULT_MAX_DOMAINS_PER_ORG,
                   help="mail domains one organization may hold (default %(default)s)")
    p.add_argument("--activation-delay", type=_seconds(None), default=DEFAULT_ACTIVATION_DELAY,
                   help="seconds an organization stays Creating before it is Active (default %(default)s)")
    p.add_argument("--verify-signatures", action="store_true",
                   help="check SigV4 signatures against --access-key/--secret-key")
    p.add_argument("--access-key", help="access key id accepted with --verify-signatures")
    p.add_argument("--secret-key", help="secret access key of --access-key")
    p.add_argument("--max-body-bytes", type=_positive_integer, default=DEFAULT_MAX_BODY_BYTES,
                   help="largest request body accepted; larger ones get 413 (default %(default)s)")
    p.add_argument("--read-timeout", type=_seconds(0), default=DEFAULT_READ_TIMEOUT,
                   help="seconds a connection may stall or idle before it is closed (default %(default)s)")
    p.add_argument("--region", default="us-east-1", help="region in ARNs and DNS records (default %(default)s)")
    p.add_argument("--log-requests", action="store_true", help="log each request to stderr")
    p.add_argument("--latency-ms", type=_milliseconds, default=0,
                   help="delay every response by this many milliseconds, like a remote endpoint (default 0)")
    return p


def config_from(args, p):
    if (args.access_key is None) != (args.secret_key is None):
        p.error("--access-key and --secret-key go together")
    if args.verify_signatures and args.access_key is None:
        p.error("--verify-signatures needs --access-key and --secret-key")
    credentials = {args.access_key: args.secret_key} if args.access_key is not None else {}
    return Config(max_domains_per_org=args.max_domains_per_org, activation_delay=args.activation_delay,
                  verify_signatures=args.verify_signatures, credentials=credentials,
                  max_body_bytes=args.max_body_bytes, read_timeout=args.read_timeout, region=args.region,
                  log_requests=args.log_requests, latency_ms=args.latency_ms)


def main(argv=None, adjust=None):
    """Run until a signal. `adjust` (Config -> Config), when given, changes the parsed config first:
    the gallery's ``python -m gallery serve`` passes one to apply a fault or a variant."""
    p = parser()
    args = p.parse_args(argv)
    config = config_from(args, p)
    if adjust is not None:
        config = adjust(config)
    stop_requested = threading.Event()

    def request_stop(signum, frame):
        stop_requested.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        running = start(port=args.port, host=args.host, config=config)
    except OSError as error:
        p.exit(1, f"{p.prog}: cannot listen on {args.host}:{args.port}: {error.strerror or error}\n")
    print(running.url, flush=True)
    try:
        while not stop_requested.wait(0.5):
            pass
    finally:
        running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
