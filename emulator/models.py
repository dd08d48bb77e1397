"""The emulator's state: organizations, their mail domains and the idempotency records.

Everything here is HTTP-free: methods take plain values, return plain dicts (the operation's output
members) and raise :class:`emulator.exceptions.AwsError` subclasses. One lock guards all state, and
every operation does its checks and its effect while holding it, so a check can never be overtaken
by a concurrent effect: of two racing registrations of one domain exactly one wins, and concurrent
retries with one ClientToken execute once.
"""

import base64
import binascii
import dataclasses
import hashlib
import json
import secrets
import threading
import time
import uuid

from contract import CONTRACT
from emulator.exceptions import (
    AwsError,
    InvalidParameter,
    LimitExceeded,
    MailDomainInUse,
    MailDomainNotFound,
    NameAvailability,
    OrganizationNotFound,
    OrganizationState,
)


def _known_state(name):
    """A state name, checked against the contract's list so a typo fails at import."""
    if name not in CONTRACT.organization_states:
        raise AssertionError(f"{name!r} is not one of the contract's organization states")
    return name


CREATING = _known_state("Creating")
ACTIVE = _known_state(CONTRACT.active_state)
DELETED = _known_state("Deleted")

# The emulator verifies nothing over DNS, so a registered domain is verified at once; this lets
# UpdateDefaultMailDomain work without a MailDomainStateException a client could never clear.
VERIFIED = "VERIFIED"


def canonical_domain(name):
    """The comparison key of a domain name: DNS names compare case-insensitively."""
    return name.lower()


def token_key(operation, organization_id, token):
    """Where a ClientToken's record lives: per operation, organization and token (None: no token, no record)."""
    return None if token is None else (operation, organization_id, token)


@dataclasses.dataclass
class MailDomain:
    name: str  # as first registered; comparisons use the canonical key


@dataclasses.dataclass
class Organization:
    id: str
    alias: str
    sequence: int
    directory_id: str
    kms_key_arn: str | None
    interoperability_enabled: bool
    created_at: float  # wall clock, for CompletedDate
    activates_at: float  # monotonic clock
    activation_delay: float
    deleted: bool = False
    domains: dict = dataclasses.field(default_factory=dict)  # canonical key -> MailDomain
    default_key: str | None = None

    def state(self, now):
        if self.deleted:
            return DELETED
        return ACTIVE if now >= self.activates_at else CREATING

    def completed_date(self, now):
        return self.created_at + self.activation_delay if self.state(now) != CREATING else None


@dataclasses.dataclass(frozen=True)
class TokenRecord:
    fingerprint: object
    outcome: object  # the output dict, or the AwsError the first request raised

    def replay(self):
        if isinstance(self.outcome, AwsError):
            # A fresh instance: the stored one may be raised concurrently by another thread.
            raise type(self.outcome)(self.outcome.message)
        return dict(self.outcome)


class Backend:
    """All organizations of one emulated account and region."""

    def __init__(self, config):
        self.config = config
        self._lock = threading.Lock()
        self._organizations = {}  # id -> Organization, in creation order
        self._owners = {}  # canonical domain key -> organization id
        self._aliases = {}  # lower-cased alias of a non-deleted organization -> organization id
        self._tokens = {}  # token_key(...) -> TokenRecord; never dropped, see README
        self._sequence = 0
        self._record_seed = secrets.token_bytes(16)  # makes DNS record values unguessable but stable

    # --- shared steps ---------------------------------------------------------------------------

    def _domain_key(self, name):
        return self.config.seams.domain_key(name)

    def _idempotent(self, operation, organization_id, token, fingerprint, action):
        """Run `action` once per token; replay its first outcome; refuse the token with other parameters."""
        key = self.config.seams.token_key(operation, organization_id, token)
        if key is None:
            return action()
        record = self._tokens.get(key)
        if record is not None:
            if record.fingerprint != fingerprint:
                raise InvalidParameter(
                    f"ClientToken {token!r} was already used for a {operation} request with other parameters; "
                    "a token may only be reused to retry the same request")
            return record.replay()
        try:
            outcome = action()
        except AwsError as error:
            self._tokens[key] = TokenRecord(fingerprint, error)
            raise
        self._tokens[key] = TokenRecord(fingerprint, dict(outcome))
        return outcome

    def _organization(self, organization_id):
        organization = self._organizations.get(organization_id)
        if organization is None:
            raise OrganizationNotFound(f"Organization {organization_id} does not exist.")
        return organization

    def _active_organization(self, organization_id, operation):
        organization = self._organization(organization_id)
        state = organization.state(time.monotonic())
        if state != ACTIVE:
            raise OrganizationState(
                f"Organization {organization_id} is in state {state}; {operation} needs an organization "
                f"in state {ACTIVE}.")
        return organization

    def _claimable(self, organization_id, key, name):
        """Raise MailDomainInUse if another organization owns the domain."""
        owner = self._owners.get(key)
        if owner is not None and owner != organization_id:
            raise MailDomainInUse(f"The domain {name} is already registered to another organization.")

    def _add_domain(self, organization, key, name):
        organization.domains[key] = MailDomain(name)
        self._owners[key] = organization.id

    def _release_domains(self, organization):
        for key in organization.domains:
            self._owners.pop(key, None)
        organization.domains.clear()
        organization.default_key = None

    # --- organizations --------------------------------------------------------------------------

    def create_organization(self, alias, directory_id=None, token=None, domains=(), kms_key_arn=None,
                            interoperability_enabled=False):
        fingerprint = (alias, directory_id, tuple(domains), kms_key_arn, interoperability_enabled)
        with self._lock:
            return self._idempotent(
                "CreateOrganization", None, token, fingerprint,
                lambda: self._create_organization(alias, directory_id, domains, kms_key_arn,
                                                  interoperability_enabled))

    def _create_organization(self, alias, directory_id, domains, kms_key_arn, interoperability_enabled):
        if alias.lower() in self._aliases:
            raise NameAvailability(f"The alias {alias} is already in use by another organization.")
        organization_id = "m-" + uuid.uuid4().hex
        wanted = {}
        for name in domains:
            key = self._domain_key(name)
            self._claimable(organization_id, key, name)
            wanted.setdefault(key, name)
        if len(wanted) > self.config.max_domains_per_org:
            raise LimitExceeded(f"An organization may have at most {self.config.max_domains_per_org} mail domains; "
                                f"{len(wanted)} were requested.")
        self._sequence += 1
        delay = self.config.activation_delay
        organization = Organization(
            id=organization_id, alias=alias, sequence=self._sequence,
            directory_id=directory_id or "d-" + secrets.token_hex(5),
            kms_key_arn=kms_key_arn, interoperability_enabled=interoperability_enabled,
            created_at=time.time(), activates_at=time.monotonic() + delay, activation_delay=delay)
        for key, name in wanted.items():
            self._add_domain(organization, key, name)
        self._organizations[organization_id] = organization
        self._aliases[alias.lower()] = organization_id
        return {"OrganizationId": organization_id}

    def describe_organization(self, organization_id):
        with self._lock:
            organization = self._organization(organization_id)
            return self._description(organization, time.monotonic())

    def _description(self, organization, now):
        described = {
            "OrganizationId": organization.id,
            "Alias": organization.alias,
            "State": organization.state(now),
            "DirectoryId": organization.directory_id,
            "ARN": self.organization_arn(organization.id),
            "InteroperabilityEnabled": organization.interoperability_enabled,
        }
        completed = organization.completed_date(now)
        if completed is not None:
            described["CompletedDate"] = completed
        default = organization.domains.get(organization.default_key)
        if default is not None:
            described["DefaultMailDomain"] = default.name
        return described

    def organization_arn(self, organization_id):
        return f"arn:aws:workmail:{self.config.region}:{self.config.account_id}:organization/{organization_id}"

    def list_organizations(self, max_results, next_token):
        with self._lock:
            now = time.monotonic()
            ordered = [(org.sequence, org) for org in self._organizations.values()]
            page, token = _page(ordered, max_results, next_token, scope="organizations", key_type=int)
            summaries = []
            for organization in page:
                described = self._description(organization, now)
                summary = {name: described[name] for name in ("OrganizationId", "Alias", "State")}
                if "DefaultMailDomain" in described:
                    summary["DefaultMailDomain"] = described["DefaultMailDomain"]
                summaries.append(summary)
            return _with_token({"OrganizationSummaries": summaries}, token)

    def delete_organization(self, organization_id, delete_directory, token=None, force_delete=False):
        fingerprint = (delete_directory, force_delete)
        with self._lock:
            return self._idempotent("DeleteOrganization", organization_id, token, fingerprint,
                                    lambda: self._delete_organization(organization_id))

    def _delete_organization(self, organization_id):
        organization = self._organization(organization_id)
        if organization.deleted:
            raise OrganizationState(f"Organization {organization_id} is already {DELETED}.")
        organization.deleted = True
        self._release_domains(organization)
        self._aliases.pop(organization.alias.lower(), None)
        return {"OrganizationId": organization_id, "State": DELETED}

    # --- mail domains ---------------------------------------------------------------------------

    def register_mail_domain(self, organization_id, domain_name, token=None):
        operation = CONTRACT.operation
        with self._lock:
            return self._idempotent(operation, organization_id, token, self._domain_key(domain_name),
                                    lambda: self._register(organization_id, domain_name))

    def _register(self, organization_id, name):
        organization = self._active_organization(organization_id, CONTRACT.operation)
        key = self._domain_key(name)
        self._claimable(organization_id, key, name)
        if key in organization.domains:
            return {}  # already registered here: success, still one registration
        self._check_quota(organization)
        self._add_domain(organization, key, name)
        return {}

    def _check_quota(self, organization):
        """Raise LimitExceeded when the organization may hold no more domains (a subclass may count otherwise)."""
        limit = self.config.max_domains_per_org
        if len(organization.domains) >= limit:
            raise LimitExceeded(f"Organization {organization.id} already has {len(organization.domains)} mail "
                                f"domains, the most it may have ({limit}).")

    def deregister_mail_domain(self, organization_id, domain_name):
        with self._lock:
            organization = self._active_organization(organization_id, "DeregisterMailDomain")
            key = self._domain_key(domain_name)
            if key not in organization.domains:
                return {}  # the model lists no MailDomainNotFoundException here: removing nothing succeeds
            if key == organization.default_key:
                raise MailDomainInUse(f"The domain {domain_name} is the default mail domain of organization "
                                      f"{organization_id}; make another domain the default first.")
            del organization.domains[key]
            self._owners.pop(key, None)
            return {}

    def _domain_of(self, organization, domain_name):
        domain = organization.domains.get(self._domain_key(domain_name))
        if domain is None:
            raise MailDomainNotFound(f"The domain {domain_name} is not registered to organization "
                                     f"{organization.id}.")
        return domain

    def get_mail_domain(self, organization_id, domain_name):
        with self._lock:
            organization = self._active_organization(organization_id, "GetMailDomain")
            domain = self._domain_of(organization, domain_name)
            return {
                "Records": dns_records(domain.name, self.config.region, self._record_seed + organization.id.encode()),
                "IsTestDomain": False,
                "IsDefault": self._domain_key(domain.name) == organization.default_key,
                "OwnershipVerificationStatus": VERIFIED,
                "DkimVerificationStatus": VERIFIED,
            }

    def list_mail_domains(self, organization_id, max_results, next_token):
        with self._lock:
            organization = self._active_organization(organization_id, "ListMailDomains")
            ordered = sorted(organization.domains.items())
            page, token = _page(ordered, max_results, next_token, scope=organization_id, key_type=str)
            domains = [{"DomainName": domain.name, "DefaultDomain": self._domain_key(domain.name) ==
                        organization.default_key} for domain in page]
            return _with_token({"MailDomains": domains}, token)

    def update_default_mail_domain(self, organization_id, domain_name):
        with self._lock:
            organization = self._active_organization(organization_id, "UpdateDefaultMailDomain")
            self._domain_of(organization, domain_name)
            organization.default_key = self._domain_key(domain_name)
            return {}

    # --- for tests and tools --------------------------------------------------------------------

    def registered_domains(self, organization_id):
        """The names registered to an organization, as stored (test helper; takes the lock)."""
        with self._lock:
            return [domain.name for domain in self._organization(organization_id).domains.values()]


def dns_records(name, region, seed):
    """Records a domain owner would publish: SES verification, MX, autodiscover, DKIM, SPF, DMARC.

    Derived from the seed and the canonical name rather than stored, so a registration costs no
    randomness and GetMailDomain answers the same records each time.
    """
    digest = hashlib.sha256(seed + canonical_domain(name).encode()).digest()
    verification = base64.b64encode(digest).decode()
    selectors = [hashlib.sha256(digest + bytes([index])).hexdigest()[:32] for index in range(3)]
    records = [
        {"Type": "TXT", "Hostname": f"_amazonses.{name}", "Value": verification},
        {"Type": "MX", "Hostname": name, "Value": f"10 inbound-smtp.{region}.amazonaws.com."},
        {"Type": "CNAME", "Hostname": f"autodiscover.{name}", "Value": f"autodiscover.mail.{region}.awsapps.com."},
    ]
    for selector in selectors:
        records.append({"Type": "CNAME", "Hostname": f"{selector}._domainkey.{name}",
                        "Value": f"{selector}.dkim.amazonses.com."})
    records.append({"Type": "TXT", "Hostname": name, "Value": "v=spf1 include:amazonses.com ~all"})
    records.append({"Type": "TXT", "Hostname": f"_dmarc.{name}", "Value": "v=DMARC1;p=quarantine;pct=100;fo=1"})
    return records


# --- paging ---------------------------------------------------------------------------------------

def _page(ordered, max_results, next_token, scope, key_type):
    """One page of (sort key, item) pairs after the token's cursor, and the token for the next page.

    The cursor is the last sort key returned, not an offset, so items removed between pages never
    make a later page skip one. A token is bound to its listing (`scope`).
    """
    after = _decode_token(next_token, scope, key_type) if next_token is not None else None
    remaining = [(key, item) for key, item in ordered if after is None or key > after]
    page = remaining[:max_results]
    token = _encode_token(scope, page[-1][0]) if len(remaining) > max_results else None
    return [item for _, item in page], token


def _encode_token(scope, after):
    return base64.urlsafe_b64encode(json.dumps([scope, after]).encode()).decode()


def _decode_token(token, scope, key_type):
    try:
        token_scope, after = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError, binascii.Error, UnicodeError, RecursionError):
        token_scope, after = None, None
    # The cursor's type must be the listing's key type, or comparing it with the keys would fail.
    if token_scope != scope or type(after) is not key_type:
        raise InvalidParameter("NextToken is not a token this listing issued.")
    return after


def _with_token(output, token):
    if token is not None:
        output["NextToken"] = token
    return output
