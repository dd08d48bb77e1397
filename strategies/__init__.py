"""Hypothesis strategies for RegisterMailDomain's members and requests, in three honest classes.

* must-accept: legal under every reading of the contract (full match, bounds) and, for DomainName,
  a realistic DNS name under the caller's suffix;
* must-reject (:class:`Defect`): breaks at least one rule under every reading, and names exactly those rules;
* implementation-defined (:class:`Ambiguous`): legal under one reading only, or matching the pattern
  without being a DNS name, labelled with the reasons (``contract.SEARCH_ONLY``, ``contract.NOT_A_DNS_NAME``).

Every bound and pattern comes from :data:`contract.CONTRACT`.
"""

from strategies._bodies import EQUIVALENT, INVALID, LENIENT, Document, pinned_documents, request_documents
from strategies._domains import (
    domain_names,
    implementation_defined_domain_names,
    longest_label_domain_name,
    max_length_domain_name,
    min_length_domain_name,
    must_reject_domain_names,
)
from strategies._labelled import Ambiguous, Defect, fullwidth
from strategies._organizations import must_reject_organization_ids, organization_ids
from strategies._tokens import (
    TokenTwins,
    client_tokens,
    every_printable_token_character,
    implementation_defined_client_tokens,
    max_length_client_token,
    min_length_client_token,
    must_reject_client_tokens,
    pinned_token_twins,
    token_twins,
)

__all__ = [
    "Document",
    "EQUIVALENT",
    "INVALID",
    "LENIENT",
    "pinned_documents",
    "request_documents",
    "Ambiguous",
    "Defect",
    "client_tokens",
    "domain_names",
    "fullwidth",
    "every_printable_token_character",
    "implementation_defined_client_tokens",
    "implementation_defined_domain_names",
    "longest_label_domain_name",
    "max_length_client_token",
    "max_length_domain_name",
    "min_length_client_token",
    "min_length_domain_name",
    "must_reject_client_tokens",
    "must_reject_domain_names",
    "must_reject_organization_ids",
    "organization_ids",
    "pinned_token_twins",
    "token_twins",
    "TokenTwins",
]
