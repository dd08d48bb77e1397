"""Labelled values (Defect, Ambiguous) and the alphabets every builder derives from the contract."""

import copy
import random
import dataclasses
import string

from hypothesis import strategies as st

from contract import CONTRACT, READING_FULLMATCH, READING_SEARCH, RULE_REQUIRED, RULE_TYPE, json_type_name

# Characters a pattern's alphabet is read from: ASCII and Latin-1 cover both documented patterns.
_SCANNED = [chr(code) for code in range(0x100)]
# Characters outside every documented pattern that a client can still send: whitespace, controls,
# Latin-1, CJK and fullwidth letters and the fullwidth full stop, which Unicode normalisation (NFKC) turns
# into ASCII (BMP only, so lengths agree whether counted in code points or UTF-16 units).
_FOREIGN = ["\t", "\x01", "\x1f", "\x7f", "\u00a0", "é", "ü", "ö", "ß", "ñ", "日", "本", "ｅ", "ｘ", "．"]


def fullwidth(text):
    """ASCII text in its fullwidth forms (U+FF01..U+FF5E): what NFKC normalisation maps back to ASCII."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@dataclasses.dataclass(frozen=True)
class Defect:
    """A must-reject value, and the rules it breaks under every reading."""

    member: str
    rules: frozenset
    value: object
    present: bool = True
    label: str = ""

    def apply(self, body):
        """A copy of body with this defect applied (member replaced, or removed when not present)."""
        result = dict(body)
        if self.present:
            result[self.member] = copy.deepcopy(self.value)
        else:
            result.pop(self.member, None)
        return result


@dataclasses.dataclass(frozen=True)
class Ambiguous:
    """An implementation-defined value, with the readings that separate it from must-accept."""

    member: str
    reasons: frozenset
    value: str
    label: str = ""

    def apply(self, body):
        """A copy of body with this member set to the ambiguous value."""
        result = dict(body)
        result[self.member] = self.value
        return result


def allowed_characters(member):
    """The single characters that fully match the member's pattern (its alphabet), in code-point order."""
    return [c for c in _SCANNED if member.matches(c, READING_FULLMATCH)]


def forbidden_characters(member):
    """Characters that satisfy no reading of the member's pattern, printable ASCII first."""
    ascii_printable = [c for c in string.printable if c not in "\n\r\x0b\x0c"]
    return [c for c in dict.fromkeys(ascii_printable + _FOREIGN) if not member.matches(c, READING_SEARCH)]


def non_string_json_values(with_null=True):
    """JSON values of every type but string: numbers, booleans, null (unless told), small arrays and objects."""
    scalars = st.one_of(
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        *([st.none()] if with_null else []),
    )
    small_strings = st.text(string.ascii_letters + string.digits + ".-", min_size=1, max_size=12)
    return st.one_of(
        scalars,
        st.lists(st.one_of(scalars, small_strings), max_size=3),
        st.dictionaries(small_strings, st.one_of(scalars, small_strings), max_size=3),
    )


def rules(*names):
    """The rule names as a frozenset."""
    return frozenset(names)


def type_defects(member_name):
    """Defects giving the member a non-string JSON value (null only for a required member: for an optional one
    null reads as absent to a Smithy server, so it is implementation-defined, not a defect)."""
    member = CONTRACT.members[member_name]
    return non_string_json_values(with_null=member.required).map(
        lambda value: Defect(member.name, rules(RULE_TYPE), value, True,
                             f"{member.name} as a JSON {json_type_name(value)}")
    )


def omitted_defect(member_name):
    """The defect of leaving out a required member."""
    return Defect(member_name, rules(RULE_REQUIRED), None, False, f"{member_name} omitted")


def as_rng(rng):
    """A random.Random from an instance, a seed, or None (seed 0): the bound helpers are repeatable."""
    if rng is None:
        return random.Random(0)
    if isinstance(rng, random.Random):
        return rng
    return random.Random(rng)
