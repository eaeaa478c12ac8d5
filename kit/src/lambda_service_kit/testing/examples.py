"""One request per operation of an OpenAPI document, made of the examples its schemas give.

A service's asset test calls every route with them, so a new route needs no test edit beyond the
examples of its models (``Field(examples=[...])``)::

    for example in example_requests(document):
        event = rest_event(example.method, example.path, body=example.body, query=example.query, ...)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lambda_service_kit.request_schemas import COMPONENTS, JSON_CONTENT_TYPE
from lambda_service_kit.routes import HTTP_METHODS


class MissingExampleError(LookupError):
    """A required parameter or body field without an example, a default or an enum to take one from."""


@dataclass(frozen=True, kw_only=True)
class ExampleRequest:
    method: str
    resource: str  # "/greetings/{language}"
    path: str  # "/greetings/fr"
    path_parameters: dict[str, str]
    query: dict[str, list[str]]
    body: str | None
    status: int  # the operation's success status

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": JSON_CONTENT_TYPE} if self.body is not None else {}


def example_requests(document: Mapping[str, Any]) -> list[ExampleRequest]:
    examples = []
    for resource, item in document.get("paths", {}).items():
        for method in (method for method in HTTP_METHODS if method in item):
            examples.append(_example(document, method.upper(), resource, item[method]))
    return examples


def _example(document: Mapping[str, Any], method: str, resource: str, operation: Mapping[str, Any]) -> ExampleRequest:
    parameters = {location: {} for location in ("path", "query")}
    for parameter in operation.get("parameters", ()):
        if parameter["in"] in parameters and (parameter.get("required") or parameter["in"] == "path"):
            parameters[parameter["in"]][parameter["name"]] = str(
                _value(document, parameter["schema"], parameter["name"])
            )
    body_schema = operation.get("requestBody", {}).get("content", {}).get(JSON_CONTENT_TYPE, {}).get("schema")
    path = resource
    for name, value in parameters["path"].items():
        path = path.replace(f"{{{name}}}", value)
    return ExampleRequest(
        method=method,
        resource=resource,
        path=path,
        path_parameters=parameters["path"],
        query={name: [value] for name, value in parameters["query"].items()},
        body=json.dumps(_value(document, body_schema, "body")) if body_schema else None,
        status=min(int(status) for status in operation["responses"] if status.startswith("2")),
    )


def _value(document: Mapping[str, Any], schema: Mapping[str, Any], name: str) -> Any:
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].removeprefix(COMPONENTS)]
    for keyword in ("examples", "enum"):
        if schema.get(keyword):
            return schema[keyword][0]
    if "default" in schema:
        return schema["default"]
    if schema.get("type") == "object":
        properties = schema.get("properties", {})
        return {field: _value(document, properties[field], field) for field in schema.get("required", ())}
    raise MissingExampleError(f"{name}: give it an example (Field(examples=[...])) so every route can be called")
