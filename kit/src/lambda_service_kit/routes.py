"""The routes the API gateway forwards to the function, read from the service's OpenAPI document.

The document (``openapi.json``) is written by ``service-kit openapi`` from the routes the service
declares in ``src/<package>/handlers/routes/``; the infrastructure reads it as data, so synth never
imports the function's code. Each operation gives one gateway method: its authorization (an operation
with ``security: []`` is public), the parameters the gateway requires and the schema it validates the
body with.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambda_service_kit.request_schemas import COMPONENTS, JSON_CONTENT_TYPE, gateway_schema

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
# OpenAPI's parameter locations as API Gateway names them in method.request.<location>.<name>.
GATEWAY_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    # A public route skips the API's authorization (api_auth in service.toml): keep it to
    # routes that reveal nothing, such as the health check.
    public: bool = False
    # The name of the body's schema in the document; the gateway validates bodies against it.
    body_schema: str | None = None
    # "method.request.querystring.name" and the like: the gateway refuses a request without them.
    required_parameters: tuple[str, ...] = ()
    # The body's schema as an API Gateway model (draft-04).
    request_schema: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


def load_document(path: Path) -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"no OpenAPI document at {path}: run `make openapi`") from None
    return document


def read_routes(path: Path) -> tuple[Route, ...]:
    """The routes of the OpenAPI document at ``path``."""
    return routes_of(load_document(path))


def routes_of(document: Mapping[str, Any]) -> tuple[Route, ...]:
    routes = []
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                routes.append(_route(document, method.upper(), path, item[method]))
    return tuple(routes)


def _route(document: Mapping[str, Any], method: str, path: str, operation: Mapping[str, Any]) -> Route:
    body = operation.get("requestBody", {}).get("content", {}).get(JSON_CONTENT_TYPE, {}).get("schema", {})
    body_schema = body["$ref"].removeprefix(COMPONENTS) if "$ref" in body else None
    return Route(
        method=method,
        path=path,
        public=operation.get("security") == [],
        body_schema=body_schema,
        required_parameters=tuple(
            f"method.request.{GATEWAY_LOCATIONS[parameter['in']]}.{parameter['name']}"
            for parameter in operation.get("parameters", ())
            if parameter.get("required")
        ),
        request_schema=gateway_schema(document, body_schema) if body_schema else None,
    )
