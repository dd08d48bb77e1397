"""Coverage matrix: every behaviour the specification page states, and the requirements that check it.

The behaviours are derived from contract.CONTRACT (each member's constraints, each documented error, the
success response, the idempotency token), so a new constraint appears here by itself; the mapping to
requirement IDs is the small explicit table below. A behaviour no requirement checks is "uncovered".
"""

from contract import CONTRACT, ERRORS
from conformance.catalogue import MEMBER_PREFIX


# Behaviour key -> requirement IDs. Member constraints are keyed "<Member>.<constraint>".
MAPPING = {
    **{f"{member}.{constraint}": (f"RMD-VAL-{prefix}-{suffix}",)
       for member, prefix in MEMBER_PREFIX.items()
       for constraint, suffix in (("min_length", "MIN"), ("max_length", "MAX"), ("pattern", "PATTERN"),
                                  ("type", "TYPE"))},
    "DomainName.required": ("RMD-VAL-DOMAIN-REQUIRED",),
    "OrganizationId.required": ("RMD-VAL-ORG-REQUIRED",),
    "ClientToken.optional": ("RMD-VAL-TOKEN-OPTIONAL",),
    "DomainName.pattern": ("RMD-VAL-DOMAIN-PATTERN", "RMD-VAL-DOMAIN-ACCEPT", "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER"),
    "ClientToken.pattern": ("RMD-VAL-TOKEN-PATTERN", "RMD-VAL-TOKEN-ACCEPT", "RMD-VAL-IMPLEMENTATION-DEFINED-ANSWER"),
    "OrganizationId.pattern": ("RMD-VAL-ORG-PATTERN", "RMD-VAL-ORG-ACCEPT", "RMD-VAL-ORG-MALFORMED-NOT-NOTFOUND"),
    f"error.{ERRORS.INVALID_PARAMETER}": ("RMD-VAL-ERROR-NAME", "RMD-PROTO-ERROR-STATUS", "RMD-PROTO-ERROR-TYPE",
                                          "RMD-VAL-BEFORE-LOOKUP"),
    f"error.{ERRORS.LIMIT_EXCEEDED}": ("RMD-QUOTA",),
    f"error.{ERRORS.MAIL_DOMAIN_IN_USE}": ("RMD-CONFLICT-OTHER-ORG", "RMD-CONFLICT-CASE", "RMD-CONC-TWO-ORGS"),
    f"error.{ERRORS.ORGANIZATION_NOT_FOUND}": ("RMD-ORG-NOT-FOUND", "RMD-ORG-ERROR-AGREES-DESCRIBE"),
    f"error.{ERRORS.ORGANIZATION_STATE}": ("RMD-ORG-STATE", "RMD-ORG-CREATING", "RMD-ORG-ERROR-AGREES-DESCRIBE"),
    "success.response": ("RMD-PROTO-SUCCESS-STATUS", "RMD-PROTO-SUCCESS-BODY", "RMD-PROTO-SUCCESS-NO-MEMBERS",
                         "RMD-PROTO-CONTENT-TYPE", "RMD-SDK-SUCCESS", "RMD-EFFECT-LISTED", "RMD-EFFECT-GET"),
    f"idempotency.{CONTRACT.idempotency_token_member.name}": (
        "RMD-IDEM-RETRY", "RMD-IDEM-LOST-RESPONSE", "RMD-IDEM-ONE-EFFECT-PER-TOKEN", "RMD-IDEM-AT-MOST-ONCE",
        "RMD-IDEM-TWIN-TOKENS-DISTINCT", "RMD-IDEM-TWIN-TOKENS-OWN-RETRY", "RMD-CONC-IDENTICAL"),
}


def behaviours(contract=CONTRACT):
    """(key, description) for every behaviour the page states, derived from the contract."""
    found = []
    for name, m in contract.members.items():
        if m.min_length is not None:
            found.append((f"{name}.min_length", f"{name}: minimum length {m.min_length}"))
        if m.max_length is not None:
            found.append((f"{name}.max_length", f"{name}: maximum length {m.max_length}"))
        if m.pattern is not None:
            found.append((f"{name}.pattern", f"{name}: pattern {m.pattern}"))
        found.append((f"{name}.type", f"{name}: type String"))
        if m.required:
            found.append((f"{name}.required", f"{name}: required"))
        else:
            found.append((f"{name}.optional", f"{name}: not required (may be left out)"))
    for error, status in contract.errors.items():
        found.append((f"error.{error}", f"error {error} (HTTP {status})"))
    found.append(("success.response", f"success: HTTP {contract.success_status}, no output members"))
    token = contract.idempotency_token_member.name
    found.append((f"idempotency.{token}", f"{token} is an idempotency token: retries have one effect"))
    return found


def matrix(table=None, contract=CONTRACT):
    """One row per behaviour: key, description, requirement IDs and (given a verdict table) their verdicts."""
    rows = []
    for key, description in behaviours(contract):
        ids = list(MAPPING.get(key, ()))
        row = {"behaviour": key, "description": description, "requirements": ids}
        if table is not None:
            row["verdicts"] = {rid: table[rid].verdict for rid in ids if rid in table}
        rows.append(row)
    return rows


def uncovered(contract=CONTRACT):
    return [key for key, _ in behaviours(contract) if not MAPPING.get(key)]
