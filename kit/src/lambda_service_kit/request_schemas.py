"""The JSON Schemas (draft-04, as API Gateway models want them) the gateway validates requests with.

They come from the service's OpenAPI document (``openapi.json``, written by ``service-kit openapi`` from
the routes' declarations): a request body's schema is the document's component, converted to draft-04
with the components it refers to inlined as ``definitions``. The conversion handles the keywords the
two spell differently and refuses any it cannot express, so the gateway never silently accepts less
than the function does. No CDK and no pydantic here: ``ServiceApi`` reads the document at synth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

JSON_CONTENT_TYPE = "application/json"
COMPONENTS = "#/components/schemas/"
DEFINITIONS = "#/definitions/"
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
# Later drafts' annotations that validate nothing: left out of the gateway's models.
ANNOTATIONS_WITHOUT_EFFECT = frozenset({"examples", "deprecated", "readOnly", "writeOnly"})
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
            converted[keyword] = value.replace("#/$defs/", DEFINITIONS).replace(COMPONENTS, DEFINITIONS)
        elif keyword in SUBSCHEMA_MAPS:
            converted[keyword] = {name: _convert(subschema) for name, subschema in value.items()}
        elif keyword in SUBSCHEMA_LISTS:
            converted[keyword] = [_convert(subschema) for subschema in value]
        elif keyword in {"items", "additionalProperties", "not"} and isinstance(value, dict):
            converted[keyword] = _convert(value)
        elif keyword in ANNOTATIONS_WITHOUT_EFFECT:
            continue
        elif keyword in DRAFT_04_KEYWORDS:
            converted[keyword] = value
        else:
            raise UnsupportedSchemaError(f"JSON Schema draft-04 has no {keyword!r}; API Gateway cannot enforce it")
    return converted


def gateway_schema(document: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The document's component ``name`` as an API Gateway model: draft-04, its references inlined."""
    components = document.get("components", {}).get("schemas", {})
    schema = draft04(components[name])
    referenced = sorted(_references(components, name) - {name})
    if referenced:
        schema["definitions"] = {other: _convert(components[other]) for other in referenced}
    return schema


def _references(components: Mapping[str, Any], name: str) -> set[str]:
    """``name`` and every component it refers to, directly or not."""
    found, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(ref.removeprefix(COMPONENTS) for ref in schema_refs(components[current]))
    return found


def schema_refs(schema: Any) -> list[str]:
    """Every ``$ref`` in ``schema``, nested ones included."""
    if isinstance(schema, dict):
        own = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return own + [ref for value in schema.values() for ref in schema_refs(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in schema_refs(value)]
    return []
