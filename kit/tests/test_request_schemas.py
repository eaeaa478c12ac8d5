"""The gateway's draft-04 request schemas, made from the components of the service's OpenAPI document."""

from __future__ import annotations

import pytest

from lambda_service_kit.request_schemas import DRAFT_04, UnsupportedSchemaError, draft04, gateway_schema


def test_conversion_spells_draft_2020_keywords_the_draft_04_way() -> None:
    schema = {
        "type": "object",
        "properties": {
            "kind": {"const": "a"},
            "size": {"type": "number", "exclusiveMinimum": 0},
            "child": {"$ref": "#/$defs/Child"},
            "other": {"$ref": "#/components/schemas/Other"},
            "name": {"type": "string", "examples": ["Ada"]},
        },
        "$defs": {"Child": {"type": "string"}},
    }

    assert draft04(schema) == {
        "$schema": DRAFT_04,
        "type": "object",
        "properties": {
            "kind": {"enum": ["a"]},
            "size": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
            "child": {"$ref": "#/definitions/Child"},
            "other": {"$ref": "#/definitions/Other"},
            "name": {"type": "string"},
        },
        "definitions": {"Child": {"type": "string"}},
    }


def test_conversion_refuses_what_the_gateway_cannot_enforce() -> None:
    with pytest.raises(UnsupportedSchemaError, match="prefixItems"):
        draft04({"type": "array", "prefixItems": [{"type": "string"}]})


def test_a_component_becomes_a_model_with_what_it_refers_to_inlined() -> None:
    document = {
        "components": {
            "schemas": {
                "Order": {"type": "object", "properties": {"line": {"$ref": "#/components/schemas/Line"}}},
                "Line": {"type": "object", "properties": {"item": {"$ref": "#/components/schemas/Item"}}},
                "Item": {"type": "string", "minLength": 1},
                "Unrelated": {"type": "integer"},
            }
        }
    }

    schema = gateway_schema(document, "Order")

    assert schema == {
        "$schema": DRAFT_04,
        "type": "object",
        "properties": {"line": {"$ref": "#/definitions/Line"}},
        "definitions": {
            "Item": {"type": "string", "minLength": 1},
            "Line": {"type": "object", "properties": {"item": {"$ref": "#/definitions/Item"}}},
        },
    }


def test_the_examples_body_model_is_its_documents_component(example_document: dict) -> None:
    schema = gateway_schema(example_document, "GreetingRequest")

    assert schema["$schema"] == DRAFT_04
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name"]
    assert "examples" not in schema["properties"]["name"]
