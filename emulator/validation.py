"""Input validation: RegisterMailDomain from the contract, every other operation from botocore's model.

All constraint violations of a request are collected and reported together in one
InvalidParameterException, each naming the member, the rule (one of :data:`contract.RULES`, or the
emulator's own two readings below) and the bound. Validation runs before any state is looked at.

Choices (documented in emulator/README.md):
- patterns are applied with the FULL-MATCH reading (``contract.READING_FULLMATCH``);
- a RegisterMailDomain DomainName that is not a DNS name (:func:`contract.is_dns_name`) is rejected;
- a member present with JSON null is a type violation (the contract classifies it so), not "absent";
- members the model does not know are ignored, as AWS JSON services do.
"""

import functools
import sys

from contract import (
    CONTRACT,
    NOT_A_DNS_NAME,
    READING_FULLMATCH,
    RULE_MAX_LENGTH,
    RULE_MIN_LENGTH,
    RULE_PATTERN,
    RULE_REQUIRED,
    RULE_TYPE,
    RULES,
    Member,
    is_dns_name,
    json_type_name,
    service_model,
)
from emulator.exceptions import InvalidParameter

# Rule names for the model-driven checks that the contract's RULES do not cover.
RULE_MIN_ITEMS = "min_items"
RULE_MAX_ITEMS = "max_items"
RULE_MIN_VALUE = "min_value"
RULE_MAX_VALUE = "max_value"


def validate(operation, body):
    """Raise InvalidParameter listing every constraint `body` breaks; return None if it breaks none."""
    problems = (contract_violations(body) if operation == CONTRACT.operation
                else model_violations(operation, body))
    if problems:
        raise InvalidParameter(_message(problems))


def _message(problems):
    count = len(problems)
    plural = "error" if count == 1 else "errors"
    return f"{count} validation {plural} detected: " + "; ".join(problems)


def _problem(path, rule, detail):
    return f"Value at '{path}' failed to satisfy constraint '{rule}': {detail}"


# --- RegisterMailDomain: the contract's members ---------------------------------------------------

def contract_violations(body):
    problems = []
    for member in CONTRACT.members.values():
        problems.extend(member_violations(member, body.get(member.name), member.name in body))
    return problems


def member_violations(member, value, present):
    """What one contract member's value breaks: the contract's hard rules first, then our readings."""
    if present and value is None:  # our reading of null: a value of the wrong type, never "absent"
        return [_contract_rule_problem(member, RULE_TYPE, value)]
    broken = member.violated_rules(value, present)
    if broken:
        return [_contract_rule_problem(member, rule, value) for rule in RULES if rule in broken]
    if not present:
        return []
    if not member.matches(value, READING_FULLMATCH):
        return [_problem(member.name, RULE_PATTERN,
                         f"Member must fully match the regular expression: {member.pattern}")]
    if member is CONTRACT.domain and not is_dns_name(value):
        return [_problem(member.name, NOT_A_DNS_NAME,
                         "Member must be a DNS name: at least two dot-separated labels of letters, digits and "
                         "inner hyphens, each at most 63 long, and a top-level label that is not all digits")]
    return []


def _contract_rule_problem(member, rule, value):
    if rule == RULE_REQUIRED:
        return _problem(member.name, rule, "Member must not be null or absent")
    if rule == RULE_TYPE:
        return _problem(member.name, rule, f"Member must be a string, got {_json_type(value)}")
    if rule == RULE_MIN_LENGTH:
        return _problem(member.name, rule,
                        f"Member must have length greater than or equal to {member.min_length} (got {len(value)})")
    if rule == RULE_MAX_LENGTH:
        return _problem(member.name, rule,
                        f"Member must have length less than or equal to {member.max_length} (got {len(value)})")
    return _problem(member.name, rule, f"Member must satisfy regular expression pattern: {member.pattern}")


def _json_type(value):
    name = json_type_name(value)
    return name if name == "null" else ("an " if name[0] in "aeiou" else "a ") + name


# --- Every other operation: botocore's model ------------------------------------------------------

def model_violations(operation, body):
    shape = service_model().operation_model(operation).input_shape
    return list(_structure_violations("", shape, body)) if shape is not None else []


def _walk(path, shape, value):
    checker = _CHECKERS.get(shape.type_name)
    return checker(path, shape, value) if checker else ()


def _structure_violations(path, shape, value):
    if not isinstance(value, dict):
        yield _problem(path, RULE_TYPE, f"Member must be an object, got {_json_type(value)}")
        return
    for name, member_shape in shape.members.items():
        member_path = f"{path}.{name}" if path else name
        if name not in value:
            if name in shape.required_members:
                yield _problem(member_path, RULE_REQUIRED, "Member must not be null or absent")
            continue
        yield from _walk(member_path, member_shape, value[name])


def _string_violations(path, shape, value):
    if not isinstance(value, str):
        yield _problem(path, RULE_TYPE, f"Member must be a string, got {_json_type(value)}")
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and len(value) < low:
        yield _problem(path, RULE_MIN_LENGTH, f"Member must have length greater than or equal to {low}")
    if high is not None and len(value) > high:
        yield _problem(path, RULE_MAX_LENGTH, f"Member must have length less than or equal to {high}")
    pattern = shape.metadata.get("pattern")
    if pattern is not None and not _pattern_member(pattern).matches(value, READING_FULLMATCH):
        yield _problem(path, RULE_PATTERN, f"Member must fully match the regular expression: {pattern}")
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        yield _problem(path, RULE_PATTERN, f"Member must be one of {', '.join(enum)}")


@functools.lru_cache(maxsize=None)
def _pattern_member(pattern):
    """A contract Member used only for its pattern matching, so ECMA patterns translate one way everywhere."""
    return Member("pattern", 0, sys.maxsize, pattern, False, False)


def _integer_violations(path, shape, value):
    # JSON has one number type; bool is an int subclass in Python but `true` is not a number.
    if isinstance(value, bool) or not isinstance(value, int):
        yield _problem(path, RULE_TYPE, f"Member must be an integer, got {_json_type(value)}")
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        yield _problem(path, RULE_MIN_VALUE, f"Member must have value greater than or equal to {low}")
    if high is not None and value > high:
        yield _problem(path, RULE_MAX_VALUE, f"Member must have value less than or equal to {high}")


def _boolean_violations(path, shape, value):
    if not isinstance(value, bool):
        yield _problem(path, RULE_TYPE, f"Member must be a boolean, got {_json_type(value)}")


def _list_violations(path, shape, value):
    if not isinstance(value, list):
        yield _problem(path, RULE_TYPE, f"Member must be an array, got {_json_type(value)}")
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and len(value) < low:
        yield _problem(path, RULE_MIN_ITEMS, f"Member must have at least {low} items")
    if high is not None and len(value) > high:
        yield _problem(path, RULE_MAX_ITEMS, f"Member must have at most {high} items")
    for index, item in enumerate(value):
        yield from _walk(f"{path}[{index}]", shape.member, item)


_CHECKERS = {
    "structure": _structure_violations,
    "string": _string_violations,
    "integer": _integer_violations,
    "long": _integer_violations,
    "boolean": _boolean_violations,
    "list": _list_violations,
}
