"""Wire variants: how a conforming endpoint may answer, and read what it is sent."""

import json

from contract import CONTRACT, ERRORS, json_depth
from emulator import responses, validation
from emulator.exceptions import (Serialization)
from gallery._shared import (DOMAIN as _DOMAIN, OPERATION as _OPERATION, replace_seams, validate_with)


def _headers(*extra, errors_only=False):
    def build(config):
        success, error = config.seams.render_success, config.seams.render_error

        def add(reply):
            return reply._replace(headers=[*reply.headers, *extra])
        return replace_seams(config, render_success=success if errors_only else (lambda result: add(success(result))),
                             render_error=lambda err: add(error(err)))
    return build


def _content_type(value):
    def build(config):
        success, error = config.seams.render_success, config.seams.render_error

        def swap(reply):
            return reply._replace(headers=[(n, value if n.lower() == "content-type" else v) for n, v in reply.headers])
        return replace_seams(config, render_success=lambda r: swap(success(r)), render_error=lambda e: swap(error(e)))
    return build


def _empty_success_body(without_content_type=False):
    def build(config):
        success = config.seams.render_success

        def render_success(result):
            reply = success(result)
            if result != {}:
                return reply
            headers = [(n, v) for n, v in reply.headers if not (without_content_type and n.lower() == "content-type")]
            return reply._replace(body=b"", headers=headers)
        return replace_seams(config, render_success=render_success)
    return build


def _no_error_type_header(config):
    error = config.seams.render_error

    def render_error(err):
        reply = error(err)
        return reply._replace(headers=[(n, v) for n, v in reply.headers if n.lower() != "x-amzn-errortype"])
    return replace_seams(config, render_error=render_error)


def _unknown_target_404_empty(config):
    """Like smithy-rs servers: a target they do not route is 404 with an empty body."""
    error = config.seams.render_error

    def render_error(err):
        reply = error(err)
        return reply._replace(status=404, body=b"") if err.name == ERRORS.UNKNOWN_OPERATION else reply
    return replace_seams(config, render_error=render_error)


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
        return searched(operation, body)
    searched = validate_with(fullmatch=False)
    return replace_seams(config, validate=validate)


def _fullmatch_no_dns(config):
    """Patterns fully matched, but DomainName need not be a DNS name ('a..b', '123')."""
    return replace_seams(config, validate=validate_with(skip_dns=lambda value: True))


def _lenient_json(config):
    """A lenient parser, as Jackson's defaults are: a byte order mark skipped, UTF-16 read, trailing data after
    the object ignored, NaN read as a number."""
    def parse_body(body):
        if body.startswith(b"\xef\xbb\xbf"):
            body = body[3:]
        if json_depth(body) > responses.MAX_JSON_DEPTH:  # as the reference: never the recursion limit
            raise Serialization("The request body nests too deeply.")
        try:
            text = body.decode("utf-16") if body[:2] in (b"\xff\xfe", b"\xfe\xff") else body.decode("utf-8")
            params, _ = json.JSONDecoder().raw_decode(text.strip())
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise Serialization(f"The request body is not valid JSON: {error}") from None
        if not isinstance(params, dict):
            raise Serialization("The request body must be a JSON object.")
        return params
    return replace_seams(config, parse_body=parse_body)


def _null_members_absent(config):
    """JSON null members are dropped before anything reads the body, as Smithy servers do
    (AwsJson11ServersDontDeserializeNullStructureValues): a null ClientToken is no token."""
    parse = config.seams.parse_body

    def parse_body(body):
        params = parse(body)
        return {name: value for name, value in params.items() if value is not None}
    return replace_seams(config, parse_body=parse_body)
