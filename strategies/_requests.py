"""Whole request bodies, as sent on the wire: valid ones, and valid ones with exactly one defect."""

from hypothesis import strategies as st

from contract import CONTRACT, MUST_ACCEPT
from strategies._domains import domain_names, must_reject_domain_names
from strategies._organizations import must_reject_organization_ids
from strategies._tokens import client_tokens, must_reject_client_tokens


def _check_organization(organization_id):
    kind, why = CONTRACT.organization.classify(organization_id)
    if kind != MUST_ACCEPT:
        raise ValueError(f"organization_id {organization_id!r} is {kind} ({', '.join(sorted(why))})")
    return organization_id


def valid_requests(organization_id, suffix, with_token=None):
    """Must-accept bodies under suffix; ClientToken present at random unless with_token is True or False."""
    _check_organization(organization_id)
    domain = CONTRACT.domain.name
    organization = CONTRACT.organization.name
    token = CONTRACT.idempotency_token_member.name
    base = domain_names(suffix).map(lambda name: {domain: name, organization: organization_id})
    present = st.booleans() if with_token is None else st.just(bool(with_token))
    return st.tuples(base, present, client_tokens()).map(
        lambda p: {**p[0], token: p[2]} if p[1] else p[0]
    )


def requests_with_one_defect(organization_id, suffix):
    """(body, Defect): a valid body with exactly one must-reject defect applied, in any member."""
    defects = st.one_of(
        must_reject_domain_names(suffix), must_reject_client_tokens(), must_reject_organization_ids()
    )
    return st.tuples(valid_requests(organization_id, suffix), defects).map(lambda p: (p[1].apply(p[0]), p[1]))
