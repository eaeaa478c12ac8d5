"""`service-kit schemas`: the gateway's draft-04 request schemas, generated from the service's pydantic models."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import BaseModel, Field

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.project import routes
from lambda_service_kit.request_schemas import schema_path
from lambda_service_kit.tools.gateway_schemas import (
    DRAFT_04,
    UnsupportedSchemaError,
    body_models,
    draft04,
    gateway_schema,
    render,
    stale_schemas,
)


def test_each_route_body_model_is_found_by_its_schema_name(example_service: ServiceDefinition) -> None:
    models = body_models(example_service)

    assert set(models) == {route.body_schema for route in routes(example_service) if route.body_schema}
    assert models["GreetingRequest"].__module__ == f"{example_service.package}.models.greeting"


def test_the_examples_checked_in_schemas_are_its_models(example_service: ServiceDefinition) -> None:
    models = body_models(example_service)

    assert stale_schemas(example_service) == []
    assert {path.stem for path in example_service.schema_dir.glob("*.json")} == set(models)
    for name, model in models.items():
        assert schema_path(example_service.schema_dir, name).read_text(encoding="utf-8") == render(
            gateway_schema(model)
        )


def test_a_schema_is_draft_04_with_the_models_constraints() -> None:
    class Order(BaseModel):
        quantity: int = Field(gt=0, le=10)
        note: str | None = None

    schema = gateway_schema(Order)

    assert schema["$schema"] == DRAFT_04
    assert schema["properties"]["quantity"] == {
        "exclusiveMinimum": True,
        "maximum": 10,
        "minimum": 0,
        "title": "Quantity",
        "type": "integer",
    }
    assert schema["required"] == ["quantity"]
    assert render(schema).endswith("}\n")


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


def test_the_command_starts_without_loading_the_cdk() -> None:
    """`make schemas` runs often; the CDK's import (its jsii process included) takes seconds."""
    probe = (
        "import sys, lambda_service_kit.tools.gateway_schemas; print(sorted({'aws_cdk', 'jsii'} & set(sys.modules)))"
    )

    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert completed.stdout == "[]\n"
