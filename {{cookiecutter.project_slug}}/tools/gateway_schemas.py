"""Write the gateway's request schemas (infra/schemas/*.json) from the runtime's pydantic models.

    python -m tools.gateway_schemas        # or: make schemas

API Gateway models speak JSON Schema draft-04; pydantic writes draft 2020-12. The conversion below
handles the keywords the two spell differently and refuses any it cannot express, so the gateway
never silently accepts less than the function does.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

from {{ cookiecutter.package_name }}.models.greeting import GreetingRequest

from infra.request_schemas import schema_path

# Body models by the name routes use in ``Route(body_schema=...)``.
BODY_MODELS: dict[str, type[BaseModel]] = {"GreetingRequest": GreetingRequest}

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


def gateway_schema(name: str) -> dict[str, Any]:
    return draft04(BODY_MODELS[name].model_json_schema())


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    for name in BODY_MODELS:
        path = schema_path(name)
        path.write_text(render(gateway_schema(name)), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
