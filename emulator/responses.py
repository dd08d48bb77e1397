"""The wire layer: awsJson1.1 request in, (status, headers, body) out.

Steps, in order, each raising the AWS error a real endpoint answers with:
authenticate -> resolve X-Amz-Target -> parse the JSON body -> validate -> call the model.
HTTP framing (methods, Content-Length, sizes, timeouts) belongs to :mod:`emulator.server`.
"""

import collections
import json

from contract import CONTRACT, json_depth, service_model
from emulator.exceptions import AwsError, Serialization, UnknownOperation

Reply = collections.namedtuple("Reply", "status headers body")

_TARGET_PREFIX = CONTRACT.target_prefix + "."
_DOMAIN = CONTRACT.domain.name
_ORGANIZATION = CONTRACT.organization.name
_TOKEN = CONTRACT.token.name


def handle(backend, config, method, path, headers, body):
    """Answer one request. `headers` needs case-insensitive get() and items() (http.client.HTTPMessage)."""
    try:
        config.seams.authenticate(config, method, path, headers, body)
        operation = config.seams.operation_for(headers.get("X-Amz-Target"))
        params = config.seams.parse_body(body)
        config.seams.validate(operation, params)
        result = HANDLERS[operation](backend, params)
    except AwsError as error:
        return config.seams.render_error(error)
    return config.seams.render_success(result)


def operation_for(target):
    """The operation an X-Amz-Target names, with the exact prefix; anything else is an unknown operation."""
    if target is None:
        raise UnknownOperation("The request has no X-Amz-Target header.")
    prefix, _, operation = target.partition(".")
    if prefix + "." != _TARGET_PREFIX or operation not in HANDLERS:
        raise UnknownOperation(f"Unknown operation {target!r}: X-Amz-Target must be "
                               f"'{_TARGET_PREFIX}<Operation>' for one of {', '.join(HANDLERS)}.")
    return operation


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


# Deeper nesting is refused before parsing: how deep json.loads can go depends on the recursion limit and on
# how deep the calling thread already is, and an answer must not depend on either (Hypothesis raises the
# limit while it runs, and the suite's embedded emulator shares the process).
MAX_JSON_DEPTH = 500


def parse_body(body):
    """The request's JSON object. Anything else (not UTF-8, not JSON, not an object, nested deeper than
    MAX_JSON_DEPTH) is a SerializationException."""
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and json_depth(body) > MAX_JSON_DEPTH:
        raise Serialization(f"The request body nests arrays or objects deeper than {MAX_JSON_DEPTH} levels.")
    try:
        params = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise Serialization(f"The request body is not valid JSON: {error}") from None
    if not isinstance(params, dict):
        raise Serialization(f"The request body must be a JSON object, got {type(params).__name__}.")
    return params


def deliver(peer_gone, backend, headers, body, reply):
    """The reply to send. A correct server does not care whether the client is still there; the seam
    exists so a fault can (peer_gone() tells, after a short wait, whether the client hung up)."""
    return reply


def render_success(result):
    return Reply(CONTRACT.success_status, [("Content-Type", CONTRACT.content_type)],
                 json.dumps(result, separators=(",", ":")).encode())


def render_error(error):
    body = {"__type": error.name, "Message": error.message}
    return Reply(error.status, [("Content-Type", CONTRACT.content_type), ("x-amzn-ErrorType", error.name)],
                 json.dumps(body, separators=(",", ":")).encode())


# --- operations: JSON members in, output members out ----------------------------------------------

def default_page_size(operation):
    """The largest MaxResults the model allows, used when the client sends none."""
    return service_model().operation_model(operation).input_shape.members["MaxResults"].metadata["max"]


def create_organization(backend, params):
    return backend.create_organization(
        params["Alias"], directory_id=params.get("DirectoryId"), token=params.get("ClientToken"),
        domains=[domain["DomainName"] for domain in params.get("Domains", [])],
        kms_key_arn=params.get("KmsKeyArn"),
        interoperability_enabled=params.get("EnableInteroperability", False))


def describe_organization(backend, params):
    return backend.describe_organization(params["OrganizationId"])


def list_organizations(backend, params):
    return backend.list_organizations(params.get("MaxResults", default_page_size("ListOrganizations")),
                                      params.get("NextToken"))


def delete_organization(backend, params):
    return backend.delete_organization(params["OrganizationId"], params["DeleteDirectory"],
                                       token=params.get("ClientToken"),
                                       force_delete=params.get("ForceDelete", False))


def register_mail_domain(backend, params):
    return backend.register_mail_domain(params[_ORGANIZATION], params[_DOMAIN], params.get(_TOKEN))


def deregister_mail_domain(backend, params):
    return backend.deregister_mail_domain(params["OrganizationId"], params["DomainName"])


def get_mail_domain(backend, params):
    return backend.get_mail_domain(params["OrganizationId"], params["DomainName"])


def list_mail_domains(backend, params):
    return backend.list_mail_domains(params["OrganizationId"],
                                     params.get("MaxResults", default_page_size("ListMailDomains")),
                                     params.get("NextToken"))


def update_default_mail_domain(backend, params):
    return backend.update_default_mail_domain(params["OrganizationId"], params["DomainName"])


# X-Amz-Target operation name -> handler. The table is the whole API surface.
HANDLERS = {
    "CreateOrganization": create_organization,
    "DescribeOrganization": describe_organization,
    "ListOrganizations": list_organizations,
    "DeleteOrganization": delete_organization,
    CONTRACT.operation: register_mail_domain,
    "DeregisterMailDomain": deregister_mail_domain,
    "GetMailDomain": get_mail_domain,
    "ListMailDomains": list_mail_domains,
    "UpdateDefaultMailDomain": update_default_mail_domain,
}
