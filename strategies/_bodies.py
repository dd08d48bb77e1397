"""Whole request documents around the three members, as bytes: how a JSON object can differ from the model.

Each document says what a server owes it, decided from JSON (RFC 8259) and the protocol, not from any
server's habits:

- EQUIVALENT: a valid request spelled another way JSON allows (whitespace, member order, escapes): it is the
  same request, and gets the answer its members deserve (a success);
- INVALID: no request can be read from it (cut short, a required member only under another name, an empty
  object): a 4xx;
- LENIENT: what JSON parsers differ on and the protocol leaves open (unknown members beside valid ones, a
  member twice, a byte order mark, UTF-16, deep nesting in an unknown member, and the non-JSON that lenient
  parsers read anyway: trailing data, comments, single quotes, trailing commas, NaN): a success or a 4xx,
  observed, never a 5xx. Jackson, for one, ignores trailing data by default; a verdict there would be a
  guess.
"""

import dataclasses
import json

from hypothesis import strategies as st

from contract import CONTRACT
from strategies._domains import domain_names

EQUIVALENT = "equivalent"
INVALID = "invalid"
LENIENT = "lenient"

_DOMAIN, _ORG = CONTRACT.domain.name, CONTRACT.organization.name


@dataclasses.dataclass(frozen=True)
class Document:
    raw: bytes
    kind: str  # EQUIVALENT, INVALID or LENIENT
    label: str  # how it differs, in a few words
    names: tuple = ()  # the DomainNames it carries: what an endpoint could register from it


def _escaped(text, positions):
    """text with the characters at `positions` written as \\uXXXX escapes (the same string, to JSON)."""
    return "".join(f"\\u{ord(c):04x}" if i in positions else c for i, c in enumerate(text))


def _member(name, value, escape=()):
    return f'"{_escaped(name, escape)}":{json.dumps(value)}'


@st.composite
def _equivalent(draw, organization_id, suffix):
    name = draw(domain_names(suffix))
    members = [(_DOMAIN, name), (_ORG, organization_id)]
    how = draw(st.sampled_from(("whitespace", "member order", "escaped names", "escaped values")))
    if how == "member order":
        members.reverse()
    if how == "escaped names":
        parts = [f'"{_escaped(k, set(range(0, len(k), 2)))}":{json.dumps(v)}' for k, v in members]
    elif how == "escaped values":
        spots = set(draw(st.lists(st.integers(0, len(name) - 1), min_size=1, max_size=8)))
        parts = [f'"{k}":"{_escaped(v, spots)}"' if k == _DOMAIN else _member(k, v) for k, v in members]
    else:
        parts = [_member(k, v) for k, v in members]
    gap = draw(st.sampled_from(("", " ", "\n", "\t", "\r\n  "))) if how == "whitespace" else ""
    raw = gap + "{" + gap + ("," + gap).join(p.replace(":", gap + ":" + gap, 1) for p in parts) + gap + "}" + gap
    return Document(raw.encode(), EQUIVALENT, f"a valid request with {how}", (name,))


@st.composite
def _invalid(draw, organization_id, suffix):
    name = draw(domain_names(suffix))
    valid = json.dumps({_DOMAIN: name, _ORG: organization_id})
    how = draw(st.sampled_from(("cut short", "member names in other case", "a misspelt member name",
                                "an empty object")))
    if how == "cut short":
        raw = valid[:draw(st.integers(1, len(valid) - 1))]
    elif how == "member names in other case":
        raw = json.dumps({_DOMAIN.lower(): name, _ORG.upper(): organization_id})
    elif how == "a misspelt member name":
        raw = json.dumps({_DOMAIN + "s": name, _ORG: organization_id})
    else:
        raw = "{}"
    return Document(raw.encode(), INVALID, f"a request {how}" if how == "cut short" else f"a request with {how}",
                    (name,))


def _nested(depth):
    return "[" * depth + "]" * depth


@st.composite
def _lenient(draw, organization_id, suffix):
    name = draw(domain_names(suffix))
    valid = {_DOMAIN: name, _ORG: organization_id}
    how = draw(st.sampled_from(("unknown members", "a member twice", "a byte order mark", "deep nesting", "UTF-16",
                                "trailing data", "a comment", "single quotes", "a trailing comma", "a NaN member")))
    text = json.dumps(valid)
    non_json = {"trailing data": text + draw(st.sampled_from(("x", "}", "{}", " null"))),
                "a comment": "{/* note */" + text[1:], "single quotes": text.replace('"', "'"),
                "a trailing comma": text[:-1] + ",}", "a NaN member": text[:-1] + ',"Extra":NaN}'}
    if how in non_json:
        return Document(non_json[how].encode(), LENIENT, f"a valid request with {how} (not JSON)", (name,))
    if how == "UTF-16":
        return Document(text.encode("utf-16"), LENIENT, "a valid request encoded as UTF-16", (name,))
    if how == "unknown members":
        extra = draw(st.dictionaries(st.text("abcdefXYZ", min_size=1, max_size=8).filter(
            lambda k: k not in CONTRACT.members), st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
            min_size=1, max_size=3))
        return Document(json.dumps({**valid, **extra}).encode(), LENIENT, f"a valid request with {how}", (name,))
    if how == "a member twice":
        other = draw(domain_names(suffix))
        raw = f'{{{_member(_DOMAIN, other)},{_member(_DOMAIN, name)},{_member(_ORG, organization_id)}}}'
        return Document(raw.encode(), LENIENT, f"a request with {_DOMAIN} twice", (other, name))
    if how == "a byte order mark":
        return Document(b"\xef\xbb\xbf" + json.dumps(valid).encode(), LENIENT, f"a valid request after {how}",
                        (name,))
    depth = draw(st.integers(10, 3000))
    raw = json.dumps(valid)[:-1] + f',"Nested":{_nested(depth)}}}'
    return Document(raw.encode(), LENIENT, f"a valid request with an unknown member nested {depth} deep", (name,))


def request_documents(organization_id, suffix):
    """Request documents around the members, each with what a server owes it (equivalent, invalid, lenient)."""
    return st.one_of(_equivalent(organization_id, suffix), _invalid(organization_id, suffix),
                     _lenient(organization_id, suffix))


# Depths of nesting every run tries: where an endpoint stops parsing is its own choice (the reference emulator
# stops past 500, Jackson past 1,000), so only fixed depths make a fact that two runs can compare.
PINNED_DEPTHS = (100, 1000, 2000)


def pinned_documents(organization_id, name):
    """One document of each notable shape, for `name`, run every time."""
    valid = json.dumps({_DOMAIN: name, _ORG: organization_id})
    escaped = f'{{"{_escaped(_DOMAIN, {0})}":{json.dumps(name)},{_member(_ORG, organization_id)}}}'
    return [
        Document(json.dumps({_DOMAIN: name, _ORG: organization_id}, indent=2).encode(), EQUIVALENT,
                 "a valid request, pretty-printed", (name,)),
        Document(escaped.encode(), EQUIVALENT, "a valid request with an escaped member name", (name,)),
        Document(valid[:-1].encode(), INVALID, "a request cut short before its closing brace", (name,)),
        Document(json.dumps({_DOMAIN.lower(): name, _ORG: organization_id}).encode(), INVALID,
                 "a request with the member names in other case", (name,)),
        *(Document((valid[:-1] + f',"Nested":{_nested(depth)}}}').encode(), LENIENT,
                   f"a valid request with an unknown member nested {depth} deep", (name,))
          for depth in PINNED_DEPTHS),
    ]
