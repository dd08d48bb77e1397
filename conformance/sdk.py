"""A boto3 WorkMail client for SDK-compatibility checks: no retries of its own, no client-side validation.

botocore retries 5xx, throttling and even LimitExceededException by default, which would hide
non-conformance; and it validates parameters, which would stop the suite's invalid inputs. Transient
answers are retried here instead, by the suite's own rules (conformance.weather), and never a
LimitExceededException.
"""

import time

import boto3
import botocore.config
import botocore.exceptions

from conformance import weather


def workmail_client(endpoint, region, credentials, timeout):
    config = botocore.config.Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        parameter_validation=False,
        connect_timeout=timeout,
        read_timeout=timeout,
    )
    return boto3.session.Session().client(
        "workmail",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=credentials.access_key,
        aws_secret_access_key=credentials.secret_key,
        aws_session_token=credentials.token,
        config=config,
    )


def call(method, backoff, record, **params):
    """method(**params), retried while it meets a transient answer, up to the run's bound; the last
    ClientError is raised as botocore raised it. Pass a ClientToken where a retry must stay one request."""
    for retry in range(backoff.retries + 1):
        try:
            return method(**params)
        except botocore.exceptions.ClientError as error:
            kind = _transient(error)
            if kind is None or retry == backoff.retries:
                raise
            record.saw_transient(method.__name__, kind)
            time.sleep(backoff.delay(retry))
    raise AssertionError("unreachable")


def _transient(error):
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = error.response.get("Error", {}).get("Code")
    return weather.kind_of(status, code)
