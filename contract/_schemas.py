"""JSON Schemas (draft 2020-12) generated from the contract: request, error and success bodies."""

from contract import _members

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def request_schema(members, reading=_members.READING_SEARCH):
    """The request body. JSON Schema's `pattern` is searched, like Smithy's; `fullmatch` anchors it."""
    properties = {}
    for member in members.values():
        pattern = member.pattern
        if reading == _members.READING_FULLMATCH and not member.anchored:
            # Not `$`: Python's re (which jsonschema uses) lets `$` match before a final newline.
            # "Followed by no character at all" means the end in ECMA-262 and in Python alike.
            pattern = f"^(?:{pattern})(?![\\s\\S])"
        properties[member.name] = {
            "type": "string",
            "minLength": member.min_length,
            "maxLength": member.max_length,
            "pattern": pattern,
        }
    return {
        "$schema": DIALECT,
        "title": f"RegisterMailDomain request ({reading} reading of the patterns)",
        "type": "object",
        "properties": properties,
        "required": sorted(m.name for m in members.values() if m.required),
        "additionalProperties": False,
    }


def error_schema(error_names=None):
    """An awsJson1.1 error body: `__type` names the error, possibly with a namespace and a URI suffix."""
    type_schema = {"type": "string", "minLength": 1}
    if error_names:
        alternatives = "|".join(sorted(error_names))
        type_schema["pattern"] = rf"^(?:[^#]*#)?(?:{alternatives})(?::.*)?$"
    return {
        "$schema": DIALECT,
        "title": "awsJson1.1 error body",
        "type": "object",
        "properties": {
            "__type": type_schema,
            "Message": {"type": "string"},
            "message": {"type": "string"},
        },
        "required": ["__type"],
    }


def success_schema(output_members=()):
    """The success body, once parsed: an object with only the output members (RegisterMailDomain has none)."""
    return {
        "$schema": DIALECT,
        "title": "RegisterMailDomain success body",
        "type": "object",
        "properties": {name: {} for name in output_members},
        "additionalProperties": False,
    }
