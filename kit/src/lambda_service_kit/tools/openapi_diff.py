"""Fail when an OpenAPI document breaks a client written against an earlier one.

    service-kit openapi-diff BASE NEW   # or: make openapi-breaking BASE=<the default branch's openapi.json>

A change breaks a client when a request it sends is refused, or an answer it reads is missing what it
relies on. Checked, operation by operation:

- an operation removed;
- a parameter or body field that becomes required, or a new required one;
- a request schema that accepts less: a type narrowed, an enum value removed, a bound tightened
  (``maxLength``, ``minimum``...), a ``pattern`` added or changed, extra properties now refused;
- a success answer removed, or a field of its body that is no longer always there;
- the operation needing authorization where it was public.

Additions (operations, optional fields and parameters, answers' fields, enum values in requests) pass.
Schemas are compared where both documents declare them, following ``$ref`` into their components.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lambda_service_kit.request_schemas import COMPONENTS, JSON_CONTENT_TYPE
from lambda_service_kit.routes import HTTP_METHODS

Schema = Mapping[str, Any]
# Bounds whose larger value accepts less, and whose smaller one accepts less.
LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")


def breaking_changes(base: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What in ``new`` breaks a client of ``base``, one sentence each; empty when nothing does."""
    changes = []
    for path, method, old_operation in _operations(base):
        operation = new.get("paths", {}).get(path, {}).get(method)
        where = f"{method.upper()} {path}"
        if operation is None:
            changes.append(f"{where}: removed")
            continue
        changes += [f"{where}: {change}" for change in _operation_changes(base, new, old_operation, operation)]
    return changes


def _operations(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def _operation_changes(
    base: Mapping[str, Any], new: Mapping[str, Any], old: Mapping[str, Any], operation: Mapping[str, Any]
) -> Iterator[str]:
    if old.get("security") == [] and operation.get("security") != []:
        yield "needs authorization where it was public"
    old_parameters = {(p["in"], p["name"]): p for p in old.get("parameters", ())}
    for key, parameter in {(p["in"], p["name"]): p for p in operation.get("parameters", ())}.items():
        label = f"{key[0]} parameter {key[1]!r}"
        previous = old_parameters.get(key)
        if previous is None:
            if parameter.get("required"):
                yield f"new required {label}"
            continue
        if parameter.get("required") and not previous.get("required"):
            yield f"{label} is now required"
        yield from _request_schema_changes(base, new, previous.get("schema", {}), parameter.get("schema", {}), label)
    old_body, body = _body(old), _body(operation)
    if body is not None:
        if old_body is None:
            if operation.get("requestBody", {}).get("required"):
                yield "a request body is now required"
        else:
            yield from _request_schema_changes(base, new, old_body, body, "the request body")
    yield from _response_changes(base, new, old.get("responses", {}), operation.get("responses", {}))


def _body(operation: Mapping[str, Any]) -> Schema | None:
    schema: Schema | None = operation.get("requestBody", {}).get("content", {}).get(JSON_CONTENT_TYPE, {}).get("schema")
    return schema


def _request_schema_changes(
    base: Mapping[str, Any], new: Mapping[str, Any], old: Schema, schema: Schema, label: str
) -> Iterator[str]:
    """What ``schema`` refuses that ``old`` accepted."""
    old, schema = _resolve(base, old), _resolve(new, schema)
    yield from _narrowed_values(old, schema, label)
    if schema.get("additionalProperties") is False and old.get("additionalProperties", True) is not False:
        yield f"{label}: extra properties are now refused"
    old_required, required = set(old.get("required", ())), set(schema.get("required", ()))
    for name in sorted(required - old_required):
        yield f"{label}: field {name!r} is now required"
    old_properties = old.get("properties", {})
    for name, field in schema.get("properties", {}).items():
        if name in old_properties:
            yield from _request_schema_changes(base, new, old_properties[name], field, f"{label}.{name}")
    if "items" in schema and "items" in old:
        yield from _request_schema_changes(base, new, old["items"], schema["items"], f"{label}[]")


def _narrowed_values(old: Schema, schema: Schema, label: str) -> Iterator[str]:
    """The values of ``old`` that ``schema`` refuses: by type, enum, bounds or pattern."""
    old_types, types = _types(old), _types(schema)
    if types and not (old_types and old_types <= types):
        yield f"{label}: type narrowed from {sorted(old_types) or 'any'} to {sorted(types)}"
    if "enum" in schema and "enum" not in old:
        yield f"{label}: restricted to {schema['enum']}"
    elif "enum" in schema and (removed := [value for value in old["enum"] if value not in schema["enum"]]):
        yield f"{label}: no longer accepts {removed}"
    for bound in LOWER_BOUNDS:
        if bound in schema and _number(schema[bound]) > _number(old.get(bound, float("-inf"))):
            yield f"{label}: {bound} raised to {schema[bound]}"
    for bound in UPPER_BOUNDS:
        if bound in schema and _number(schema[bound]) < _number(old.get(bound, float("inf"))):
            yield f"{label}: {bound} lowered to {schema[bound]}"
    if "pattern" in schema and schema["pattern"] != old.get("pattern"):
        yield f"{label}: pattern is now {schema['pattern']!r}"


def _response_changes(
    base: Mapping[str, Any], new: Mapping[str, Any], old: Mapping[str, Any], responses: Mapping[str, Any]
) -> Iterator[str]:
    for status, previous in old.items():
        if not status.startswith("2"):
            continue
        if status not in responses:
            yield f"no longer answers {status}"
            continue
        old_schema = previous.get("content", {}).get(JSON_CONTENT_TYPE, {}).get("schema")
        schema = responses[status].get("content", {}).get(JSON_CONTENT_TYPE, {}).get("schema")
        if old_schema is not None:
            yield from _answer_changes(base, new, old_schema, schema or {}, f"the {status} answer")


def _answer_changes(
    base: Mapping[str, Any], new: Mapping[str, Any], old: Schema, schema: Schema, label: str
) -> Iterator[str]:
    """What a client reading an answer of ``old`` no longer gets from ``schema``."""
    old, schema = _resolve(base, old), _resolve(new, schema)
    old_types, types = _types(old), _types(schema)
    if old_types and (not types or not types <= old_types):
        yield f"{label}: type changed from {sorted(old_types)} to {sorted(types) or 'any'}"
    for name in sorted(set(old.get("required", ())) - set(schema.get("required", ()))):
        yield f"{label}: field {name!r} is no longer always there"
    properties = schema.get("properties", {})
    for name, field in old.get("properties", {}).items():
        if name in properties:
            yield from _answer_changes(base, new, field, properties[name], f"{label}.{name}")


def _resolve(document: Mapping[str, Any], schema: Schema) -> Schema:
    while "$ref" in schema and schema["$ref"].startswith(COMPONENTS):
        schema = document.get("components", {}).get("schemas", {}).get(schema["$ref"].removeprefix(COMPONENTS), {})
    return schema


def _types(schema: Schema) -> set[str]:
    declared = schema.get("type")
    found = set(declared) if isinstance(declared, list) else {declared} if declared else set()
    # An integer is a number: widening integer to number breaks no request.
    return found | ({"integer"} if "number" in found else set())


def _number(value: Any) -> float:
    # OpenAPI 3.0's boolean exclusiveMinimum/Maximum carries no bound of its own.
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the document clients rely on (the default branch's)")
    parser.add_argument("new", type=Path, help="the changed document")
    args = parser.parse_args(argv)
    base, new = (json.loads(path.read_text(encoding="utf-8")) for path in (args.base, args.new))
    changes = breaking_changes(base, new)
    for change in changes:
        print(f"breaking: {change}", file=sys.stderr)
    if not changes:
        print(f"{args.new}: no breaking change from {args.base}")
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main())
