"""Write the gateway's request schemas (``infra/schemas/*.json``) from the service's pydantic models.

    service-kit schemas           # or: make schemas
    service-kit schemas --check   # fail when a checked-in schema differs from its model

API Gateway models speak JSON Schema draft-04; pydantic writes draft 2020-12. The conversion below
handles the keywords the two spell differently and refuses any it cannot express, so the gateway
never silently accepts less than the function does.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any

from pydantic import BaseModel

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.project import current_service, routes
from lambda_service_kit.request_schemas import schema_path

DRAFT_04 = "http://json-schema.org/draft-04/schema#"
DRAFT_04_KEYWORDS = frozenset(
    {
        "$ref",
        "title",
        "description",
        "default",
        "type",
        "enum",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minProperties",
        "maxProperties",
        "patternProperties",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "definitions",
    }
)
SUBSCHEMA_MAPS = frozenset({"properties", "definitions", "patternProperties"})
SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})


class UnsupportedSchemaError(ValueError):
    """The model uses a JSON Schema keyword that draft-04 cannot express."""


def draft04(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (pydantic's draft 2020-12) as draft-04, with ``$schema`` set."""
    return {"$schema": DRAFT_04, **_convert(schema)}


def _convert(schema: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    for original, value in schema.items():
        keyword = "definitions" if original == "$defs" else original
        if keyword == "const":
            converted["enum"] = [value]
        elif keyword in {"exclusiveMinimum", "exclusiveMaximum"}:
            converted[keyword.replace("exclusiveM", "m")] = value
            converted[keyword] = True
        elif keyword == "$ref":
            converted[keyword] = value.replace("#/$defs/", "#/definitions/")
        elif keyword in SUBSCHEMA_MAPS:
            converted[keyword] = {name: _convert(subschema) for name, subschema in value.items()}
        elif keyword in SUBSCHEMA_LISTS:
            converted[keyword] = [_convert(subschema) for subschema in value]
        elif keyword in {"items", "additionalProperties", "not"} and isinstance(value, dict):
            converted[keyword] = _convert(value)
        elif keyword in DRAFT_04_KEYWORDS:
            converted[keyword] = value
        else:
            raise UnsupportedSchemaError(f"JSON Schema draft-04 has no {keyword!r}; API Gateway cannot enforce it")
    return converted


def body_models(service: ServiceDefinition) -> dict[str, type[BaseModel]]:
    """The body model of every route that declares one, by schema name (``Route.body_model``)."""
    if str(service.source_dir) not in sys.path:
        sys.path.insert(0, str(service.source_dir))
    models: dict[str, type[BaseModel]] = {}
    for route in routes(service):
        if route.body_model and route.body_schema:
            module, _, name = route.body_model.partition(":")
            models[route.body_schema] = getattr(importlib.import_module(f"{service.package}.{module}"), name)
    return models


def gateway_schema(model: type[BaseModel]) -> dict[str, Any]:
    return draft04(model.model_json_schema())


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def stale_schemas(service: ServiceDefinition) -> list[str]:
    """The schema files that are missing or differ from what their model gives."""
    return [
        name
        for name, model in body_models(service).items()
        if not schema_path(service.schema_dir, name).is_file()
        or schema_path(service.schema_dir, name).read_text(encoding="utf-8") != render(gateway_schema(model))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the schemas are up to date")
    args = parser.parse_args(argv)
    service = current_service()
    if args.check:
        stale = stale_schemas(service)
        for name in stale:
            print(f"{schema_path(service.schema_dir, name)} is stale: run `make schemas`", file=sys.stderr)
        return 1 if stale else 0
    service.schema_dir.mkdir(parents=True, exist_ok=True)
    for name, model in body_models(service).items():
        path = schema_path(service.schema_dir, name)
        path.write_text(render(gateway_schema(model)), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
