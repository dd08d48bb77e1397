"""The suite's options: one table, three sources (command line, environment, ini), one resolver.

A value is taken from the first source that has it, in that order, and a bad value's error names
the source it came from. No pytest import here: the plugin passes in the raw lookups.
"""

import dataclasses
import math
import os
import re
import urllib.parse

from contract import is_dns_name

PATTERN_SEMANTICS = ("either", "fullmatch", "search")
MAX_CONCURRENCY = 64  # examples in flight from one process: the transport keeps as many connections alive


class OptionError(ValueError):
    """A bad option value; the message names the option, the value and where it came from."""


def _url(text):
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme not in ("http", "https"):
        raise ValueError("must be an http:// or https:// URL")
    if not parsed.hostname:
        raise ValueError("has no host")
    try:
        parsed.port
    except ValueError:
        raise ValueError("has an invalid port") from None
    if parsed.path not in ("", "/") or parsed.query or parsed.fragment:
        raise ValueError("must have no path, query or fragment (RegisterMailDomain is served at /)")
    return text.rstrip("/")


def _region(text):
    if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d+", text):
        raise ValueError("is not an AWS region name like us-east-1")
    return text


def _organization_id(text):
    from contract import CONTRACT  # kept local: the table below is built at import time

    if CONTRACT.organization.violated_rules(text) or CONTRACT.organization.ambiguities(text):
        raise ValueError("is not a well-formed OrganizationId (m- followed by 32 lowercase hex digits)")
    return text


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise ValueError("is not an integer") from None
    if value < 1:
        raise ValueError("must be 1 or more")
    return value


def _concurrency(text):
    value = _positive_int(text)
    if value > MAX_CONCURRENCY:
        raise ValueError(f"is more than {MAX_CONCURRENCY} requests in flight")
    return value


def _non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        raise ValueError("is not an integer") from None
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _non_negative_seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise ValueError("is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("must be a number of seconds, 0 or more")
    return value


def _positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise ValueError("is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError("must be a positive number of seconds")
    return value


# Room the suite needs in front of --domain-suffix, within DomainName's maximum length: the test's run
# label ("t<the test's place in the run>-<run id><xdist worker>.", at most RUN_LABEL_ROOM characters) and the longest
# name a check puts under it (CHECK_NAME_ROOM, "malformed-org." and the like, or a drawn label).
RUN_LABEL_ROOM = 24
CHECK_NAME_ROOM = 24


def max_domain_suffix_length():
    from contract import CONTRACT  # kept local: the table below is built at import time

    return CONTRACT.domain.max_length - RUN_LABEL_ROOM - CHECK_NAME_ROOM


def _domain_suffix(text):
    text = text.strip(".").lower()
    if not is_dns_name(text):
        raise ValueError("is not a DNS name of at least two labels (like rmd-conformance.test)")
    limit = max_domain_suffix_length()
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters: at most {limit} leave room for the run label and the checks' "
                         "names under DomainName's maximum length")
    return text


def _flag(text):
    lowered = str(text).strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("is not a boolean (use true/false, 1/0, yes/no)")


def _choice(choices):
    def convert(text):
        if text not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return text
    return convert


def _path(text):
    return os.path.abspath(os.path.expanduser(text))


def _writable_file(text):
    path = _path(text)
    if os.path.isdir(path):
        raise ValueError("is a directory, not a file")
    if not os.path.isdir(os.path.dirname(path)):
        raise ValueError("is in a folder that does not exist")
    return path


@dataclasses.dataclass(frozen=True)
class Option:
    flag: str  # --endpoint
    convert: object
    default: object
    help: str
    metavar: str = None
    is_flag: bool = False

    @property
    def dest(self):
        return self.flag.lstrip("-").replace("-", "_")

    @property
    def env(self):
        return "RMD_" + self.dest.upper()

    @property
    def ini(self):
        return "rmd_" + self.dest


OPTIONS = (
    Option("--endpoint", _url, None, "URL of the endpoint under test; absent: the embedded reference emulator", "URL"),
    Option("--region", _region, "us-east-1", "region used to sign requests", "REGION"),
    Option("--organization-id", _organization_id, None,
           "an Active organization to register into (otherwise the suite creates one)", "ID"),
    Option("--second-organization-id", _organization_id, None,
           "a second Active organization, for conflicts between organizations", "ID"),
    Option("--inactive-organization-id", _organization_id, None,
           "an organization that is not Active (otherwise the suite deletes a fresh one)", "ID"),
    Option("--max-domains-per-org", _positive_int, None,
           "the endpoint's domains-per-organization quota; enables the quota check", "N"),
    Option("--domain-suffix", _domain_suffix, "rmd-conformance.test",
           "parent domain for every generated DomainName (a run ID label is added under it)", "DOMAIN"),
    Option("--strict-errors", _flag, False,
           "accept only InvalidParameterException for constraint violations", is_flag=True),
    Option("--pattern-semantics", _choice(PATTERN_SEMANTICS), "either",
           "how to judge values legal under one reading of a pattern: either (observe), fullmatch, search",
           "{either,fullmatch,search}"),
    Option("--request-timeout", _positive_seconds, 10.0,
           "seconds to wait for each response before the check fails", "SECONDS"),
    Option("--activation-timeout", _positive_seconds, 120.0,
           "seconds to wait for a created organization to become Active", "SECONDS"),
    Option("--consistency-timeout", _non_negative_seconds, 5.0,
           "seconds a read may lag behind a write before the effect counts as missing", "SECONDS"),
    Option("--transient-retries", _non_negative_int, 6,
           "retries of a throttled or 503 answer (exponential backoff) before it is judged", "N"),
    Option("--concurrency", _concurrency, 16,
           "examples of an independent check in flight at once (1: one at a time); per process, so -n N "
           "workers send up to N times as many", "N"),
    Option("--race-rounds", _positive_int, 20,
           "rounds of each concurrency check (more rounds catch rarer races)", "N"),
    Option("--keep-resources", _flag, False,
           "keep the organizations and domains the run created, and print them", is_flag=True),
    Option("--allow-aws", _flag, False,
           "allow an endpoint on an AWS domain (real AWS: it creates and deletes real resources)", is_flag=True),
    Option("--allow-create-organizations", _flag, False,
           "on AWS, let the suite create and delete organizations of its own", is_flag=True),
    Option("--no-preflight", _flag, False,
           "run the checks even against an endpoint the preflight finds cannot take part (no preflight requests)",
           is_flag=True),
    Option("--record-reference", _writable_file, None,
           "write what this run saw at every parity point as a reference profile (JSON) to FILE", "FILE"),
    Option("--reference", _path, None,
           "compare this run with a reference profile, point by point (a PARITY section; verdicts unchanged)",
           "FILE"),
    Option("--require-parity", _flag, False, "with --reference: any point that differs fails the run (exit 1)",
           is_flag=True),
    Option("--report-dir", _path, None,
           "write a certification report (results.json, junit.xml, report.html, MANIFEST.sha256) into DIR", "DIR"),
    Option("--deviations", _path, None,
           "JSON file of known deviations [{id, reason, expires}]: their failures are reported as declared", "FILE"),
)


def resolve(option, cli_value, environ, ini_value):
    """The option's value and a description of where it came from."""
    for raw, source in (
        (cli_value, f"command-line option {option.flag}"),
        (environ.get(option.env), f"environment variable {option.env}"),
        (ini_value or None, f"ini option {option.ini}"),
    ):
        if raw is None or raw is False:
            continue
        if option.is_flag and raw is True:
            return True, source
        try:
            return option.convert(raw), source
        except ValueError as why:
            raise OptionError(f"{option.flag}: {raw!r} {why} (from {source})") from None
    return option.default, "default"


@dataclasses.dataclass(frozen=True)
class Settings:
    endpoint: str
    region: str
    organization_id: str
    second_organization_id: str
    inactive_organization_id: str
    max_domains_per_org: int
    domain_suffix: str
    strict_errors: bool
    pattern_semantics: str
    request_timeout: float
    activation_timeout: float
    consistency_timeout: float
    transient_retries: int
    race_rounds: int
    concurrency: int
    keep_resources: bool
    allow_aws: bool
    allow_create_organizations: bool
    no_preflight: bool = False
    record_reference: str = None
    reference: str = None
    require_parity: bool = False
    report_dir: str = None
    deviations: str = None
    sources: dict = dataclasses.field(default_factory=dict, compare=False)

    @property
    def embedded(self):
        return self.endpoint is None

    def summary(self):
        """name=value pairs of the settings in effect, for the run header and the report."""
        return {o.dest: getattr(self, o.dest) for o in OPTIONS}


def settings_from(cli, environ, ini):
    """Build Settings from three lookups: cli(dest), environ mapping, ini(name)."""
    values, sources = {}, {}
    for option in OPTIONS:
        values[option.dest], sources[option.dest] = resolve(option, cli(option.dest), environ, ini(option.ini))
    _check_together(values)
    return Settings(**values, sources=sources)


def _check_together(values):
    if values["endpoint"] and is_aws(values["endpoint"]):
        if not values["allow_aws"]:
            raise OptionError(f"--endpoint {values['endpoint']} is an AWS endpoint: the suite would create and delete "
                              "real resources in your account. Pass --allow-aws to run against AWS anyway.")
        if not values["allow_create_organizations"] and not (values["organization_id"]
                                                              and values["second_organization_id"]):
            raise OptionError("against AWS the suite only uses organizations you give it: pass --organization-id and "
                              "--second-organization-id (or --allow-create-organizations to let it create its own)")
    ids = [values[k] for k in ("organization_id", "second_organization_id", "inactive_organization_id") if values[k]]
    if len(ids) != len(set(ids)):
        raise OptionError("--organization-id, --second-organization-id and --inactive-organization-id "
                          "must name different organizations")


AWS_DOMAINS = ("amazonaws.com", "amazonaws.com.cn", "api.aws", "amazonaws-us-gov.com")


def is_aws(url):
    """An endpoint on one of AWS's public domains (workmail.<region>.amazonaws.com and the like)."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in AWS_DOMAINS)


def without_userinfo(url):
    """The URL with any user:password@ removed: a report or a profile never carries credentials."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit(parts._replace(netloc=host))
