"""Members, their rules, and the readings of their patterns.

Smithy patterns are ECMA-262 regular expressions applied with search semantics: an unanchored
pattern is satisfied by any value that contains one match. A reader of the page expects a full
match. Each value is therefore classified against both readings.
"""

import dataclasses
import re

from contract import _documented as doc

# The rules a value can break. A must-reject value breaks at least one under every reading.
RULE_REQUIRED = "required"
RULE_TYPE = "type"
RULE_MIN_LENGTH = "min_length"
RULE_MAX_LENGTH = "max_length"
RULE_PATTERN = "pattern"
RULES = (RULE_REQUIRED, RULE_TYPE, RULE_MIN_LENGTH, RULE_MAX_LENGTH, RULE_PATTERN)


def json_type_name(value):
    """The JSON type of a value as json.loads gives it: what a type rule names when a value breaks it."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: a bool is an int in Python, never in JSON
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"

# Why a value is implementation-defined: the reading under which it is legal stops short of the other.
SEARCH_ONLY = "pattern-search-only"  # legal when the pattern is searched, illegal when fully matched
NOT_A_DNS_NAME = "not-a-dns-name"  # fully matches the pattern but no resolver would accept it
# JSON null for an optional member: a type violation to a reader of the page ("Type: String"), an absent
# member to a Smithy server (servers drop null members: the AwsJson11ServersDontDeserializeNullStructureValues
# protocol test). For a required member both readings refuse it.
NULL_AS_ABSENT = "null-as-absent"

MUST_ACCEPT = "must-accept"
MUST_REJECT = "must-reject"
IMPLEMENTATION_DEFINED = "implementation-defined"

READING_FULLMATCH = "fullmatch"
READING_SEARCH = "search"

# RFC 1035 label rules, the meaning of "a realistic DNS name".
DNS_LABEL_MAX = 63
_DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")


@dataclasses.dataclass(frozen=True)
class Member:
    name: str
    min_length: int
    max_length: int
    pattern: str
    required: bool
    idempotency_token: bool

    @property
    def anchored(self):
        return self.pattern.startswith("^") and self.pattern.endswith("$")

    def matches(self, value, reading):
        """Whether a string satisfies the pattern under one reading."""
        regex = _python_regex(self.pattern)
        if reading == READING_FULLMATCH:
            return regex.fullmatch(value) is not None
        if reading == READING_SEARCH:
            return regex.search(value) is not None
        raise ValueError(f"reading must be {READING_FULLMATCH!r} or {READING_SEARCH!r}, got {reading!r}")

    def violated_rules(self, value, present=True):
        """The rules this value breaks under every reading (a must-reject value has at least one)."""
        if not present:
            return frozenset({RULE_REQUIRED}) if self.required else frozenset()
        if value is None and not self.required:
            return frozenset()  # absent under one reading, of the wrong type under the other: see ambiguities
        if not isinstance(value, str):
            return frozenset({RULE_TYPE})
        broken = set()
        if len(value) < self.min_length:
            broken.add(RULE_MIN_LENGTH)
        if len(value) > self.max_length:
            broken.add(RULE_MAX_LENGTH)
        if not self.matches(value, READING_SEARCH):
            broken.add(RULE_PATTERN)
        return frozenset(broken)

    def ambiguities(self, value):
        """Why a value within every hard rule is still not a must-accept value."""
        if value is None:
            return frozenset({NULL_AS_ABSENT})
        found = set()
        if not self.matches(value, READING_FULLMATCH):
            found.add(SEARCH_ONLY)
        if self.name == "DomainName" and not is_dns_name(value):
            found.add(NOT_A_DNS_NAME)
        return frozenset(found)

    def classify(self, value, present=True):
        """must-accept, must-reject or implementation-defined, with the reasons."""
        broken = self.violated_rules(value, present)
        if broken:
            return MUST_REJECT, broken
        if not present:
            return MUST_ACCEPT, frozenset()
        unclear = self.ambiguities(value)
        return (IMPLEMENTATION_DEFINED, unclear) if unclear else (MUST_ACCEPT, frozenset())


def is_dns_name(value):
    """At least two labels of letters, digits and inner hyphens, each 1-63 long, and a TLD that is not all digits."""
    labels = value.split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return False
    return all(len(label) <= DNS_LABEL_MAX and _DNS_LABEL.fullmatch(label) for label in labels)


_compiled = {}


def _python_regex(pattern):
    """Compile an ECMA-262 pattern for Python: `$` must not match before a trailing newline."""
    if pattern not in _compiled:
        translated = pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern
        _compiled[pattern] = re.compile(translated)
    return _compiled[pattern]


def documented_members():
    return {
        name: Member(name, low, high, pattern, required, name == doc.IDEMPOTENCY_TOKEN_MEMBER)
        for name, (low, high, pattern, required) in doc.MEMBERS.items()
    }
