"""Read RegisterMailDomain's facts from botocore's installed WorkMail service model."""

import functools

import botocore
import botocore.session

from contract import _documented as doc


@functools.lru_cache(maxsize=1)
def service_model():
    return botocore.session.get_session().get_service_model("workmail")


@functools.lru_cache(maxsize=1)
def _raw_operation():
    """The operation as the model file writes it: OperationModel does not expose every trait (idempotent)."""
    return botocore.session.get_session().get_service_data("workmail")["operations"][doc.OPERATION_NAME]


def botocore_version():
    return botocore.__version__


def model_facts():
    """The model's view of the operation, in the same shape as :func:`contract._facts.documented_facts`."""
    model = service_model()
    operation = model.operation_model(doc.OPERATION_NAME)
    request = operation.input_shape
    members = {}
    for name, shape in request.members.items():
        members[name] = {
            "min_length": shape.metadata.get("min"),
            "max_length": shape.metadata.get("max"),
            "pattern": shape.metadata.get("pattern"),
            "required": name in request.required_members,
            "idempotency_token": bool(shape.metadata.get("idempotencyToken")),
        }
    errors = {}
    for shape in operation.error_shapes:
        # The WorkMail model carries no httpStatusCode for its errors; None records that silence.
        errors[shape.name] = shape.metadata.get("error", {}).get("httpStatusCode")
    return {
        "service_id": model.service_id,
        "target_prefix": model.metadata.get("targetPrefix"),
        "protocol": model.protocol,
        "json_version": model.metadata.get("jsonVersion"),
        "http_method": operation.http.get("method"),
        "request_uri": operation.http.get("requestUri"),
        "idempotent": bool(_raw_operation().get("idempotent")),
        "members": members,
        "errors": errors,
        "output_members": tuple(operation.output_shape.members) if operation.output_shape else (),
    }

