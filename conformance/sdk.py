"""A boto3 WorkMail client for SDK-compatibility checks: no retries, no client-side validation.

botocore retries 5xx, throttling and even LimitExceededException by default, which would hide
non-conformance; and it validates parameters, which would stop the suite's invalid inputs.
"""

import boto3
import botocore.config


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
