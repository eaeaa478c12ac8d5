"""The gateway's request schemas are the pydantic models', converted to draft-04 and checked in."""

from __future__ import annotations

import pytest

from lambda_service_kit.constructs.request_schemas import SCHEMA_DIR, schema_path
from lambda_service_kit.routes import API_ROUTES
from lambda_service_kit.tools.gateway_schemas import BODY_MODELS, DRAFT_04, UnsupportedSchemaError, draft04, gateway_schema, render


@pytest.mark.parametrize("name", sorted(BODY_MODELS))
def test_checked_in_schema_matches_the_model(name: str) -> None:
    assert schema_path(name).read_text(encoding="utf-8") == render(gateway_schema(name)), (
        f"{schema_path(name)} has drifted from its pydantic model: run `make schemas`"
    )


def test_every_route_body_schema_has_a_model_and_a_file() -> None:
    names = {route.body_schema for route in API_ROUTES if route.body_schema}

    assert names <= set(BODY_MODELS)
    assert {path.stem for path in SCHEMA_DIR.glob("*.json")} == set(BODY_MODELS)


def test_conversion_spells_draft_2020_keywords_the_draft_04_way() -> None:
    schema = {
        "type": "object",
        "properties": {
            "kind": {"const": "a"},
            "size": {"type": "number", "exclusiveMinimum": 0},
            "child": {"$ref": "#/$defs/Child"},
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
        },
        "definitions": {"Child": {"type": "string"}},
    }


def test_conversion_refuses_what_the_gateway_cannot_enforce() -> None:
    with pytest.raises(UnsupportedSchemaError, match="prefixItems"):
        draft04({"type": "array", "prefixItems": [{"type": "string"}]})
