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
The building blocks live by family: _validation, _wire, _state, _tokens.
"""

import collections
import unicodedata

from contract import CONTRACT, ERRORS, RULE_PATTERN, RULE_REQUIRED
from emulator import models
from gallery._shared import (RACE_WINDOW, ServiceUnavailable, Throttling, apply_from, backend_with as _backend_fault,
                             error_body, error_renamed, json_bytes, now_and_then, replace_seams)
from gallery.faults._state import (STATE_CACHE, _QuotaNeverFreed, _active_allowing, _cached_active,
                                   _delete_keeps_domains, _deleted_as_not_found, _deregister_any_owner,
                                   _deregister_keeps_owner, _deregister_lowercase_only, _deregister_owner_by_spelling,
                                   _get_not_found, _in_flight_register, _lagging_beyond, _no_claim_check, _no_effect,
                                   _quota_missing, _racy_register, _quota_off_by, _second_registration,
                                   _unknown_org_as_state, _unlisted)
from gallery.faults._tokens import (_errors_replayed_as_success, _idempotent_other_params, _idempotent_reexecute,
                                    _lost_response_poisons_token, _organization_state_during_race,
                                    _retry_compared_by_prefix, _token_ignored, _token_key_by,
                                    _twin_replayed)
from gallery.faults._validation import (_tolerant_validation, _bounds, _empty_token_as_absent, _labels_under,
                                        _malformed_org_not_found, _non_ascii_crash, _normalised_domain,
                                        _org_length_unchecked, _search_only_in_use, _token_required,
                                        _uppercase_org_not_found, _validating, _validation_after_lookup)
from gallery.faults._wire import (_error_status, _escapes_refused, _header_always_invalid_parameter, _malformed_json,
                                  _member_names_without_case, _nameless_errors, _nesting_crashes, _no_content_type,
                                  _parse_body_with, _query_error_header, _sdk_blocked, _success_status,
                                  _success_text_body, _success_with_members, _unknown_target_200)

Fault = collections.namedtuple("Fault", "description primary build collateral suite_args", defaults=((), ()))

_DOMAIN, _TOKEN, _ORG = CONTRACT.domain.name, CONTRACT.token.name, CONTRACT.organization.name


def apply(name, config):
    """`config` with fault `name` applied; KeyError names the known faults."""
    return apply_from(FAULTS, "fault", name, config)


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
        "RMD-VAL-DOMAIN-MAX", _validating(members=_bounds(_DOMAIN, high_delta=1)), ("RMD-VAL-BEFORE-LOOKUP",)),
    "domain-min-minus-one-accepted": Fault(
        f"DomainName one shorter than its minimum ({CONTRACT.domain.min_length - 1}) is accepted",
        "RMD-VAL-DOMAIN-MIN", _validating(members=_bounds(_DOMAIN, low_delta=-1),
                                          skip_dns=lambda v: len(v) < CONTRACT.domain.min_length),
        ("RMD-VAL-BEFORE-LOOKUP",)),
    "domain-max-rejected": Fault(
        "DomainName of exactly the maximum length is rejected (off by one on the accept side)",
        "RMD-VAL-DOMAIN-ACCEPT", _validating(members=_bounds(_DOMAIN, high_delta=-1))),
    "domain-min-rejected": Fault(
        "DomainName of exactly the minimum length is rejected (off by one on the accept side)",
        "RMD-VAL-DOMAIN-ACCEPT", _validating(members=_bounds(_DOMAIN, low_delta=1))),
    "token-max-plus-one-accepted": Fault(
        f"ClientToken one longer than its maximum ({CONTRACT.token.max_length + 1}) is accepted",
        "RMD-VAL-TOKEN-MAX", _validating(members=_bounds(_TOKEN, high_delta=1))),
    "token-empty-accepted": Fault(
        "an empty ClientToken is taken for no token (a falsy check) instead of being refused",
        "RMD-VAL-TOKEN-MIN", _empty_token_as_absent),
    "token-max-rejected": Fault(
        "ClientToken of exactly the maximum length is rejected",
        "RMD-VAL-TOKEN-ACCEPT", _validating(members=_bounds(_TOKEN, high_delta=-1))),
    "token-min-rejected": Fault(
        "a one-character ClientToken (exactly the minimum) is rejected",
        "RMD-VAL-TOKEN-ACCEPT", _validating(members=_bounds(_TOKEN, low_delta=1))),
    # validation: must-reject classes accepted
    "domain-type-unchecked": Fault(
        "a DomainName of another JSON type (number, list, ...) is registered as its JSON text",
        "RMD-VAL-DOMAIN-TYPE", _validating(coerce={_DOMAIN}), ("RMD-VAL-BEFORE-LOOKUP",)),
    "token-type-unchecked": Fault(
        "a ClientToken of another JSON type is used as its JSON text", "RMD-VAL-TOKEN-TYPE",
        _validating(coerce={_TOKEN})),
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
        "RMD-VAL-DOMAIN-PATTERN", _validating(ignore={(_DOMAIN, RULE_PATTERN)}),
        ("RMD-VAL-BEFORE-LOOKUP", "RMD-EFFECT-DEREGISTRABLE")),
    "token-pattern-unchecked": Fault(
        "ClientToken's pattern is not checked: tokens of spaces or non-ASCII are used",
        "RMD-VAL-TOKEN-PATTERN", _validating(ignore={(_TOKEN, RULE_PATTERN)})),
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
        "RMD-VAL-ERROR-NAME", error_renamed(ERRORS.INVALID_PARAMETER, ERRORS.VALIDATION), ("RMD-SDK-MODELED-EXCEPTION",), ("--strict-errors",)),
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
        "RMD-VAL-ORG-ACCEPT", _validating(members=_bounds(_ORG, high_delta=-1))),
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
                              _backend_fault(_check_quota=_quota_off_by(1))),
    "quota-missing": Fault("the domains-per-organization quota is not enforced", "RMD-QUOTA",
                           _backend_fault(_check_quota=_quota_missing)),
    "quota-one-early": Fault(f"{M.LIMIT_EXCEEDED} one domain before the quota", "RMD-QUOTA",
                             _backend_fault(_check_quota=_quota_off_by(-1))),
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
    "error-type-header-disagrees": Fault(
        "x-amzn-ErrorType always says InvalidParameterException while __type names the real error (clients that "
        "read the header first see the wrong one)", "RMD-PROTO-ERROR-TYPE", _header_always_invalid_parameter),
    "refusal-replayed-as-success": Fault(
        "the retry of a refused request (same ClientToken) answers 200, and nothing is registered",
        "RMD-CONFLICT-OTHER-ORG", _backend_fault(_idempotent=_errors_replayed_as_success),
        ("RMD-CONFLICT-CASE",)),
    "nfkc-before-validation": Fault(
        "DomainName is NFKC-normalised before it is validated: 'ｅｘａｍｐｌｅ．ｔｅｓｔ' is taken as 'example.test'",
        "RMD-VAL-DOMAIN-PATTERN", _normalised_domain(lambda name: unicodedata.normalize("NFKC", name))),
    "trailing-dot-before-length": Fault(
        f"a trailing dot is stripped before the length is counted: {CONTRACT.domain.max_length + 1} characters "
        "ending in '.' are accepted", "RMD-VAL-DOMAIN-MAX",
        _normalised_domain(lambda name: name[:-1] if name.endswith(".") else name)),
    "deregister-case-keeps-owner": Fault(
        "a deregistration in other letter case removes the domain but leaves it claimed: no other organization "
        "can register it", "RMD-STATEFUL", _backend_fault(deregister_mail_domain=_deregister_owner_by_spelling)),
    "deregister-by-another-org-frees": Fault(
        "a deregistration in an organization that does not hold the domain frees the holder's claim",
        "RMD-CONFLICT-OTHER-ORG", _backend_fault(deregister_mail_domain=_deregister_any_owner),
        ("RMD-CONFLICT-CASE",)),
    "organization-state-cached": Fault(
        f"RegisterMailDomain caches Active for {STATE_CACHE}s: a just-deleted organization still takes registrations",
        "RMD-ORG-STATE", _backend_fault(_active_organization=_cached_active)),
    "dns-label-62": Fault("DomainName labels of 63 characters (DNS's maximum) are rejected",
                          "RMD-VAL-DOMAIN-ACCEPT", _labels_under(62)),
    "uppercase-org-id-not-found": Fault(
        f"an OrganizationId in upper-case hex is looked up and answered {M.ORGANIZATION_NOT_FOUND}",
        "RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND", _uppercase_org_not_found),
    "quota-slot-never-freed": Fault("a deregistration never gives its quota slot back", "RMD-QUOTA",
                                    lambda config: replace_seams(config, backend=_QuotaNeverFreed)),
    "token-prefix-64": Fault(
        "token records are kept under the token's first 64 characters: a second, different token sharing them is "
        "refused as a reuse", "RMD-IDEM-TWIN-TOKENS-DISTINCT", _token_key_by(lambda token: token[:64]),
        ("RMD-VAL-TOKEN-ACCEPT",)),
    "token-case-folded": Fault(
        "token records are kept under the lower-cased token: 'abc' and 'ABC' are taken for one request",
        "RMD-IDEM-TWIN-TOKENS-DISTINCT", _token_key_by(str.lower), ("RMD-VAL-TOKEN-ACCEPT",)),
    "twin-retry-compared-by-prefix": Fault(
        "a retry is compared with the newest record sharing its first 64 characters: the retry of one near-twin "
        "token is refused as a reuse of the other", "RMD-IDEM-TWIN-TOKENS-OWN-RETRY",
        _backend_fault(_idempotent=_retry_compared_by_prefix)),
    "twin-token-replayed": Fault(
        "token records are kept under the token's first 64 characters and a reuse is answered with the first "
        "request's answer: the second of two near-twin tokens answers 200 and registers nothing",
        "RMD-IDEM-TWIN-TOKENS-DISTINCT", _twin_replayed),
    "member-names-without-case": Fault(
        "member names are matched without letter case: {\"domainname\": ...} registers a domain",
        "RMD-PROTO-BODY-SHAPES", _parse_body_with(_member_names_without_case)),
    "escapes-refused": Fault(
        "a body with \\u escapes (a member name or value written as JSON allows) is refused as malformed",
        "RMD-PROTO-JSON-EQUIVALENT", _parse_body_with(_escapes_refused),
        ("RMD-VAL-DOMAIN-PATTERN", "RMD-VAL-TOKEN-PATTERN", "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER")),
    "deep-nesting-crashes": Fault(
        "a body nesting arrays deeper than the parser's recursion limit crashes the handler (HTTP 500)",
        "RMD-PROTO-NO-5XX", _parse_body_with(_nesting_crashes), ("RMD-PROTO-ERROR-TYPE",)),
    "token-reexecuted": Fault(
        "a retry with a used token runs again instead of replaying: after a deregistration it registers again",
        "RMD-IDEM-AT-MOST-ONCE", _backend_fault(_idempotent=_idempotent_reexecute)),
}
