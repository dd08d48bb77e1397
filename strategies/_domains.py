"""DomainName values: must-accept names under a caller's suffix, must-reject and implementation-defined ones.

Every generated name ends with "." + suffix, except the minimum-length names (too short to carry one),
the too-short and no-allowed-character defects, and the implementation-defined names whose point is
to have no usable parent (numeric TLD, single label). None of those can be a registrable domain.
"""


from hypothesis import strategies as st

from contract import (
    CONTRACT,
    DNS_LABEL_MAX,
    NOT_A_DNS_NAME,
    RULE_MAX_LENGTH,
    RULE_MIN_LENGTH,
    RULE_PATTERN,
    SEARCH_ONLY,
    is_dns_name,
)
from strategies._labelled import (
    Ambiguous,
    Defect,
    as_rng,
    allowed_characters,
    forbidden_characters,
    fullwidth,
    omitted_defect,
    rules,
    type_defects,
)

_MEMBER = CONTRACT.members["DomainName"]
_ALLOWED = allowed_characters(_MEMBER)
# DNS (RFC 1035) label characters, kept to those the pattern allows.
_HYPHEN = "-"
_ALNUM = [c for c in _ALLOWED if c.isascii() and c.isalnum()]
_INNER = _ALNUM + ([_HYPHEN] if _HYPHEN in _ALLOWED else [])
_LETTERS = [c for c in _ALNUM if c.isalpha()]
_DIGITS = [c for c in _ALNUM if c.isdigit()]
_FORBIDDEN = forbidden_characters(_MEMBER)
# How far past the maximum the too-long defects reach.
_OVERSHOOT = 40
# IPv4 documentation ranges (RFC 5737): dotted quads that route nowhere.
_TEST_NETS = ("192.0.2", "198.51.100", "203.0.113")


def _check_suffix(suffix, room=1):
    if not isinstance(suffix, str) or not is_dns_name(suffix):
        raise ValueError(f"suffix must be a DNS name, got {suffix!r}")
    if len(suffix) + 1 + room > _MEMBER.max_length:
        raise ValueError(f"suffix {suffix!r} leaves no room for a label within {_MEMBER.name}'s maximum length")
    return suffix


def _room(suffix):
    """How many characters a prefix (labels and dots) may take before "." + suffix."""
    return _MEMBER.max_length - len(suffix) - 1


def _shortest(suffix):
    return max(_MEMBER.min_length, len(suffix) + 2)


# --- label building, shared by Hypothesis strategies and the seeded helpers ---------------------

def _label_lengths(length, choose):
    """Split a prefix of `length` characters into DNS label lengths; `choose(lo, hi)` picks an int."""
    lengths = []
    remaining = length
    while remaining > 0:
        if remaining <= DNS_LABEL_MAX:
            n = choose(1, remaining)
            if n == remaining - 1:  # would leave a dot with nothing after it
                n = remaining
        else:
            n = choose(1, min(DNS_LABEL_MAX, remaining - 2))
        lengths.append(n)
        remaining -= n + (1 if remaining > n else 0)
    return lengths


def _random_label(rng, n):
    if n == 1:
        return rng.choice(_ALNUM)
    return rng.choice(_ALNUM) + "".join(rng.choice(_INNER) for _ in range(n - 2)) + rng.choice(_ALNUM)


def _random_prefix(rng, length):
    return ".".join(_random_label(rng, n) for n in _label_lengths(length, rng.randint))


def _labels_from_bytes(raw, lengths):
    """Labels of the given lengths spelled from raw bytes: an inner character per byte, letters or digits at
    each end. One byte string draws a whole name at once: a draw per character cost milliseconds a name."""
    labels, at = [], 0
    for n in lengths:
        chunk = raw[at:at + n]
        at += n
        labels.append("".join((_ALNUM if i in (0, n - 1) else _INNER)[b % len(_ALNUM if i in (0, n - 1) else _INNER)]
                              for i, b in enumerate(chunk)))
    return labels


def _label(n):
    """Strategy: one DNS label of exactly n characters."""
    return st.binary(min_size=n, max_size=n).map(lambda raw: _labels_from_bytes(raw, [n])[0])


def _draw_prefix(draw, length):
    """Labels joined by dots, exactly `length` characters, every label valid."""
    lengths = _label_lengths(length, lambda lo, hi: draw(st.integers(lo, hi)))
    raw = draw(st.binary(min_size=sum(lengths), max_size=sum(lengths)))
    return ".".join(_labels_from_bytes(raw, lengths))


@st.composite
def _names(draw, lengths, suffix):
    """Names of a drawn total length ending in "." + suffix (one composite: a flatmap built a strategy a draw)."""
    total = draw(lengths)
    return f"{_draw_prefix(draw, total - len(suffix) - 1)}.{suffix}"


def _biased_length(lo, hi):
    """An int in [lo, hi], with each bound drawn about a third of the time."""
    return st.one_of(st.just(hi), st.just(lo), st.integers(lo, hi))


# --- must-accept ---------------------------------------------------------------------------------

def domain_names(suffix):
    """Must-accept names ending in "." + suffix, from the shortest such name up to the maximum length."""
    _check_suffix(suffix)
    return _names(_biased_length(_shortest(suffix), _MEMBER.max_length), suffix)



def max_length_domain_name(suffix, rng=None):
    """A must-accept name of exactly the maximum length under suffix (rng: random.Random, a seed, or None for seed 0)."""
    _check_suffix(suffix)
    return f"{_random_prefix(as_rng(rng), _room(suffix))}.{suffix}"


def longest_label_domain_name(suffix, rng=None):
    """A must-accept name under suffix whose first label is as long as DNS allows, or as the room leaves."""
    _check_suffix(suffix)
    rng = as_rng(rng)
    return f"{_random_label(rng, min(DNS_LABEL_MAX, _room(suffix)))}.{suffix}"


def _short_parts():
    tld_length = _MEMBER.min_length - 2  # one-character label, a dot, the TLD
    if tld_length < 1:
        raise ValueError(f"{_MEMBER.name}'s minimum length leaves no room for two labels")
    return tld_length


def min_length_domain_name(rng):
    """A must-accept name of exactly the minimum length (one-character label, dot, alphabetic TLD)."""
    rng = as_rng(rng)
    return rng.choice(_ALNUM) + "." + "".join(rng.choice(_LETTERS) for _ in range(_short_parts()))


# --- must-reject ---------------------------------------------------------------------------------

def _too_short():
    return st.text(st.sampled_from(_ALLOWED), min_size=1, max_size=_MEMBER.min_length - 1).map(
        lambda v: Defect(_MEMBER.name, rules(RULE_MIN_LENGTH), v, True,
                         f"{_MEMBER.name} {_MEMBER.min_length - len(v)} character(s) shorter than the minimum")
    )


def _too_long(suffix):
    hi = _MEMBER.max_length
    lengths = st.one_of(st.just(hi + 1), st.integers(hi + 1, hi + _OVERSHOOT))
    return _names(lengths, suffix).map(
        lambda name: Defect(_MEMBER.name, rules(RULE_MAX_LENGTH), name, True,
                            f"{_MEMBER.name} {len(name) - hi} character(s) longer than the maximum"))


def _too_long_absolute(suffix):
    """A name of exactly the maximum length plus the trailing dot of the absolute form: one character too long,
    unless an implementation strips the dot before it counts."""
    return _names(st.just(_MEMBER.max_length), suffix).map(
        lambda name: Defect(_MEMBER.name, rules(RULE_MAX_LENGTH), f"{name}.", True,
                            f"{_MEMBER.name} of the maximum length plus a trailing dot"))


def _fullwidth_names():
    """A DNS name spelled in fullwidth forms: no character the pattern allows, under any reading, and an ASCII
    name once NFKC-normalised (an implementation that normalises before it validates lets it in)."""
    return st.tuples(_short_label(12), _short_label(8)).map(
        lambda p: Defect(_MEMBER.name, rules(RULE_PATTERN), fullwidth(f"{p[0]}.{p[1]}x"), True,
                         f"{_MEMBER.name} in fullwidth forms (an ASCII name after NFKC)"))


def _no_allowed_character():
    hi = min(_MEMBER.max_length, _MEMBER.min_length + 20)
    return st.text(st.sampled_from(_FORBIDDEN), min_size=_MEMBER.min_length, max_size=hi).map(
        lambda v: Defect(_MEMBER.name, rules(RULE_PATTERN), v, True,
                         f"{_MEMBER.name} with no character its pattern allows")
    )


def must_reject_domain_names(suffix):
    """Defects of DomainName: too short, too long (a trailing dot too), no allowed character, empty, omitted."""
    _check_suffix(suffix)
    return st.one_of(
        _too_short(),
        _too_long(suffix),
        _too_long_absolute(suffix),
        _no_allowed_character(),
        _fullwidth_names(),
        st.just(Defect(_MEMBER.name, rules(RULE_MIN_LENGTH, RULE_PATTERN), "", True, f"{_MEMBER.name} empty")),
        type_defects(_MEMBER.name),
        st.just(omitted_defect(_MEMBER.name)),
    )


# --- implementation-defined ----------------------------------------------------------------------

def _ambiguous(value, label, *reasons):
    return Ambiguous(_MEMBER.name, frozenset(reasons), value, label)


def _short_label(max_size):
    return st.integers(1, max(1, min(12, max_size))).flatmap(_label)


def implementation_defined_domain_names(suffix):
    """Ambiguous DomainNames: outside the full-match reading, or matching the pattern without being DNS names."""
    _check_suffix(suffix)
    room = _room(suffix)
    kinds = []
    if room >= 3:
        # A label with a character the pattern does not allow: `ex_ample.<suffix>`.
        kinds.append(
            st.tuples(_short_label((room - 1) // 2), st.sampled_from(_FORBIDDEN), _short_label((room - 1) // 2)).map(
                lambda p: _ambiguous(f"{p[0]}{p[1]}{p[2]}.{suffix}",
                                     f"{_MEMBER.name} with {p[1]!r} inside a label (search reading only)",
                                     SEARCH_ONLY, NOT_A_DNS_NAME)
            )
        )
    if room >= 4:
        # An empty label: `a..b.<suffix>`.
        kinds.append(
            st.tuples(_short_label((room - 2) // 2), _short_label((room - 2) // 2)).map(
                lambda p: _ambiguous(f"{p[0]}..{p[1]}.{suffix}", f"{_MEMBER.name} with an empty label", NOT_A_DNS_NAME)
            )
        )
    if room >= 2:
        # A hyphen at either end of a label: `-ab.<suffix>`, `ab-.<suffix>`.
        kinds.append(
            st.tuples(_short_label(room - 1), st.booleans()).map(
                lambda p: _ambiguous(
                    (f"{_HYPHEN}{p[0]}" if p[1] else f"{p[0]}{_HYPHEN}") + f".{suffix}",
                    f"{_MEMBER.name} with a label {'starting' if p[1] else 'ending'} with a hyphen", NOT_A_DNS_NAME)
            )
        )
        # A trailing dot (the absolute form): `ab.<suffix>.`.
        kinds.append(
            _short_label(room - 1).map(
                lambda p: _ambiguous(f"{p}.{suffix}.", f"{_MEMBER.name} with a trailing dot", NOT_A_DNS_NAME)
            )
        )
    # A leading dot: `.<suffix>`.
    kinds.append(st.just(_ambiguous(f".{suffix}", f"{_MEMBER.name} with a leading dot", NOT_A_DNS_NAME)))
    if room >= DNS_LABEL_MAX + 1:
        # A label one character longer than DNS allows.
        kinds.append(
            _label(DNS_LABEL_MAX + 1).map(
                lambda p: _ambiguous(f"{p}.{suffix}", f"{_MEMBER.name} with a {len(p)}-character label", NOT_A_DNS_NAME)
            )
        )
    # A numeric TLD: a documentation IPv4 address (RFC 5737). No all-numeric TLD can exist.
    kinds.append(
        st.tuples(st.sampled_from(_TEST_NETS), st.integers(1, 254)).map(
            lambda p: _ambiguous(f"{p[0]}.{p[1]}", f"{_MEMBER.name} as an IPv4 address (numeric TLD)", NOT_A_DNS_NAME)
        )
    )
    # A single label, with both a digit and a letter so it can never be a delegated TLD.
    single_max = min(DNS_LABEL_MAX, _MEMBER.max_length) - 2
    kinds.append(
        st.tuples(st.sampled_from(_LETTERS), st.sampled_from(_DIGITS),
                  st.text(st.sampled_from(_ALNUM), min_size=max(0, _MEMBER.min_length - 2), max_size=single_max)).map(
            lambda p: _ambiguous(p[0] + p[1] + p[2], f"{_MEMBER.name} with a single label", NOT_A_DNS_NAME)
        )
    )
    return st.one_of(kinds)
