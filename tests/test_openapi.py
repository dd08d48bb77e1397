"""benchmarks/openapi.py: the OpenAPI 3.1 document schemathesis is given is well formed and comes from the contract."""

import importlib.util
import json
import pathlib
import subprocess
import sys

import jsonschema

from contract import CONTRACT, MUST_ACCEPT, READING_SEARCH

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "openapi.py"


def _module():
    spec = importlib.util.spec_from_file_location("benchmarks_openapi", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The parts of the OpenAPI 3.1 structure the benchmark relies on (not the whole published meta-schema,
# which needs network references; openapi-spec-validator is not a dependency of this project).
_SCHEMA_OBJECT = {"type": ["object", "boolean"]}
_MEDIA = {"type": "object", "properties": {"schema": _SCHEMA_OBJECT, "examples": {
    "type": "object", "additionalProperties": {"type": "object", "required": ["value"]}}}}
_CONTENT = {"type": "object", "minProperties": 1, "additionalProperties": _MEDIA}
OPENAPI_31_MINIMAL = {
    "type": "object",
    "required": ["openapi", "info", "paths"],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.1\.\d+$"},
        "info": {"type": "object", "required": ["title", "version"]},
        "servers": {"type": "array", "items": {"type": "object", "required": ["url"]}},
        "paths": {
            "type": "object",
            "propertyNames": {"pattern": "^/"},
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"enum": ["get", "put", "post", "delete", "options", "head", "patch", "trace",
                                           "summary", "description", "parameters", "servers"]},
                "additionalProperties": {
                    "type": "object",
                    "required": ["responses"],
                    "properties": {
                        "parameters": {"type": "array", "items": {
                            "type": "object", "required": ["name", "in"],
                            "properties": {"in": {"enum": ["query", "header", "path", "cookie"]},
                                           "required": {"type": "boolean"}, "schema": _SCHEMA_OBJECT}}},
                        "requestBody": {"type": "object", "required": ["content"],
                                        "properties": {"content": _CONTENT}},
                        "responses": {
                            "type": "object", "minProperties": 1,
                            "propertyNames": {"pattern": "^([1-5][0-9X]{2}|default)$"},
                            "additionalProperties": {"type": "object", "required": ["description"],
                                                     "properties": {"content": _CONTENT}}},
                        "security": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
        "components": {"type": "object", "properties": {"securitySchemes": {
            "type": "object",
            "additionalProperties": {"type": "object", "required": ["type"], "properties": {
                "type": {"enum": ["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"]},
                "in": {"enum": ["query", "header", "cookie"]}}}}}},
    },
}


def test_document_is_structurally_openapi_31_and_from_the_contract():
    out = subprocess.run([sys.executable, str(SCRIPT), "--organization-id", "m-" + "0" * 32],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    doc = json.loads(out.stdout)
    jsonschema.validate(doc, OPENAPI_31_MINIMAL)
    operation = doc["paths"][CONTRACT.path][CONTRACT.method.lower()]
    body = operation["requestBody"]["content"][CONTRACT.content_type]
    expected = CONTRACT.request_schema(READING_SEARCH)
    expected.pop("$schema")
    assert body["schema"] == expected  # bounds, patterns and required members come from the contract
    for example in body["examples"].values():
        jsonschema.validate(example["value"], expected)
        assert CONTRACT.classify_request(example["value"])[0] == MUST_ACCEPT
    target = next(p for p in operation["parameters"] if p["name"] == "X-Amz-Target")
    assert target["required"] and target["schema"]["enum"] == [CONTRACT.target]
    assert operation["responses"][str(CONTRACT.success_status)]["content"][CONTRACT.content_type]["schema"] \
        == {k: v for k, v in CONTRACT.success_schema().items() if k != "$schema"}
    assert "$schema" not in json.dumps(doc)
    scheme = doc["components"]["securitySchemes"][next(iter(operation["security"][0]))]
    assert (scheme["in"], scheme["name"]) == ("header", "Authorization")
    assert _module().request_schema() == expected
