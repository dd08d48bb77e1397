"""Legal variants: deviations from the reference emulator's defaults that a conforming endpoint may show.

``python -m gallery serve --variant NAME`` or ``gallery.configured("variant", NAME)``. Every entry of
:data:`VARIANTS` is ``Variant(description, build, suite_args)``, `build` being Config -> Config with one seam
or setting swapped, `suite_args` the options a user of such an endpoint would pass. The conformance suite
must pass against each (tests/test_gallery.py): exit 0, every MUST passed or not applicable. A failure is a
false alarm in the suite.
"""

import collections
import dataclasses
import threading
import time

from contract import CONTRACT, ERRORS
from emulator import models, validation
from emulator.exceptions import InvalidParameter, MailDomainInUse, OrganizationNotFound, OrganizationState
from gallery._shared import (ServiceUnavailable, Throttling, TransactionInProgress, apply_from, backend_with,
                             error_body, json_bytes, now_and_then, renamed, replace_seams)

Variant = collections.namedtuple("Variant", "description build suite_args", defaults=((),))

_DOMAIN = CONTRACT.domain.name
_TOKEN = CONTRACT.token.name
_OPERATION = CONTRACT.operation
SLOW_ACTIVATION = 1.5  # seconds an organization stays Creating under "slow-activation"
READ_LAG = 0.5  # seconds reads lag behind writes under "eventually-consistent-reads"
DELETING = 1.0  # seconds an organization stays Deleting under "deleting-state"
IN_FLIGHT = 0.01  # seconds a registration stays in flight under "in-flight-conflict"
# A long --domain-suffix within the option's limit: two 63-character labels (DNS's maximum) and a parent.
LONG_SUFFIX = f"{'a' * 63}.{'b' * 63}.conformance.test"


def apply(name, config):
    """`config` with variant `name` applied; KeyError names the known variants."""
    return apply_from(VARIANTS, "variant", name, config)


# --- wire -----------------------------------------------------------------------------------------

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


# --- validation -------------------------------------------------------------------------------------

def _validation_exception(config):
    error = config.seams.render_error

    def render_error(err):
        return error(renamed(err, ERRORS.VALIDATION) if err.name == ERRORS.INVALID_PARAMETER else err)
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
        problems = [f"{m.name}: {sorted(broken)}" for m in CONTRACT.members.values()
                    if (broken := m.violated_rules(body.get(m.name), m.name in body))]
        if problems:
            raise InvalidParameter("validation errors: " + "; ".join(problems))
    return replace_seams(config, validate=validate)


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
    return replace_seams(config, validate=validate)


# --- state ------------------------------------------------------------------------------------------

def reregister_in_use(self, organization_id, name):
    """Backend._register that answers MailDomainInUse for a domain the organization already holds."""
    organization = self._active_organization(organization_id, _OPERATION)
    key = self._domain_key(name)
    self._claimable(organization_id, key, name)
    if key in organization.domains:
        raise MailDomainInUse(f"The domain {name} is already registered to this organization.")
    return models.Backend._register(self, organization_id, name)


class LaggingReads(models.Backend):
    """ListMailDomains and GetMailDomain show the state as it was `lag` seconds ago: a registration
    appears, and a removal disappears, that much later (as reads of many AWS services do)."""

    lag = READ_LAG

    def __init__(self, config):
        super().__init__(config)
        self._changes = {}  # (organization id, key) -> [(monotonic time, name or None when removed)]

    def _note(self, organization_id, key, name):
        self._changes.setdefault((organization_id, key), []).append((time.monotonic(), name))

    def _add_domain(self, organization, key, name):
        super()._add_domain(organization, key, name)
        self._note(organization.id, key, name)

    def _release_domains(self, organization):
        for key in organization.domains:
            self._note(organization.id, key, None)
        super()._release_domains(organization)

    def deregister_mail_domain(self, organization_id, domain_name):
        key = self._domain_key(domain_name)
        with self._lock:
            organization = self._organizations.get(organization_id)
            held = organization is not None and key in organization.domains
        result = super().deregister_mail_domain(organization_id, domain_name)
        if held:
            with self._lock:
                self._note(organization_id, key, None)
        return result

    def _visible(self, organization_id):
        horizon = time.monotonic() - self.lag
        shown = {}
        for (owner, key), changes in self._changes.items():
            settled = [name for at, name in changes if at <= horizon]
            if owner == organization_id and settled and settled[-1] is not None:
                shown[key] = models.MailDomain(settled[-1])
        return shown

    def list_mail_domains(self, organization_id, max_results, next_token):
        with self._lock:
            organization = self._active_organization(organization_id, "ListMailDomains")
            page, token = models._page(sorted(self._visible(organization_id).items()), max_results, next_token,
                                       scope=organization_id, key_type=str)
            domains = [{"DomainName": d.name, "DefaultDomain": self._domain_key(d.name) == organization.default_key}
                       for d in page]
            return models._with_token({"MailDomains": domains}, token)

    def get_mail_domain(self, organization_id, domain_name):
        with self._lock:
            self._active_organization(organization_id, "GetMailDomain")
            seen = self._domain_key(domain_name) in self._visible(organization_id)
        if not seen:
            raise models.MailDomainNotFound(f"The domain {domain_name} is not registered to organization "
                                            f"{organization_id}.")
        return super().get_mail_domain(organization_id, domain_name)


def _pages_of_one(self, organization_id, max_results, next_token):
    return models.Backend.list_mail_domains(self, organization_id, 1, next_token)


def _deregister_unknown_refused(self, organization_id, domain_name):
    with self._lock:
        organization = self._active_organization(organization_id, "DeregisterMailDomain")
        if self._domain_key(domain_name) not in organization.domains:
            raise InvalidParameter(f"The domain {domain_name} is not registered to organization {organization_id}.")
    return models.Backend.deregister_mail_domain(self, organization_id, domain_name)


def _default_domain(counted):
    """Every new organization holds a test domain <alias>.awsapps.com, its default, as WorkMail creates;
    counted toward the domains-per-organization quota or not."""
    def _create_organization(self, alias, directory_id, domains, kms_key_arn, interoperability_enabled):
        created = models.Backend._create_organization(self, alias, directory_id, domains, kms_key_arn,
                                                      interoperability_enabled)
        organization = self._organizations[created["OrganizationId"]]
        name = f"{alias.lower()}.awsapps.com"
        key = self._domain_key(name)
        self._add_domain(organization, key, name)
        organization.default_key = key
        return created

    def _register(self, organization_id, name):
        organization = self._active_organization(organization_id, _OPERATION)
        key = self._domain_key(name)
        self._claimable(organization_id, key, name)
        if key in organization.domains:
            return {}
        held = len(organization.domains) - (0 if counted else 1)
        if held >= self.config.max_domains_per_org:
            raise models.LimitExceeded(f"Organization {organization_id} holds {held} mail domains, its limit.")
        self._add_domain(organization, key, name)
        return {}

    return backend_with(_create_organization=_create_organization, _register=_register)


def _lowercase_storage(self, organization, key, name):
    models.Backend._add_domain(self, organization, key, name.lower())


def _token_reuse_replayed(self, operation, organization_id, token, fingerprint, action):
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint != fingerprint:
        return record.replay()  # the first request's answer, whatever was asked this time
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


class DeletingState(models.Backend):
    """DeleteOrganization leaves the organization Deleting for a while before it is Deleted."""

    def __init__(self, config):
        super().__init__(config)
        self._deleting_until = {}

    def _delete_organization(self, organization_id):
        result = super()._delete_organization(organization_id)
        self._deleting_until[organization_id] = time.monotonic() + DELETING
        return result

    def _state(self, organization, now):
        if organization.deleted and now < self._deleting_until.get(organization.id, 0):
            return "Deleting"
        return organization.state(now)

    def _active_organization(self, organization_id, operation):
        organization = self._organization(organization_id)
        state = self._state(organization, time.monotonic())
        if state != models.ACTIVE:
            raise OrganizationState(f"Organization {organization_id} is in state {state}.")
        return organization

    def _description(self, organization, now):
        described = super()._description(organization, now)
        described["State"] = self._state(organization, now)
        return described


def _deleted_forgotten(self, organization_id):
    organization = self._organizations.get(organization_id)
    if organization is None or organization.deleted:
        raise OrganizationNotFound(f"Organization {organization_id} does not exist.")
    return organization


def _in_flight_conflict():
    """A duplicate of a registration still in flight gets TransactionInProgressException (retryable), as
    DynamoDB answers a ClientRequestToken in flight; once the first is done, retries are replayed."""
    in_flight, lock = set(), threading.Lock()

    def register_mail_domain(self, organization_id, domain_name, token=None):
        key = (organization_id, token)
        if token is not None:
            with lock:
                if key in in_flight:
                    raise TransactionInProgress("A request with this ClientToken is still in progress.")
                in_flight.add(key)
        try:
            time.sleep(IN_FLIGHT)
            return models.Backend.register_mail_domain(self, organization_id, domain_name, token)
        finally:
            with lock:
                in_flight.discard(key)

    return backend_with(register_mail_domain=register_mail_domain)


VARIANTS = {
    "namespaced-type": Variant(
        "__type carries a namespace prefix and a :uri suffix (com.amazonaws.workmail#Name:http://...)",
        error_body(lambda e: json_bytes({"__type": f"com.amazonaws.workmail#{e.name}:http://internal.amazon.com/"
                                                   "coral/com.amazonaws.workmail/", "Message": e.message}))),
    "lowercase-message": Variant("errors carry message instead of Message",
                                 error_body(lambda e: json_bytes({"__type": e.name, "message": e.message}))),
    "empty-success-body": Variant("a success has an empty body (Content-Type still sent) instead of {}",
                                  _empty_success_body()),
    "empty-body-without-content-type": Variant(
        "a success is HTTP 200 with an empty body and no Content-Type, exactly as the page words it",
        _empty_success_body(without_content_type=True)),
    "slow-activation": Variant(f"organizations stay Creating for {SLOW_ACTIVATION}s",
                               lambda c: dataclasses.replace(c, activation_delay=SLOW_ACTIVATION)),
    "fast-activation": Variant("organizations are Active at once",
                               lambda c: dataclasses.replace(c, activation_delay=0)),
    "connection-close": Variant("every response carries Connection: close", _headers(("Connection", "close"))),
    "extra-headers": Variant("extra response headers (Server, x-amz-id-2, Cache-Control, Vary)",
                             _headers(("Server", "AmazonWorkMail"), ("x-amz-id-2", "abc123/def456"),
                                      ("Cache-Control", "no-cache"), ("Vary", "Accept-Encoding"))),
    "validation-exception": Variant(f"constraint violations answered {ERRORS.VALIDATION}", _validation_exception),
    "reregister-in-use": Variant(f"the same domain again in the same organization without its token gets "
                                 f"{ERRORS.MAIL_DOMAIN_IN_USE}", backend_with(_register=reregister_in_use)),
    "fullmatch-no-dns": Variant("patterns fully matched, but DomainName need not be a DNS name", _fullmatch_no_dns),
    "search-semantics": Variant("patterns are searched, not fully matched: 'ex_ample.x' and tokens with spaces "
                                "are accepted", _search_semantics),
    "no-error-type-header": Variant("errors name themselves in __type only, without x-amzn-ErrorType",
                                    _no_error_type_header),
    "charset-content-type": Variant(f"Content-Type {CONTRACT.content_type}; charset=utf-8",
                                    _content_type(f"{CONTRACT.content_type}; charset=utf-8")),
    "json-content-type": Variant("Content-Type application/json", _content_type("application/json")),
    "eventually-consistent-reads": Variant(
        f"ListMailDomains and GetMailDomain show registrations and removals {READ_LAG}s late",
        lambda c: replace_seams(c, backend=LaggingReads)),
    "pages-of-one": Variant("ListMailDomains answers one domain per page, with a NextToken",
                            backend_with(list_mail_domains=_pages_of_one)),
    "deregister-unknown-refused": Variant(
        f"DeregisterMailDomain of a domain the organization does not hold answers 400 {ERRORS.INVALID_PARAMETER}",
        backend_with(deregister_mail_domain=_deregister_unknown_refused)),
    "default-domain-outside-quota": Variant(
        "every new organization holds a default test domain <alias>.awsapps.com, not counted toward the quota",
        _default_domain(counted=False)),
    "default-domain-inside-quota": Variant(
        "every new organization holds a default test domain <alias>.awsapps.com, counted toward the quota",
        _default_domain(counted=True)),
    "lowercase-storage": Variant("domains are stored and listed lower-cased, whatever the case sent",
                                 backend_with(_add_domain=_lowercase_storage)),
    "token-reuse-replayed": Variant("a ClientToken reused with other parameters is answered with the first "
                                    "request's answer, and nothing happens", backend_with(_idempotent=_token_reuse_replayed)),
    "occasional-throttling": Variant("every 7th request, of any operation, answers 400 ThrottlingException",
                                     now_and_then(Throttling, 7)),
    "occasional-503": Variant("every 9th request, of any operation, answers 503 ServiceUnavailable",
                              now_and_then(ServiceUnavailable, 9)),
    "long-suffix": Variant(f"a {len(LONG_SUFFIX)}-character --domain-suffix of two 63-character labels",
                           lambda c: c, (f"--domain-suffix={LONG_SUFFIX}",)),
    "deleting-state": Variant(f"DeleteOrganization leaves the organization Deleting for {DELETING}s before Deleted",
                              lambda c: replace_seams(c, backend=DeletingState)),
    "deleted-organizations-forgotten": Variant(
        f"a deleted organization is unknown: DescribeOrganization and RegisterMailDomain answer "
        f"{ERRORS.ORGANIZATION_NOT_FOUND}", backend_with(_organization=_deleted_forgotten)),
    "in-flight-conflict": Variant(
        "a duplicate of a registration still in flight answers TransactionInProgressException (retryable)",
        _in_flight_conflict()),
    "unknown-target-404-empty": Variant("an X-Amz-Target it does not route answers 404 with an empty body, as "
                                        "smithy-rs servers do", _unknown_target_404_empty),
}
