"""ClientToken values: must-accept tokens, must-reject ones, implementation-defined ones, and near twins."""

import dataclasses
import string

from hypothesis import strategies as st

from contract import CONTRACT, RULE_MAX_LENGTH, RULE_MIN_LENGTH, RULE_PATTERN, SEARCH_ONLY
from strategies._labelled import (Ambiguous, Defect, allowed_characters, as_rng, forbidden_characters, rules,
                                  type_defects)

_MEMBER = CONTRACT.members["ClientToken"]
_ALLOWED = allowed_characters(_MEMBER)
_FORBIDDEN = forbidden_characters(_MEMBER)
# Forbidden characters a human might put in a token by mistake: spaces and non-ASCII letters (not controls).
_STRAY = [c for c in _FORBIDDEN if c == " " or not c.isascii() and c.isprintable()]
_OVERSHOOT = 40



def _sized(lengths, alphabet=_ALLOWED):
    """Text of a drawn length over `alphabet` (one composite, not a flatmap that builds a strategy a draw)."""
    @st.composite
    def text(draw):
        n = draw(lengths)
        raw = draw(st.binary(min_size=n, max_size=n))
        return "".join(alphabet[b % len(alphabet)] for b in raw)
    return text()


def _text(size_lo, size_hi, alphabet=_ALLOWED):
    """Text over `alphabet`, drawn as one byte string (a draw per character cost milliseconds a token)."""
    return st.binary(min_size=size_lo, max_size=size_hi).map(lambda raw: "".join(alphabet[b % len(alphabet)]
                                                                                  for b in raw))


def client_tokens():
    """Must-accept tokens of every allowed character, each length bound drawn about a third of the time."""
    lo, hi = _MEMBER.min_length, _MEMBER.max_length
    return _sized(st.one_of(st.just(lo), st.just(hi), st.integers(lo, hi)))


def every_printable_token_character():
    """Tokens that together hold every character the pattern allows, grouped by kind, each within bounds."""
    groups = [
        [c for c in _ALLOWED if c in string.punctuation],
        [c for c in _ALLOWED if c in string.digits],
        [c for c in _ALLOWED if c in string.ascii_uppercase],
        [c for c in _ALLOWED if c in string.ascii_lowercase],
    ]
    covered = {c for group in groups for c in group}
    groups.append([c for c in _ALLOWED if c not in covered])
    tokens = []
    for group in groups:
        for start in range(0, len(group), _MEMBER.max_length):
            chunk = "".join(group[start:start + _MEMBER.max_length])
            if chunk:
                tokens.append(chunk.ljust(_MEMBER.min_length, chunk[0]))
    return tokens


def min_length_client_token(rng=None):
    """A must-accept token of exactly the minimum length (rng: random.Random, a seed, or None for seed 0)."""
    rng = as_rng(rng)
    return "".join(rng.choice(_ALLOWED) for _ in range(_MEMBER.min_length))


def max_length_client_token(rng=None):
    """A must-accept token of exactly the maximum length (rng: random.Random, a seed, or None for seed 0)."""
    rng = as_rng(rng)
    return "".join(rng.choice(_ALLOWED) for _ in range(_MEMBER.max_length))


def must_reject_client_tokens():
    """Defects of ClientToken: empty, too long, no allowed character, a non-string (it is optional, so not omitted)."""
    name, lo, hi = _MEMBER.name, _MEMBER.min_length, _MEMBER.max_length
    too_long = _sized(st.one_of(st.just(hi + 1), st.integers(hi + 1, hi + _OVERSHOOT))).map(
        lambda v: Defect(name, rules(RULE_MAX_LENGTH), v, True, f"{name} {len(v) - hi} character(s) longer than the maximum")
    )
    unusable = _text(max(lo, 1), min(hi, 20), _FORBIDDEN).map(
        lambda v: Defect(name, rules(RULE_PATTERN), v, True, f"{name} with no character its pattern allows")
    )
    parts = [too_long, unusable, type_defects(name)]
    if lo > 0:
        parts.insert(0, st.just(Defect(name, rules(RULE_MIN_LENGTH, RULE_PATTERN), "", True, f"{name} empty")))
    if lo > 1:
        parts.append(_text(1, lo - 1).map(
            lambda v: Defect(name, rules(RULE_MIN_LENGTH), v, True, f"{name} shorter than the minimum")))
    return st.one_of(parts)


@st.composite
def _with_stray_characters(draw):
    hi = _MEMBER.max_length
    base = draw(_text(max(1, _MEMBER.min_length - 1), hi - 1))
    count = draw(st.integers(1, min(3, hi - len(base))))
    chars = list(base)
    for _ in range(count):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(_STRAY)))
    return "".join(chars)


def implementation_defined_client_tokens():
    """Ambiguous tokens: printable characters plus a space or a non-ASCII letter, legal only when searched."""
    return _with_stray_characters().map(
        lambda v: Ambiguous(_MEMBER.name, frozenset({SEARCH_ONLY}), v,
                            f"{_MEMBER.name} with a space or non-ASCII character (search reading only)")
    )


# --- near-twin tokens: two different tokens as close as an implementation might fold them ----------------

@dataclasses.dataclass(frozen=True)
class TokenTwins:
    """Two distinct must-accept tokens, and how close they are (what a careless store might make equal)."""

    token: str
    twin: str
    how: str


# Characters a normaliser or a decoder might take for one another: each pair is two different tokens.
_LOOKALIKES = (("-", "_"), (".", "_"), ("0", "O"), ("1", "l"), ("+", "-"), ("~", "-"), ("%41", "A"),
               ("&amp;", "&"), ("\\", "/"), ("'", '"'))
# Where stores commonly cut a token short: a hash or index prefix, a column width, the maximum itself.
_CUTS = (16, 32, 36, 40, 64, 100, 127)


def _room(label):
    return _MEMBER.max_length - len(label)


def _twin_kinds(label):
    """(how, strategy of (token, twin)) for each way two tokens can be nearly one; every token starts with label."""
    room = _room(label)
    body = lambda lo, hi: _text(lo, hi)  # noqa: E731 - a short name for the drawing below
    kinds = [
        ("letter case", st.tuples(body(0, room - 1), st.sampled_from(string.ascii_lowercase), body(0, room - 1)).map(
            lambda p: (p[0] + p[1] + p[2], p[0] + p[1].upper() + p[2]))),
        ("the last character only", body(1, room - 1).flatmap(lambda base: st.tuples(
            st.just(base), st.sampled_from(_ALLOWED), st.sampled_from(_ALLOWED)).filter(lambda p: p[1] != p[2])).map(
            lambda p: (p[0] + p[1], p[0] + p[2]))),
        ("the first character only", body(1, room - 1).flatmap(lambda base: st.tuples(
            st.just(base), st.sampled_from(_ALLOWED), st.sampled_from(_ALLOWED)).filter(lambda p: p[1] != p[2])).map(
            lambda p: (p[1] + p[0], p[2] + p[0]))),
        ("one a prefix of the other", body(1, room - 1).flatmap(
            lambda base: st.tuples(st.just(base), st.sampled_from(_ALLOWED))).map(lambda p: (p[0], p[0] + p[1]))),
        ("look-alike characters", st.tuples(body(0, room - 8), st.sampled_from(_LOOKALIKES), body(0, room - 8)).map(
            lambda p: (p[0] + p[1][0] + p[2], p[0] + p[1][1] + p[2]))),
    ]
    for cut in (c for c in _CUTS if len(label) < c < _MEMBER.max_length):
        kinds.append((f"equal in the first {cut} characters", st.tuples(
            body(cut - len(label), cut - len(label)), body(1, _MEMBER.max_length - cut),
            body(1, _MEMBER.max_length - cut)).filter(lambda p: p[1] != p[2]).map(
            lambda p: (p[0] + p[1], p[0] + p[2]))))
    return kinds


def token_twins(label=""):
    """Pairs of distinct must-accept tokens, both starting with label, as close as a careless store might fold."""
    if len(label) > _MEMBER.max_length - 20 or any(c not in _ALLOWED for c in label):
        raise ValueError(f"label {label!r} must be printable ASCII leaving room for a token")
    return st.one_of(*(pair.map(lambda p, how=how: TokenTwins(label + p[0], label + p[1], how))
                       for how, pair in _twin_kinds(label))).filter(lambda t: t.token != t.twin)


def pinned_token_twins(label=""):
    """One pair of each kind, fixed, so each runs every time: the widest cut lengths included."""
    a, b = "a" * _room(label), "b"
    pairs = [
        TokenTwins(label + "token", label + "Token", "letter case"),
        TokenTwins(label + a[:-1] + "x", label + a[:-1] + "y", "the last character only (at the maximum length)"),
        TokenTwins(label + "x" + a[1:], label + "y" + a[1:], "the first character only (at the maximum length)"),
        TokenTwins(label + "prefix", label + "prefix" + b, "one a prefix of the other"),
        TokenTwins(label + "a-b", label + "a_b", "look-alike characters"),
        TokenTwins(label + "%41", label + "A", "a percent-encoding and what it decodes to"),
    ]
    for cut in (c for c in _CUTS if len(label) < c < _MEMBER.max_length):
        head = "c" * (cut - len(label))
        pairs.append(TokenTwins(label + head + "x", label + head + "y", f"equal in the first {cut} characters"))
    return pairs
