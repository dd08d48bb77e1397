"""Wire faults: statuses, headers, bodies, dispatch and how the request body is read."""

import json

from contract import CONTRACT, ERRORS, json_depth
from emulator import responses
from emulator.exceptions import (AwsError, Serialization, UnrecognizedClient)
from gallery._shared import (error_renamed, renamed,
                             replace_seams)



def _success_status(status):
    def build(config):
        def render_success(result):
            return config.seams.render_success(result)._replace(status=status)
        return replace_seams(config, render_success=render_success)
    return build


def _success_text_body(config):
    def render_success(result):
        reply = config.seams.render_success(result)
        return reply._replace(body=b"OK") if result == {} else reply
    return replace_seams(config, render_success=render_success)


def _success_with_members(config):
    def render_success(result):
        return config.seams.render_success(result if result else {"Status": "REGISTERED"})
    return replace_seams(config, render_success=render_success)


def _no_content_type(config):
    def strip(reply):
        return reply._replace(headers=[(n, v) for n, v in reply.headers if n.lower() != "content-type"])
    success, error = config.seams.render_success, config.seams.render_error
    return replace_seams(config, render_success=lambda result: strip(success(result)),
                  render_error=lambda err: strip(error(err)))


def _error_status(status, only=None):
    def build(config):
        for name in (only or (None,)):
            config = error_renamed(name, None, status)(config)
        return config
    return build


def _nameless_errors(config):
    def render_error(error):
        reply = config.seams.render_error(error)
        return reply._replace(headers=[(n, v) for n, v in reply.headers if n.lower() != "x-amzn-errortype"],
                              body=json.dumps({"Message": error.message}).encode())
    return replace_seams(config, render_error=render_error)


def _unknown_target_200(config):
    def operation_for(target):
        try:
            return responses.operation_for(target)
        except AwsError:
            return "ListOrganizations"  # any target at all is dispatched somewhere
    return replace_seams(config, operation_for=operation_for)


def _malformed_json(status):
    def build(config):
        def render_error(error):
            if error.name == ERRORS.SERIALIZATION:
                if status == 200:
                    return config.seams.render_success({})
                error = renamed(error, error.name, status)
            return config.seams.render_error(error)
        return replace_seams(config, render_error=render_error)
    return build


def _sdk_blocked(config):
    authenticate = config.seams.authenticate

    def blocking(config, method, path, headers, body):
        agent = headers.get("User-Agent") or ""
        if "botocore" in agent.lower() or "boto3" in agent.lower():
            raise UnrecognizedClient("Requests from this client are not accepted.")
        return authenticate(config, method, path, headers, body)
    return replace_seams(config, authenticate=blocking)


def _query_error_header(config):
    def render_error(error):
        reply = config.seams.render_error(error)
        return reply._replace(headers=[*reply.headers, ("x-amzn-query-error", "WorkMail.RequestFailed;Sender")])
    return replace_seams(config, render_error=render_error)


def _header_always_invalid_parameter(config):
    """x-amzn-ErrorType says InvalidParameterException whatever __type names (a stale header template)."""
    render = config.seams.render_error

    def render_error(error):
        reply = render(error)
        return reply._replace(headers=[(n, ERRORS.INVALID_PARAMETER if n.lower() == "x-amzn-errortype" else v)
                                       for n, v in reply.headers])
    return replace_seams(config, render_error=render_error)


def _parse_body_with(change):
    """A build step: the request body read by `change(body bytes, the reference parse_body)`."""
    def build(config):
        parse = config.seams.parse_body
        return replace_seams(config, parse_body=lambda body: change(body, parse))
    return build


def _member_names_without_case(body, parse):
    params = parse(body)
    names = {name.lower(): name for name in CONTRACT.members}
    return {names.get(key.lower(), key): value for key, value in params.items()}


def _escapes_refused(body, parse):
    if b"\\u" in body:
        raise Serialization("\\u escapes are not supported.")
    return parse(body)


# CPython's default recursion limit: a parser that recurses per level fails past it. Fixed here, not read from
# sys.getrecursionlimit(): Hypothesis raises that limit while it runs, and a forked gallery run shares it.
# Bodies deeper than the emulator's MAX_JSON_DEPTH but not this are refused, as the reference refuses them.
PARSER_DEPTH = 1000


def _nesting_crashes(body, parse):
    if json_depth(body) > PARSER_DEPTH:
        raise RecursionError("maximum recursion depth exceeded while decoding a JSON array")  # uncaught: HTTP 500
    return parse(body)

