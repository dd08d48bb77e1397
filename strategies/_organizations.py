"""OrganizationId values: well-formed ids and must-reject ones.

The anchored pattern leaves no implementation-defined OrganizationId: a value fully matches it or
breaks it under every reading. The id's structure (a fixed prefix, then a run of hex digits) is read
off the contract's pattern by substituting characters into a well-formed id, not written here.
"""

import functools
import string

from hypothesis import strategies as st

from contract import CONTRACT, MUST_ACCEPT, READING_FULLMATCH, RULE_MAX_LENGTH, RULE_MIN_LENGTH, RULE_PATTERN
from strategies._labelled import Defect, omitted_defect, rules, type_defects

_MEMBER = CONTRACT.members["OrganizationId"]
_SCANNED = [chr(code) for code in range(0x80)]


# Built once, on first use: every malformed id starts as a drawn well-formed one, and building a regex
# strategy anew for each draw (and validating it) cost as much as the draw itself.
@functools.cache
def organization_ids():
    """Well-formed ids (for "unknown organization" checks), generated from the contract's anchored pattern."""
    if not _MEMBER.anchored:
        raise ValueError(f"{_MEMBER.name}'s pattern is not anchored; from_regex would need another reading")
    return st.from_regex(_MEMBER.pattern, fullmatch=True).filter(lambda v: _MEMBER.classify(v)[0] == MUST_ACCEPT)


def _alphabet_at(value, at):
    return frozenset(c for c in _SCANNED if _MEMBER.matches(value[:at] + c + value[at + 1:], READING_FULLMATCH))


_SPLIT = {}


def _split_rule(sample):
    """(prefix length, body alphabet) read from a well-formed id: the body is the trailing run of free positions.

    Worked out once per id length, from the first id drawn.
    """
    if len(sample) in _SPLIT:
        return _SPLIT[len(sample)]
    alphabets = [_alphabet_at(sample, at) for at in range(len(sample))]
    start = len(sample)
    while start > 0 and len(alphabets[start - 1]) > 1:
        start -= 1
    body_alphabet = frozenset.intersection(*alphabets[start:]) if start < len(sample) else frozenset()
    _SPLIT[len(sample)] = start, body_alphabet
    return start, body_alphabet


def _defect(value, label, *names):
    return Defect(_MEMBER.name, rules(*names), value, True, f"{_MEMBER.name} {label}")


_KINDS = ("short", "long", "upper", "letter", "prefix")


@st.composite
def _malformed(draw, kind):
    """A well-formed id broken one way: one character short or long, uppercase hex, a non-hex letter, another prefix."""
    value = draw(organization_ids())
    cut, body_alphabet = _split_rule(value)
    prefix, body = value[:cut], value[cut:]
    hex_letters = sorted(c for c in body_alphabet if c.isalpha() and c.islower())
    non_body_letters = sorted(c for c in string.ascii_lowercase if c not in body_alphabet)
    if kind == "short":
        at = draw(st.integers(0, len(value) - 1))
        short = (value[:at] + value[at + 1:])[:_MEMBER.min_length - 1]
        return _defect(short, "one character shorter than the minimum", RULE_MIN_LENGTH, RULE_PATTERN)
    if kind == "long":
        filler = sorted(body_alphabet) or [value[-1]]
        size = _MEMBER.max_length + 1 - len(value)
        extra = draw(st.text(st.sampled_from(filler), min_size=size, max_size=size))
        at = draw(st.integers(len(prefix), len(value)))
        return _defect(value[:at] + extra + value[at:], "one character longer than the maximum",
                       RULE_MAX_LENGTH, RULE_PATTERN)
    if kind == "upper" and body and hex_letters:
        at = draw(st.integers(0, len(body) - 1))
        body = body[:at] + draw(st.sampled_from(hex_letters)) + body[at + 1:]
        return _defect(prefix + body.upper(), "with uppercase hex digits", RULE_PATTERN)
    if kind == "letter" and body and non_body_letters:
        at = draw(st.integers(0, len(body) - 1))
        letter = draw(st.sampled_from(non_body_letters))
        return _defect(prefix + body[:at] + letter + body[at + 1:], f"with the non-hex letter {letter!r}", RULE_PATTERN)
    others = _other_prefixes(prefix)
    if not others:  # no fixed prefix to change: uppercase the whole id instead
        return _defect(value.upper(), "in uppercase", RULE_PATTERN)
    other = draw(st.sampled_from(others))
    return _defect(other + body, f"with prefix {other!r} instead of {prefix!r}", RULE_PATTERN)


def _other_prefixes(prefix):
    """Prefixes of the same length that a careless client might send: another letter, other case, other separator."""
    if not prefix:
        return []
    candidates = [prefix.upper(), "o" + prefix[1:], "d" + prefix[1:], prefix[:-1] + "_"]
    return sorted({c for c in candidates if c != prefix and len(c) == len(prefix)})


def must_reject_organization_ids():
    """Defects of OrganizationId: wrong length, off its anchored pattern, empty, a non-string, omitted."""
    return st.one_of(
        *(_malformed(kind) for kind in _KINDS),
        st.just(_defect("", "empty", RULE_MIN_LENGTH, RULE_PATTERN)),
        type_defects(_MEMBER.name),
        st.just(omitted_defect(_MEMBER.name)),
    )
