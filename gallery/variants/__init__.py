"""Legal variants: deviations from the reference emulator's defaults that a conforming endpoint may show.

``python -m gallery serve --variant NAME`` or ``gallery.configured("variant", NAME)``. Every entry of
:data:`VARIANTS` is ``Variant(description, build, suite_args)``, `build` being Config -> Config with one seam
or setting swapped, `suite_args` the options a user of such an endpoint would pass. The conformance suite
must pass against each (tests/test_gallery.py): exit 0, every MUST passed or not applicable. A failure is a
false alarm in the suite.
"""

import collections
import dataclasses

from contract import CONTRACT, ERRORS
from gallery._shared import (ServiceUnavailable, Throttling, apply_from, backend_with, error_body, error_renamed,
                             json_bytes, now_and_then, replace_seams)
# LaggingReads and reregister_in_use are also the faults' building blocks (gallery.faults imports them here).
from gallery.variants._state import (DELETING, LONG_SUFFIX, READ_LAG, RELEASE_LAG, SLOW_ACTIVATION, AsyncRelease,
                                     DeletingState, LaggingReads, _default_domain, _deleted_forgotten,
                                     _deregister_unknown_refused, _in_flight_conflict, _lowercase_storage,
                                     _pages_of_one, _token_reuse_replayed, reregister_in_use)
from gallery.variants._wire import (_content_type, _empty_success_body, _fullmatch_no_dns, _headers, _lenient_json,
                                    _no_error_type_header, _null_members_absent, _search_semantics,
                                    _unknown_target_404_empty)

# parity: the reference-profile points (fnmatch patterns of "REQUIREMENT/point") this variant answers
# differently from the reference emulator, and no other: tests/test_gallery.py holds it to them.
Variant = collections.namedtuple("Variant", "description build suite_args parity", defaults=((), ()))


def _differs(*points):
    return {"parity": points}


def apply(name, config):
    """`config` with variant `name` applied; KeyError names the known variants."""
    return apply_from(VARIANTS, "variant", name, config)


VARIANTS = {
    "namespaced-type": Variant(
        "__type carries a namespace prefix and a :uri suffix (com.amazonaws.workmail#Name:http://...)",
        error_body(lambda e: json_bytes({"__type": f"com.amazonaws.workmail#{e.name}:http://internal.amazon.com/"
                                                   "coral/com.amazonaws.workmail/", "Message": e.message})),
        **_differs("RMD-PROTO-ERROR-TYPE/__type")),
    "lowercase-message": Variant("errors carry message instead of Message",
                                 error_body(lambda e: json_bytes({"__type": e.name, "message": e.message})),
        **_differs("RMD-PROTO-ERROR-MESSAGE/member")),
    "empty-success-body": Variant("a success has an empty body (Content-Type still sent) instead of {}",
                                  _empty_success_body(),
        **_differs("RMD-PROTO-SUCCESS-BODY/body")),
    "empty-body-without-content-type": Variant(
        "a success is HTTP 200 with an empty body and no Content-Type, exactly as the page words it",
        _empty_success_body(without_content_type=True),
        **_differs("RMD-PROTO-SUCCESS-BODY/body", "RMD-PROTO-CONTENT-TYPE/on success")),
    "slow-activation": Variant(f"organizations stay Creating for {SLOW_ACTIVATION}s",
                               lambda c: dataclasses.replace(c, activation_delay=SLOW_ACTIVATION),
        **_differs("run/organization activation")),
    "fast-activation": Variant("organizations are Active at once",
                               lambda c: dataclasses.replace(c, activation_delay=0),
        **_differs("run/organization activation")),
    "connection-close": Variant("every response carries Connection: close", _headers(("Connection", "close")),
        **_differs("run/connection")),
    "extra-headers": Variant("extra response headers (Server, x-amz-id-2, Cache-Control, Vary)",
                             _headers(("Server", "AmazonWorkMail"), ("x-amz-id-2", "abc123/def456"),
                                      ("Cache-Control", "no-cache"), ("Vary", "Accept-Encoding"))),
    "validation-exception": Variant(f"constraint violations answered {ERRORS.VALIDATION}", error_renamed(ERRORS.INVALID_PARAMETER, ERRORS.VALIDATION),
        **_differs("RMD-VAL-*/answer", "RMD-PROTO-ERROR-*/answer", "RMD-IDEM-TOKEN-OTHER-PARAMS/answer")),
    "reregister-in-use": Variant(f"the same domain again in the same organization without its token gets "
                                 f"{ERRORS.MAIL_DOMAIN_IN_USE}", backend_with(_register=reregister_in_use),
        **_differs("RMD-IDEM-REREGISTER/*")),
    "fullmatch-no-dns": Variant("patterns fully matched, but DomainName need not be a DNS name", _fullmatch_no_dns,
        **_differs("RMD-VAL-DOMAIN-READING/*")),
    "search-semantics": Variant("patterns are searched, not fully matched: 'ex_ample.x' and tokens with spaces "
                                "are accepted", _search_semantics,
        **_differs("RMD-VAL-DOMAIN-READING/*", "RMD-VAL-TOKEN-READING/*")),
    "no-error-type-header": Variant("errors name themselves in __type only, without x-amzn-ErrorType",
                                    _no_error_type_header,
        **_differs("RMD-PROTO-ERROR-TYPE/x-amzn-ErrorType header")),
    "charset-content-type": Variant(f"Content-Type {CONTRACT.content_type}; charset=utf-8",
                                    _content_type(f"{CONTRACT.content_type}; charset=utf-8"),
        **_differs("RMD-PROTO-CONTENT-TYPE/*")),
    "json-content-type": Variant("Content-Type application/json", _content_type("application/json"),
        **_differs("RMD-PROTO-CONTENT-TYPE/*")),
    "eventually-consistent-reads": Variant(
        f"ListMailDomains and GetMailDomain show registrations and removals {READ_LAG}s late",
        lambda c: replace_seams(c, backend=LaggingReads),
        **_differs("run/read lag")),
    "pages-of-one": Variant("ListMailDomains answers one domain per page, with a NextToken",
                            backend_with(list_mail_domains=_pages_of_one)),
    "deregister-unknown-refused": Variant(
        f"DeregisterMailDomain of a domain the organization does not hold answers 400 {ERRORS.INVALID_PARAMETER}",
        backend_with(deregister_mail_domain=_deregister_unknown_refused)),
    "default-domain-outside-quota": Variant(
        "every new organization holds a default test domain <alias>.awsapps.com, not counted toward the quota",
        _default_domain(counted=False),
        **_differs("RMD-QUOTA/pre-existing domains")),
    "default-domain-inside-quota": Variant(
        "every new organization holds a default test domain <alias>.awsapps.com, counted toward the quota",
        _default_domain(counted=True),
        **_differs("RMD-QUOTA/pre-existing domains")),
    "lowercase-storage": Variant("domains are stored and listed lower-cased, whatever the case sent",
                                 backend_with(_add_domain=_lowercase_storage)),
    "token-reuse-replayed": Variant("a ClientToken reused with other parameters is answered with the first "
                                    "request's answer, and nothing happens",
                                    backend_with(_idempotent=_token_reuse_replayed),
        **_differs("RMD-IDEM-TOKEN-OTHER-PARAMS/answer")),
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
        f"{ERRORS.ORGANIZATION_NOT_FOUND}", backend_with(_organization=_deleted_forgotten),
        **_differs("RMD-ORG-ERROR-AGREES-DESCRIBE/answer")),
    "in-flight-conflict": Variant(
        "a duplicate of a registration still in flight answers TransactionInProgressException (retryable)",
        _in_flight_conflict()),
    "lenient-json": Variant("a lenient JSON parser: byte order mark skipped, UTF-16 read, trailing data ignored, "
                            "NaN read", _lenient_json,
        **_differs("RMD-PROTO-BODY-LENIENCY/*")),
    "null-members-absent": Variant("JSON null members are dropped before validation: a null ClientToken is no token",
                                   _null_members_absent,
        **_differs("RMD-VAL-TOKEN-READING/null-as-absent")),
    "deregister-releases-later": Variant(
        f"a deregistered domain leaves the listing at once but stays claimed {RELEASE_LAG}s: registering it "
        f"elsewhere meanwhile answers {ERRORS.MAIL_DOMAIN_IN_USE}", lambda c: replace_seams(c, backend=AsyncRelease),
        **_differs("run/read lag")),
    "unknown-target-404-empty": Variant("an X-Amz-Target it does not route answers 404 with an empty body, as "
                                        "smithy-rs servers do", _unknown_target_404_empty,
        **_differs("RMD-PROTO-UNKNOWN-TARGET/*")),
}
