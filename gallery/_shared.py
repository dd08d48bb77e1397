"""What faults and variants share: looking one up by name, replacing seams, the few wire pieces both
build on (a renamed error, an error body of another shape, transient answers), a request in flight, and the
one validation loop."""

import dataclasses
import hashlib
import itertools
import json
import threading
import time

from contract import CONTRACT, READING_FULLMATCH, RULE_PATTERN, RULE_TYPE, is_dns_name
from emulator import models, validation
from emulator.exceptions import AwsError, InvalidParameter

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


def refused_while_in_flight(key_of, refusal, window):
    """A register_mail_domain that keeps each request in flight for `window` seconds and answers `refusal()`
    to another request with the same key meanwhile. `key_of(backend, organization id, domain name, token)`
    names what two requests share; None shares nothing."""
    in_flight, lock = set(), threading.Lock()

    def register_mail_domain(self, organization_id, domain_name, token=None):
        key = key_of(self, organization_id, domain_name, token)
        if key is not None:
            with lock:
                if key in in_flight:
                    raise refusal(domain_name)
                in_flight.add(key)
        try:
            time.sleep(window)
            return models.Backend.register_mail_domain(self, organization_id, domain_name, token)
        finally:
            with lock:
                in_flight.discard(key)
    return register_mail_domain

def validate_with(ignore=(), members=None, skip_dns=lambda value: False, coerce=(), fullmatch=True):
    """A RegisterMailDomain validator like the reference one, with some of its rules changed. The one
    validation loop of the gallery: faults relax or tighten it, variants read patterns another legal way.

    ignore: {(member name, rule)} broken rules that are not reported;
    members: {member name: Member} replacements (e.g. other bounds);
    skip_dns: value -> True where the DomainName DNS-name rule is not applied;
    coerce: member names whose non-string values are converted with str() and not checked further;
    fullmatch: False reads patterns only as Smithy does (searched), with no DNS-name rule.
    """
    members = {**CONTRACT.members, **(members or {})}

    def validate(operation, body):
        if operation != OPERATION:
            return validation.validate(operation, body)
        problems = []
        for name, member in members.items():
            present = name in body
            value = body.get(name)
            if name in coerce and present and not isinstance(value, str):
                body[name] = json.dumps(value) if value is not None else "null"
                continue
            broken = {rule for rule in member.violated_rules(value, present) if (name, rule) not in ignore}
            if present and value is None and (name, RULE_TYPE) not in ignore:
                broken.add(RULE_TYPE)  # null is a type violation, as the reference emulator reads it
            if broken:
                problems.append(f"{name}: {sorted(broken)}")
                continue
            if not fullmatch or not present or not isinstance(value, str):
                continue
            if (name, RULE_PATTERN) not in ignore and not member.matches(value, READING_FULLMATCH):
                problems.append(f"{name}: pattern")
            elif (name == DOMAIN and (name, RULE_PATTERN) not in ignore and not skip_dns(value)
                  and not is_dns_name(value)):
                problems.append(f"{name}: not a DNS name")
        if problems:
            raise InvalidParameter(f"{len(problems)} validation errors detected: " + "; ".join(problems))
        for name in members:  # an ignored "required" leaves the member out; the handler reads None
            body.setdefault(name, None)

    return validate
