"""What faults and variants share: looking one up by name, replacing seams, and the few wire pieces both
build on (a renamed error, an error body of another shape, transient answers)."""

import dataclasses
import hashlib
import itertools
import json
import threading

from contract import CONTRACT
from emulator.exceptions import AwsError

DOMAIN, TOKEN, ORG, OPERATION = (CONTRACT.domain.name, CONTRACT.token.name, CONTRACT.organization.name,
                                 CONTRACT.operation)
# How long a racy fault sleeps between its check and its act: wide enough that two requests sent together
# reliably interleave, short enough to keep a run fast.
RACE_WINDOW = 0.05


def apply_from(registry, kind, name, config):
    """`config` with the entry `name` of `registry` applied; KeyError names the known ones."""
    try:
        entry = registry[name]
    except KeyError:
        raise KeyError(f"unknown {kind} {name!r}; known: {', '.join(registry)}") from None
    return entry.build(config)


def replace_seams(config, **changes):
    return dataclasses.replace(config, seams=config.seams.replace(**changes))


def backend_with(**methods):
    """A build step: the config's backend class with some methods replaced."""
    return lambda config: replace_seams(config, backend=type("GalleryBackend", (config.seams.backend,), methods))


def renamed(error, name, status=None):
    """The same error under another name (and status)."""
    changed = AwsError(error.message)
    changed.name = name
    changed.status = error.status if status is None else status
    return changed


def error_renamed(original, replacement, status=None):
    """A build step: errors named `original` answered as `replacement` (and `status`)."""
    def build(config):
        render = config.seams.render_error

        def render_error(error):
            if original is None or error.name == original:
                error = renamed(error, replacement or error.name, status)
            return render(error)
        return replace_seams(config, render_error=render_error)
    return build


def error_body(make, content_type=None):
    """A build step: error bodies made by `make(error) -> bytes` (and another Content-Type, when given)."""
    def build(config):
        render = config.seams.render_error

        def render_error(error):
            reply = render(error)
            headers = reply.headers
            if content_type is not None:
                headers = [("Content-Type", content_type), *[(n, v) for n, v in headers if n.lower() != "content-type"]]
            return reply._replace(headers=headers, body=make(error))
        return replace_seams(config, render_error=render_error)
    return build


def json_bytes(document):
    return json.dumps(document, separators=(",", ":")).encode()


class Throttling(AwsError):
    name = "ThrottlingException"


class ServiceUnavailable(AwsError):
    name = "ServiceUnavailable"
    status = 503


class TransactionInProgress(AwsError):
    name = "TransactionInProgressException"


def now_and_then(error_class, every, sticky=False):
    """A build step: every `every`-th request is answered `error_class` before it is looked at (a load
    shedder in front of the service). With `sticky`, a request once refused is refused again each time it
    comes back (the shedder remembers it): its retries never pass."""
    def build(config):
        authenticate = config.seams.authenticate
        counter, stuck, lock = itertools.count(1), set(), threading.Lock()

        def shedding(config, method, path, headers, body):
            fingerprint = hashlib.sha256((headers.get("X-Amz-Target") or "").encode() + body).hexdigest()
            with lock:
                refuse = next(counter) % every == 0 or (sticky and fingerprint in stuck)
                if refuse and sticky:
                    stuck.add(fingerprint)
            if refuse:
                raise error_class("Rate exceeded" if error_class is Throttling else "Service unavailable; try again")
            return authenticate(config, method, path, headers, body)
        return replace_seams(config, authenticate=shedding)
    return build
