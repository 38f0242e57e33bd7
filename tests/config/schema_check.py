"""Check a real API response against the schema drf-spectacular generates (OpenAPI 3.0), so that a field the
response carries, or a null it returns, is one the schema declares: scripts are written against the schema."""

from typing import Any

import jsonschema

_SCHEMAS: dict[int, dict[str, Any]] = {}


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema dialect as JSON Schema: `nullable` becomes a null alternative; refs point at the
    components; additionalProperties false on declared objects, so an undeclared field fails the check."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def openapi(client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def assert_matches_schema(schema: dict[str, Any], path: str, method: str, response: Any) -> None:
    """`path` as the schema writes it (/api/v1/assistance/plans/{id}/suggestions/)."""
    assert response.status_code < 300, response.content[:300]
    operation = schema["paths"][path][method.lower()]
    declared = operation["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    # The components converted once per schema (a walk over every list checks hundreds of answers against them),
    # and the meta-schema check skipped: the schema is drf-spectacular's, validated by `spectacular --validate`.
    if id(schema) not in _SCHEMAS:
        _SCHEMAS.clear()
        _SCHEMAS[id(schema)] = _json_schema(schema["components"]["schemas"])
    validator = jsonschema.Draft202012Validator({**_json_schema(declared), "$defs": _SCHEMAS[id(schema)]})
    validator.validate(response.json())
