"""The fault gallery: deliberate defects, each breaking one requirement first.

``python -m gallery serve --fault NAME`` or ``gallery.configured("fault", NAME)`` runs the emulator with one
fault. Every entry of :data:`FAULTS` is ``Fault(description, primary, build, collateral, suite_args)``:

- `description`: what is wrong, in one line a reader of the kill matrix understands;
- `primary`: the one requirement (conformance/catalogue.py) it breaks first: the fault is caught only when
  this requirement FAILS (an error or a block proves nothing);
- `build`: Config -> Config with one seam (emulator/seams.py) swapped, so the defect is visible by name;
- `collateral`: requirements it breaks besides, as a consequence (listed apart in the kill matrix);
- `suite_args`: suite options the fault is only visible with (e.g. --strict-errors), or that keep its run short.

tests/test_gallery.py runs the conformance suite against every fault and asserts its primary requirement
fails; benchmarks/gallery.py measures that over several seeds and writes the kill matrix (docs/gallery.md).
"""

import collections
import dataclasses
import json
import threading
import time

from contract import (
    CONTRACT,
    ERRORS,
    READING_FULLMATCH,
    RULE_MAX_LENGTH,
    RULE_MIN_LENGTH,
    RULE_PATTERN,
    RULE_REQUIRED,
    RULE_TYPE,
    is_dns_name,
)
from emulator import models, responses, validation
from emulator.exceptions import (
    AwsError,
    InvalidParameter,
    MailDomainInUse,
    MailDomainNotFound,
    OrganizationNotFound,
    OrganizationState,
    UnrecognizedClient,
)
from gallery._shared import (ServiceUnavailable, Throttling, apply_from, backend_with, error_body, error_renamed,
                             json_bytes, now_and_then, renamed, replace_seams)
from gallery.variants import LaggingReads, reregister_in_use

Fault = collections.namedtuple("Fault", "description primary build collateral suite_args", defaults=((), ()))

_DOMAIN = CONTRACT.domain.name
_TOKEN = CONTRACT.token.name
_ORG = CONTRACT.organization.name
_OPERATION = CONTRACT.operation

# How long a racy fault sleeps between its check and its act: wide enough that two requests sent
# together reliably interleave, short enough to keep a run fast.
RACE_WINDOW = 0.05


def apply(name, config):
    """`config` with fault `name` applied; KeyError names the known faults."""
    return apply_from(FAULTS, "fault", name, config)


# --- validation: one member's rules relaxed or tightened ------------------------------------------

def _validate_with(ignore=(), members=None, skip_dns=lambda value: False, coerce=()):
    """A RegisterMailDomain validator like the reference one, with one member's rules changed.

    ignore: {(member name, rule)} broken rules that are not reported;
    members: {member name: Member} replacements (e.g. other bounds);
    skip_dns: value -> True where the DomainName DNS-name rule is not applied;
    coerce: member names whose non-string values are converted with str() and not checked further.
    """
    members = {**CONTRACT.members, **(members or {})}

    def validate(operation, body):
        if operation != _OPERATION:
            return validation.validate(operation, body)
        problems = []
        for name, member in members.items():
            present = name in body
            value = body.get(name)
            if name in coerce and present and not isinstance(value, str):
                body[name] = json.dumps(value) if value is not None else "null"
                continue
            broken = {rule for rule in member.violated_rules(value, present) if (name, rule) not in ignore}
            if broken:
                problems.append(f"{name}: {sorted(broken)}")
                continue
            if not present or not isinstance(value, str):
                continue
            if (name, RULE_PATTERN) not in ignore and not member.matches(value, READING_FULLMATCH):
                problems.append(f"{name}: pattern")
            elif (name == _DOMAIN and (name, RULE_PATTERN) not in ignore and not skip_dns(value)
                  and not is_dns_name(value)):
                problems.append(f"{name}: not a DNS name")
        if problems:
            raise InvalidParameter(f"{len(problems)} validation errors detected: " + "; ".join(problems))
        for name in members:  # an ignored "required" leaves the member out; the handler reads None
            body.setdefault(name, None)

    return validate


def _bounds(member_name, low_delta=0, high_delta=0):
    member = CONTRACT.members[member_name]
    return {member_name: dataclasses.replace(member, min_length=member.min_length + low_delta,
                                             max_length=member.max_length + high_delta)}


def _validation(**kwargs):
    return lambda config: replace_seams(config, validate=_validate_with(**kwargs))


class _TolerantBackend(models.Backend):
    """Answers a registration whose DomainName validation let through as None: success, no effect."""

    def register_mail_domain(self, organization_id, domain_name, token=None):
        if domain_name is None:
            return {}
        if organization_id is None or CONTRACT.organization.violated_rules(organization_id):
            return {}  # "no organization given": nothing to do, so nothing done
        return super().register_mail_domain(organization_id, domain_name, token)


def _tolerant_validation(**kwargs):
    return lambda config: replace_seams(config, validate=_validate_with(**kwargs), backend=_TolerantBackend)


def _non_ascii_crash(config):
    def validate(operation, body):
        value = body.get(_DOMAIN)
        if isinstance(value, str):
            value.encode("ascii")  # UnicodeEncodeError: the server answers 500
        return config.seams.validate(operation, body)
    return replace_seams(config, validate=validate)


def _token_required(config):
    def validate(operation, body):
        if operation == _OPERATION and _TOKEN not in body:
            raise InvalidParameter(f"{_TOKEN} is required.")
        return validation.validate(operation, body)
    return replace_seams(config, validate=validate)


def _search_only_in_use(config):
    def validate(operation, body):
        value = body.get(_DOMAIN) if operation == _OPERATION else None
        if isinstance(value, str) and not CONTRACT.domain.violated_rules(value) \
                and not CONTRACT.domain.matches(value, READING_FULLMATCH):
            raise MailDomainInUse(f"The domain {value} is already registered to another organization.")
        validation.validate(operation, body)
    return replace_seams(config, validate=validate)


def _malformed_org_not_found(config):
    def validate(operation, body):
        if operation == _OPERATION:
            value = body.get(_ORG)
            if isinstance(value, str) and CONTRACT.organization.violated_rules(value) - {RULE_REQUIRED, RULE_TYPE}:
                raise OrganizationNotFound(f"Organization {value} does not exist.")
        return validation.validate(operation, body)
    return replace_seams(config, validate=validate)


class _LookupFirstBackend(models.Backend):
    """Looks the organization up before the DomainName is validated."""

    def register_mail_domain(self, organization_id, domain_name, token=None):
        with self._lock:
            self._organization(organization_id)
        problems = validation.member_violations(CONTRACT.domain, domain_name, True)
        if problems:
            raise InvalidParameter("; ".join(problems))
        return super().register_mail_domain(organization_id, domain_name, token)


def _validation_after_lookup(config):
    defer = _validate_with(ignore={(_DOMAIN, RULE_MIN_LENGTH), (_DOMAIN, RULE_MAX_LENGTH), (_DOMAIN, RULE_PATTERN)},
                           skip_dns=lambda value: True)
    return replace_seams(config, validate=defer, backend=_LookupFirstBackend)


def _validation_exception(config):
    return error_renamed(ERRORS.INVALID_PARAMETER, ERRORS.VALIDATION)(config)


def _empty_token_as_absent(config):
    """A careless `if body.get("ClientToken"):` — an empty token is taken for no token, not refused."""
    def validate(operation, body):
        if operation == _OPERATION and body.get(_TOKEN) == "":
            body.pop(_TOKEN)
        return validation.validate(operation, body)
    return replace_seams(config, validate=validate)


# --- wire: statuses, headers and bodies -----------------------------------------------------------

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


def _org_length_unchecked(shorter):
    org = CONTRACT.organization

    def build(config):
        def validate(operation, body):
            value = body.get(_ORG)
            if operation == _OPERATION and isinstance(value, str) and (
                    len(value) < org.min_length if shorter else len(value) > org.max_length):
                body.setdefault(_DOMAIN, None)  # the tolerant backend answers such a request with nothing done
                return None  # accepted as it is; the backend finds nothing to do
            return validation.validate(operation, body)
        return replace_seams(config, validate=validate, backend=_TolerantBackend)
    return build


# --- state: organizations, ownership, quota --------------------------------------------------------

_backend_fault = backend_with


def _deregister_lowercase_only(self, organization_id, domain_name):
    """An over-strict DeregisterMailDomain: the name must be lower case."""
    if domain_name != domain_name.lower():
        raise InvalidParameter(f"{_DOMAIN} must be lower case to be deregistered.")
    return models.Backend.deregister_mail_domain(self, organization_id, domain_name)


def _lost_response_poisons_token(config):
    """When the client hung up before the answer, the token's record is overwritten with an error."""
    def deliver(peer_gone, backend, headers, body, reply):
        try:
            params = json.loads(body)
        except ValueError:
            return reply
        token = params.get(_TOKEN) if isinstance(params, dict) else None
        if (headers.get("X-Amz-Target") == CONTRACT.target and reply.status == 200 and isinstance(token, str)
                and peer_gone()):
            key = config.seams.token_key(_OPERATION, params.get(_ORG), token)
            error = MailDomainInUse(f"The domain {params.get(_DOMAIN)} is in use (its first answer was lost).")
            with backend._lock:
                backend._tokens[key] = models.TokenRecord(config.seams.domain_key(params.get(_DOMAIN)), error)
        return reply
    return replace_seams(config, deliver=deliver)


def _active_allowing(*states):
    def _active_organization(self, organization_id, operation):
        organization = self._organization(organization_id)
        state = organization.state(time.monotonic())
        if state != models.ACTIVE and not (operation == _OPERATION and state in states):
            raise OrganizationState(f"Organization {organization_id} is in state {state}.")
        return organization
    return _active_organization


def _unknown_org_as_state(self, organization_id):
    organization = self._organizations.get(organization_id)
    if organization is None:
        raise OrganizationState(f"Organization {organization_id} is not available.")
    return organization


def _deleted_as_not_found(self, organization_id, operation):
    organization = self._organization(organization_id)
    state = organization.state(time.monotonic())
    if state == models.DELETED:
        raise OrganizationNotFound(f"Organization {organization_id} does not exist.")
    if state != models.ACTIVE:
        raise OrganizationState(f"Organization {organization_id} is in state {state}.")
    return organization


def _no_claim_check(self, organization_id, key, name):
    return None


def _register_with_limit(extra):
    def _register(self, organization_id, name):
        organization = self._active_organization(organization_id, _OPERATION)
        key = self._domain_key(name)
        self._claimable(organization_id, key, name)
        if key in organization.domains:
            return {}
        limit = self.config.max_domains_per_org + extra
        if extra is not None and len(organization.domains) >= limit:
            raise models.LimitExceeded(f"Organization {organization_id} is at its limit ({limit}).")
        self._add_domain(organization, key, name)
        return {}
    return _register


def _quota_missing(self, organization_id, name):
    organization = self._active_organization(organization_id, _OPERATION)
    key = self._domain_key(name)
    self._claimable(organization_id, key, name)
    self._add_domain(organization, key, name)
    return {}


def _no_effect(self, organization_id, name):
    self._active_organization(organization_id, _OPERATION)  # still refuses a missing or inactive organization
    self._claimable(organization_id, self._domain_key(name), name)
    return {}


def _second_registration(self, organization_id, name):
    organization = self._active_organization(organization_id, _OPERATION)
    key = self._domain_key(name)
    self._claimable(organization_id, key, name)
    slot = key
    while slot in organization.domains:  # a re-registration is stored again under another key
        slot += "\0"
    organization.domains[slot] = models.MailDomain(name)
    self._owners[key] = organization.id
    return {}


def _unlisted(self, organization_id, max_results, next_token):
    listed = models.Backend.list_mail_domains(self, organization_id, max_results, next_token)
    listed["MailDomains"] = [d for d in listed["MailDomains"] if d["DefaultDomain"]]
    return listed


def _get_not_found(self, organization_id, domain_name):
    with self._lock:
        self._active_organization(organization_id, "GetMailDomain")
    raise MailDomainNotFound(f"The domain {domain_name} is not registered to organization {organization_id}.")


def _deregister_keeps_owner(self, organization_id, domain_name):
    with self._lock:
        organization = self._active_organization(organization_id, "DeregisterMailDomain")
        organization.domains.pop(self._domain_key(domain_name), None)  # the owner entry stays behind
        return {}


def _delete_keeps_domains(self, organization_id):
    organization = self._organization(organization_id)
    if organization.deleted:
        raise OrganizationState(f"Organization {organization_id} is already {models.DELETED}.")
    organization.deleted = True  # its domains stay owned by a deleted organization
    self._aliases.pop(organization.alias.lower(), None)
    return {"OrganizationId": organization_id, "State": models.DELETED}


def _racy_register(self, organization_id, domain_name, token=None):
    """Check under the lock, sleep, act under the lock: two organizations both pass the check."""
    key = self._domain_key(domain_name)
    with self._lock:
        self._active_organization(organization_id, _OPERATION)
        self._claimable(organization_id, key, domain_name)
    time.sleep(RACE_WINDOW)
    with self._lock:
        # Everything but the ownership check, repeated: tokens and the quota behave, so only the race shows.
        self._claimable = lambda *args: None  # shadows the method for this call only
        try:
            return self._idempotent(_OPERATION, organization_id, token, key,
                                    lambda: self._register(organization_id, domain_name))
        finally:
            del self._claimable


_in_flight_lock = threading.Lock()


def _in_flight_register(self, organization_id, domain_name, token=None):
    """A registration in progress makes concurrent identical requests fail as MailDomainInUse."""
    key = (organization_id, self._domain_key(domain_name))
    pending = self.__dict__.setdefault("_pending", set())
    with _in_flight_lock:
        if key in pending:
            raise MailDomainInUse(f"The domain {domain_name} is being registered.")
        pending.add(key)
    try:
        time.sleep(RACE_WINDOW)
        return models.Backend.register_mail_domain(self, organization_id, domain_name, token)
    finally:
        with _in_flight_lock:
            pending.discard(key)


# --- idempotency ------------------------------------------------------------------------------------

def _no_token(operation, organization_id, token):
    return None


def _token_ignored(config):
    return _backend_fault(_register=reregister_in_use)(replace_seams(config, token_key=_no_token))


def _idempotent_other_params(self, operation, organization_id, token, fingerprint, action):
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint != fingerprint:
        return action()  # the token's first effect stands, and this one happens too
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


def _idempotent_reexecute(self, operation, organization_id, token, fingerprint, action):
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint == fingerprint and not isinstance(record.outcome, AwsError):
        return action()  # a retry runs again instead of replaying the first outcome
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


def _racy_tokens(self, operation, organization_id, token, fingerprint, action):
    """The token's record is written after a slow action outside the lock: concurrent retries all run."""
    key = self.config.seams.token_key(operation, organization_id, token)
    if key is None or operation != _OPERATION:
        return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)
    record = self._tokens.get(key)
    if record is not None:
        return record.replay()
    self._lock.release()
    try:
        time.sleep(RACE_WINDOW)
    finally:
        self._lock.acquire()
    outcome = action()
    self._tokens[key] = models.TokenRecord(fingerprint, dict(outcome))
    return outcome


def _organization_state_during_race(config):
    # Identical concurrent retries: all but the first see a half-done registration.
    return _backend_fault(_idempotent=_racy_tokens, _register=reregister_in_use)(config)


def _lagging_beyond(seconds):
    class LaggingFar(LaggingReads):
        lag = seconds
    return lambda config: replace_seams(config, backend=LaggingFar)


# Twins of the tolerances: a lag and transient answers that never end. A short bound keeps their runs short;
# a longer one would catch them just as surely.
LAG_BEYOND = 2.0
_SHORT_CONSISTENCY = ("--consistency-timeout=0.5",)
_SHORT_RETRIES = ("--transient-retries=2",)

M = ERRORS
_ERROR_DETAILS = ("RMD-PROTO-ERROR-TYPE", "RMD-PROTO-ERROR-MESSAGE", "RMD-SDK-MODELED-EXCEPTION")
FAULTS = {
    # validation: bounds, both sides of each
    "domain-max-plus-one-accepted": Fault(
        f"DomainName one longer than its maximum ({CONTRACT.domain.max_length + 1}) is accepted",
        "RMD-VAL-DOMAIN-MAX", _validation(members=_bounds(_DOMAIN, high_delta=1)), ("RMD-VAL-BEFORE-LOOKUP",)),
    "domain-min-minus-one-accepted": Fault(
        f"DomainName one shorter than its minimum ({CONTRACT.domain.min_length - 1}) is accepted",
        "RMD-VAL-DOMAIN-MIN", _validation(members=_bounds(_DOMAIN, low_delta=-1),
                                          skip_dns=lambda v: len(v) < CONTRACT.domain.min_length),
        ("RMD-VAL-BEFORE-LOOKUP",)),
    "domain-max-rejected": Fault(
        "DomainName of exactly the maximum length is rejected (off by one on the accept side)",
        "RMD-VAL-DOMAIN-ACCEPT", _validation(members=_bounds(_DOMAIN, high_delta=-1))),
    "domain-min-rejected": Fault(
        "DomainName of exactly the minimum length is rejected (off by one on the accept side)",
        "RMD-VAL-DOMAIN-ACCEPT", _validation(members=_bounds(_DOMAIN, low_delta=1))),
    "token-max-plus-one-accepted": Fault(
        f"ClientToken one longer than its maximum ({CONTRACT.token.max_length + 1}) is accepted",
        "RMD-VAL-TOKEN-MAX", _validation(members=_bounds(_TOKEN, high_delta=1))),
    "token-empty-accepted": Fault(
        "an empty ClientToken is taken for no token (a falsy check) instead of being refused",
        "RMD-VAL-TOKEN-MIN", _empty_token_as_absent),
    "token-max-rejected": Fault(
        "ClientToken of exactly the maximum length is rejected",
        "RMD-VAL-TOKEN-ACCEPT", _validation(members=_bounds(_TOKEN, high_delta=-1))),
    "token-min-rejected": Fault(
        "a one-character ClientToken (exactly the minimum) is rejected",
        "RMD-VAL-TOKEN-ACCEPT", _validation(members=_bounds(_TOKEN, low_delta=1))),
    # validation: must-reject classes accepted
    "domain-type-unchecked": Fault(
        "a DomainName of another JSON type (number, list, ...) is registered as its JSON text",
        "RMD-VAL-DOMAIN-TYPE", _validation(coerce={_DOMAIN}), ("RMD-VAL-BEFORE-LOOKUP",)),
    "token-type-unchecked": Fault(
        "a ClientToken of another JSON type is used as its JSON text", "RMD-VAL-TOKEN-TYPE",
        _validation(coerce={_TOKEN})),
    "org-type-unchecked": Fault(
        "a request whose OrganizationId is of another JSON type succeeds (and registers nothing)",
        "RMD-VAL-ORG-TYPE", _tolerant_validation(coerce={_ORG}), ("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND",)),
    "domain-required-unchecked": Fault(
        "a request without DomainName succeeds (and registers nothing)",
        "RMD-VAL-DOMAIN-REQUIRED", _tolerant_validation(ignore={(_DOMAIN, RULE_REQUIRED)})),
    "org-required-unchecked": Fault(
        "a request without OrganizationId succeeds (and registers nothing)",
        "RMD-VAL-ORG-REQUIRED", _tolerant_validation(ignore={(_ORG, RULE_REQUIRED)}),
        ("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND",)),
    "domain-pattern-unchecked": Fault(
        "DomainName's pattern (and DNS rules) are not checked: 'a_b.example' or 'ü.example' is registered",
        "RMD-VAL-DOMAIN-PATTERN", _validation(ignore={(_DOMAIN, RULE_PATTERN)}),
        ("RMD-VAL-BEFORE-LOOKUP", "RMD-EFFECT-DEREGISTRABLE")),
    "token-pattern-unchecked": Fault(
        "ClientToken's pattern is not checked: tokens of spaces or non-ASCII are used",
        "RMD-VAL-TOKEN-PATTERN", _validation(ignore={(_TOKEN, RULE_PATTERN)})),
    "org-pattern-unchecked": Fault(
        "OrganizationId's pattern is not checked: a malformed id of the right length succeeds (no effect)",
        "RMD-VAL-ORG-PATTERN", _tolerant_validation(ignore={(_ORG, RULE_PATTERN)}),
        ("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND",)),
    "org-malformed-not-found": Fault(
        f"a malformed OrganizationId is answered {M.ORGANIZATION_NOT_FOUND}, not a validation error",
        "RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND", _malformed_org_not_found),
    "validation-after-lookup": Fault(
        f"the organization is looked up before DomainName is validated ({M.ORGANIZATION_NOT_FOUND} first)",
        "RMD-VAL-BEFORE-LOOKUP", _validation_after_lookup),
    "token-required": Fault(
        "a request without ClientToken is rejected", "RMD-VAL-TOKEN-OPTIONAL", _token_required),
    "search-only-domain-in-use": Fault(
        f"a DomainName legal only under the search reading gets {M.MAIL_DOMAIN_IN_USE}",
        "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER", _search_only_in_use),
    "validation-exception-strict": Fault(
        f"constraint violations answered {M.VALIDATION} (a fault only under --strict-errors)",
        "RMD-VAL-ERROR-NAME", _validation_exception, ("RMD-SDK-MODELED-EXCEPTION",), ("--strict-errors",)),
    "non-ascii-crash": Fault(
        "a non-ASCII DomainName crashes the handler (HTTP 500)", "RMD-PROTO-NO-5XX", _non_ascii_crash,
        ("RMD-PROTO-ERROR-TYPE",)),
    "org-id-short-accepted": Fault(
        "an OrganizationId shorter than its length is not validated and the request succeeds (no effect)",
        "RMD-VAL-ORG-MIN", _org_length_unchecked(shorter=True), ("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND",)),
    "org-id-long-accepted": Fault(
        "an OrganizationId longer than its length is not validated and the request succeeds (no effect)",
        "RMD-VAL-ORG-MAX", _org_length_unchecked(shorter=False), ("RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND",)),
    "org-id-off-by-one-rejected": Fault(
        "OrganizationId's maximum is taken as one less: every well-formed id is rejected",
        "RMD-VAL-ORG-ACCEPT", _validation(members=_bounds(_ORG, high_delta=-1))),
    # wire
    "sdk-user-agent-blocked": Fault(
        "requests whose User-Agent names boto3/botocore get UnrecognizedClientException (an over-eager WAF rule)",
        "RMD-SDK-SUCCESS", _sdk_blocked, ("RMD-SDK-MODELED-EXCEPTION",)),
    "query-error-header": Fault(
        "errors carry an x-amzn-query-error header, so the SDK raises another code than __type names",
        "RMD-SDK-MODELED-EXCEPTION", _query_error_header),
    "success-201": Fault("a successful registration answers HTTP 201", "RMD-PROTO-SUCCESS-STATUS",
                         _success_status(201)),
    "success-text-body": Fault("a successful registration's body is the text OK, not JSON",
                               "RMD-PROTO-SUCCESS-BODY", _success_text_body, ("RMD-PROTO-CONTENT-TYPE",)),
    "success-with-members": Fault("a successful registration answers {\"Status\": \"REGISTERED\"}",
                                  "RMD-PROTO-SUCCESS-NO-MEMBERS", _success_with_members),
    "no-content-type": Fault("responses carry no Content-Type", "RMD-PROTO-CONTENT-TYPE", _no_content_type),
    "errors-404": Fault("documented errors answer HTTP 404", "RMD-PROTO-ERROR-STATUS", _error_status(404)),
    "errors-500": Fault(f"{M.MAIL_DOMAIN_IN_USE} answers HTTP 500", "RMD-PROTO-NO-5XX",
                        _error_status(500, only={M.MAIL_DOMAIN_IN_USE}), ("RMD-PROTO-ERROR-STATUS",)),
    "error-without-type": Fault(
        "error bodies have only Message, no __type (the x-amzn-ErrorType header is still sent)",
        "RMD-SDK-MODELED-EXCEPTION", error_body(lambda e: json_bytes({"Message": e.message}))),
    "error-nameless": Fault(
        "errors name themselves nowhere: no __type in the body and no x-amzn-ErrorType header",
        "RMD-PROTO-ERROR-TYPE", _nameless_errors, ("RMD-SDK-MODELED-EXCEPTION",)),
    "error-html": Fault(
        "error bodies are an HTML page (text/html)", "RMD-PROTO-CONTENT-TYPE",
        error_body(lambda e: f"<html><body><h1>{e.name}</h1><p>{e.message}</p></body></html>".encode(), "text/html"),
        _ERROR_DETAILS),
    "error-without-message": Fault(
        "error bodies have __type but no message", "RMD-PROTO-ERROR-MESSAGE",
        error_body(lambda e: json_bytes({"__type": e.name}))),
    "in-use-as-invalid-parameter": Fault(
        f"{M.MAIL_DOMAIN_IN_USE} is answered as {M.INVALID_PARAMETER}", "RMD-CONFLICT-OTHER-ORG",
        error_renamed(M.MAIL_DOMAIN_IN_USE, M.INVALID_PARAMETER)),
    "unknown-target-200": Fault("an unknown X-Amz-Target is dispatched anyway and answers 200",
                                "RMD-PROTO-UNKNOWN-TARGET", _unknown_target_200),
    "malformed-json-200": Fault("a body that is not a JSON object answers 200 {}", "RMD-PROTO-MALFORMED-JSON",
                                _malformed_json(200)),
    "malformed-json-500": Fault("a body that is not a JSON object answers HTTP 500", "RMD-PROTO-NO-5XX",
                                _malformed_json(500), ("RMD-PROTO-MALFORMED-JSON",)),
    "throttling-never-stops": Fault(
        "every 7th request is throttled, and so is each retry of it: the limiter remembers it and never lets "
        "it through", "RMD-PROTO-TRANSIENT-BOUNDED", now_and_then(Throttling, 7, sticky=True), (),
        _SHORT_RETRIES),
    "unavailable-never-stops": Fault(
        "every 9th request answers 503 ServiceUnavailable, and so does each retry of it", "RMD-PROTO-NO-5XX",
        now_and_then(ServiceUnavailable, 9, sticky=True), ("RMD-PROTO-TRANSIENT-BOUNDED",), _SHORT_RETRIES),
    # organizations
    "deleted-org-accepted": Fault("registration into a Deleted organization succeeds", "RMD-ORG-STATE",
                                  _backend_fault(_active_organization=_active_allowing(models.DELETED)),
                                  ("RMD-ORG-ERROR-AGREES-DESCRIBE",)),
    "creating-org-accepted": Fault("registration into an organization still Creating succeeds", "RMD-ORG-CREATING",
                                   _backend_fault(_active_organization=_active_allowing(models.CREATING))),
    "unknown-org-as-state": Fault(f"an unknown organization is answered {M.ORGANIZATION_STATE}", "RMD-ORG-NOT-FOUND",
                                  _backend_fault(_organization=_unknown_org_as_state),
                                  ("RMD-ORG-ERROR-AGREES-DESCRIBE",)),
    "deleted-org-as-not-found": Fault(
        f"a Deleted organization (still described by DescribeOrganization) is answered {M.ORGANIZATION_NOT_FOUND}",
        "RMD-ORG-ERROR-AGREES-DESCRIBE", _backend_fault(_active_organization=_deleted_as_not_found),
        ("RMD-ORG-STATE",)),
    "delete-org-keeps-domains": Fault("DeleteOrganization leaves its domains owned by the deleted organization",
                                      "RMD-ORG-DELETE-RELEASES",
                                      _backend_fault(_delete_organization=_delete_keeps_domains)),
    # ownership
    "cross-org-allowed": Fault("a domain owned by one organization is registered into another too",
                               "RMD-CONFLICT-OTHER-ORG", _backend_fault(_claimable=_no_claim_check),
                               ("RMD-CONFLICT-CASE", "RMD-CONC-TWO-ORGS", "RMD-STATEFUL")),
    "case-sensitive-ownership": Fault("ownership compares domain names case-sensitively", "RMD-CONFLICT-CASE",
                                      lambda c: replace_seams(c, domain_key=str), ("RMD-STATEFUL",)),
    "race-two-orgs": Fault(
        f"check-then-act: ownership is checked, then {RACE_WINDOW}s later the domain is added; "
        "two organizations both win", "RMD-CONC-TWO-ORGS", _backend_fault(register_mail_domain=_racy_register)),
    "concurrent-identical-in-use": Fault(
        f"a registration in progress makes a concurrent identical retry fail with {M.MAIL_DOMAIN_IN_USE}",
        "RMD-CONC-IDENTICAL", _backend_fault(register_mail_domain=_in_flight_register)),
    "concurrent-token-race": Fault(
        "the token's record is written after the effect, outside the lock: concurrent identical retries all "
        f"execute, and all but one get {M.MAIL_DOMAIN_IN_USE}", "RMD-CONC-IDENTICAL",
        _organization_state_during_race),
    # quota
    "quota-off-by-one": Fault("one domain more than the quota is registered", "RMD-QUOTA",
                              _backend_fault(_register=_register_with_limit(1))),
    "quota-missing": Fault("the domains-per-organization quota is not enforced", "RMD-QUOTA",
                           _backend_fault(_register=_quota_missing)),
    "quota-one-early": Fault(f"{M.LIMIT_EXCEEDED} one domain before the quota", "RMD-QUOTA",
                             _backend_fault(_register=_register_with_limit(-1))),
    # effects
    "success-without-effect": Fault("registration answers 200 but registers nothing", "RMD-EFFECT-LISTED",
                                    _backend_fault(_register=_no_effect)),
    "not-listed": Fault("ListMailDomains leaves registered domains out", "RMD-EFFECT-LISTED",
                        _backend_fault(list_mail_domains=_unlisted)),
    "reads-lag-beyond-timeout": Fault(
        f"reads show a registration {LAG_BEYOND}s late, longer than the suite is told to wait (0.5 s)",
        "RMD-EFFECT-LISTED", _lagging_beyond(LAG_BEYOND), (), _SHORT_CONSISTENCY),
    "get-mail-domain-broken": Fault(f"GetMailDomain answers {M.MAIL_DOMAIN_NOT_FOUND} for registered domains",
                                    "RMD-EFFECT-GET", _backend_fault(get_mail_domain=_get_not_found)),
    "second-registration": Fault("registering a domain again in the same organization stores a second copy",
                                 "RMD-IDEM-SINGLE-REGISTRATION", _backend_fault(_register=_second_registration)),
    "lost-response-poisons-token": Fault(
        f"when the client hangs up before the answer, the token is recorded as {M.MAIL_DOMAIN_IN_USE}, so the "
        "retry fails", "RMD-IDEM-LOST-RESPONSE", _lost_response_poisons_token),
    "deregister-refuses-uppercase": Fault(
        "DeregisterMailDomain refuses names with capital letters, so what was registered as Example.com stays",
        "RMD-EFFECT-DEREGISTRABLE", _backend_fault(deregister_mail_domain=_deregister_lowercase_only)),
    "deregister-keeps-owner": Fault("DeregisterMailDomain leaves the domain owned: no other organization can "
                                    "register it", "RMD-STATEFUL",
                                    _backend_fault(deregister_mail_domain=_deregister_keeps_owner)),
    # idempotency
    "token-ignored": Fault(f"ClientToken is ignored and a re-registration gets {M.MAIL_DOMAIN_IN_USE}, "
                           "so a retry fails", "RMD-IDEM-RETRY", _token_ignored),
    "token-other-params-two-effects": Fault(
        "a ClientToken reused with another DomainName registers that one too", "RMD-IDEM-ONE-EFFECT-PER-TOKEN",
        _backend_fault(_idempotent=_idempotent_other_params)),
    "token-reexecuted": Fault(
        "a retry with a used token runs again instead of replaying: after a deregistration it registers again",
        "RMD-IDEM-AT-MOST-ONCE", _backend_fault(_idempotent=_idempotent_reexecute)),
}
