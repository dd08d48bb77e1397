"""Legal variants: deviations from the reference emulator's defaults that a conformant endpoint may show.

``python -m emulator --variant NAME`` or ``emulator.start(variant=NAME)``. Every entry of
:data:`VARIANTS` is ``Variant(description, build)``, `build` being Config -> Config with one seam or
setting swapped. The conformance suite must pass against each (tests/test_gallery.py): a failure is a
false alarm in the suite.
"""

import collections
import dataclasses
import json

from contract import CONTRACT, ERRORS
from emulator import models, validation
from emulator.exceptions import InvalidParameter, MailDomainInUse
from gallery._switches import apply_from, replace_seams

Variant = collections.namedtuple("Variant", "description build")

_DOMAIN = CONTRACT.domain.name
_TOKEN = CONTRACT.token.name
_OPERATION = CONTRACT.operation
SLOW_ACTIVATION = 1.5  # seconds an organization stays Creating under "slow-activation"


def apply(name, config):
    """`config` with variant `name` applied; KeyError names the known variants."""
    return apply_from(VARIANTS, "variant", name, config)


_seams = replace_seams


def _headers(*extra, errors_only=False):
    def build(config):
        success, error = config.seams.render_success, config.seams.render_error

        def add(reply):
            return reply._replace(headers=[*reply.headers, *extra])
        return _seams(config, render_success=success if errors_only else (lambda result: add(success(result))),
                      render_error=lambda err: add(error(err)))
    return build


def _error_body(make):
    def build(config):
        def render_error(error):
            reply = config.seams.render_error(error)
            return reply._replace(body=json.dumps(make(error), separators=(",", ":")).encode())
        return _seams(config, render_error=render_error)
    return build


def _content_type(value):
    def build(config):
        success, error = config.seams.render_success, config.seams.render_error

        def swap(reply):
            return reply._replace(headers=[(n, value if n.lower() == "content-type" else v) for n, v in reply.headers])
        return _seams(config, render_success=lambda r: swap(success(r)), render_error=lambda e: swap(error(e)))
    return build


def _empty_success_body(config):
    success = config.seams.render_success

    def render_success(result):
        reply = success(result)
        return reply._replace(body=b"") if result == {} else reply
    return _seams(config, render_success=render_success)


def _no_error_type_header(config):
    error = config.seams.render_error

    def render_error(err):
        reply = error(err)
        return reply._replace(headers=[(n, v) for n, v in reply.headers if n.lower() != "x-amzn-errortype"])
    return _seams(config, render_error=render_error)


def _validation_exception(config):
    error = config.seams.render_error

    def render_error(err):
        if err.name == ERRORS.INVALID_PARAMETER:
            renamed = type(err)(err.message)
            renamed.name = ERRORS.VALIDATION
            err = renamed
        return error(err)
    return _seams(config, render_error=render_error)


def reregister_in_use(self, organization_id, name):
    """Backend._register that answers MailDomainInUse for a domain the organization already holds."""
    organization = self._active_organization(organization_id, _OPERATION)
    key = self._domain_key(name)
    self._claimable(organization_id, key, name)
    if key in organization.domains:
        raise MailDomainInUse(f"The domain {name} is already registered to this organization.")
    return models.Backend._register(self, organization_id, name)


def _backend_variant(**methods):
    return lambda config: _seams(config, backend=type("VariantBackend", (config.seams.backend,), methods))


def _search_semantics(config):
    """Patterns searched (the Smithy reading) rather than fully matched, and no DNS-name rule."""
    def validate(operation, body):
        if operation != _OPERATION:
            # The same reading for every operation: a name RegisterMailDomain accepted must be one
            # DeregisterMailDomain and GetMailDomain accept too, or it could never be removed.
            name = body.get(_DOMAIN)
            if isinstance(name, str) and not CONTRACT.domain.violated_rules(name):
                body = {**body, _DOMAIN: "searched.example"}
            return validation.validate(operation, body)
        problems = [f"{m.name}: {sorted(broken)}" for m in CONTRACT.members.values()
                    if (broken := m.violated_rules(body.get(m.name), m.name in body))]
        if problems:
            raise InvalidParameter("validation errors: " + "; ".join(problems))
    return _seams(config, validate=validate)


def _fullmatch_no_dns(config):
    """Patterns fully matched, but DomainName need not be a DNS name ('a..b', '123')."""
    def validate(operation, body):
        if operation != _OPERATION:
            return validation.validate(operation, body)
        problems = []
        for member in CONTRACT.members.values():
            value, present = body.get(member.name), member.name in body
            broken = member.violated_rules(value, present)
            if broken:
                problems.append(f"{member.name}: {sorted(broken)}")
            elif present and not member.matches(value, "fullmatch"):
                problems.append(f"{member.name}: pattern")
        if problems:
            raise InvalidParameter("validation errors: " + "; ".join(problems))
    return _seams(config, validate=validate)


def _keep_alive_never(config):
    return _headers(("Connection", "close"))(config)


VARIANTS = {
    "namespaced-type": Variant(
        "__type carries a namespace prefix and a :uri suffix (com.amazonaws.workmail#Name:http://...)",
        _error_body(lambda e: {"__type": f"com.amazonaws.workmail#{e.name}:http://internal.amazon.com/coral/"
                                         "com.amazonaws.workmail/", "Message": e.message})),
    "lowercase-message": Variant("errors carry message instead of Message",
                                 _error_body(lambda e: {"__type": e.name, "message": e.message})),
    "empty-success-body": Variant("a success has an empty body (Content-Type still sent) instead of {}",
                                  _empty_success_body),
    "slow-activation": Variant(f"organizations stay Creating for {SLOW_ACTIVATION}s",
                               lambda c: dataclasses.replace(c, activation_delay=SLOW_ACTIVATION)),
    "connection-close": Variant("every response carries Connection: close", _keep_alive_never),
    "extra-headers": Variant("extra response headers (Server, x-amz-id-2, Cache-Control, Vary)",
                             _headers(("Server", "AmazonWorkMail"), ("x-amz-id-2", "abc123/def456"),
                                      ("Cache-Control", "no-cache"), ("Vary", "Accept-Encoding"))),
    "validation-exception": Variant(f"constraint violations answered {ERRORS.VALIDATION}", _validation_exception),
    "reregister-in-use": Variant(f"the same domain again in the same organization without its token gets "
                                 f"{ERRORS.MAIL_DOMAIN_IN_USE}", _backend_variant(_register=reregister_in_use)),
    "fullmatch-no-dns": Variant("patterns fully matched, but DomainName need not be a DNS name",
                                _fullmatch_no_dns),
    "no-error-type-header": Variant("errors name themselves in __type only, without x-amzn-ErrorType",
                                    _no_error_type_header),
    "charset-content-type": Variant(f"Content-Type {CONTRACT.content_type}; charset=utf-8",
                                    _content_type(f"{CONTRACT.content_type}; charset=utf-8")),
    "json-content-type": Variant("Content-Type application/json", _content_type("application/json")),
    "fast-activation": Variant("organizations are Active at once",
                               lambda c: dataclasses.replace(c, activation_delay=0)),
    "search-semantics": Variant("patterns are searched, not fully matched: 'ex_ample.x' and tokens with spaces "
                                "are accepted", _search_semantics),
}

