"""Write the service's OpenAPI document (``openapi.json``) from the routes it declares.

    service-kit openapi           # or: make openapi
    service-kit openapi --check   # fail when the checked-in document differs from the declarations

The routes are the ``Routes`` of every module in ``src/<package>/handlers/routes/``
(``lambda_service_runtime.contract``); their models give the schemas (pydantic's JSON Schema, which
OpenAPI 3.1 speaks). The document is checked in: the gateway is synthesized from it without importing
the function's code, ``make local`` serves it, clients and the contract test read it, and CI compares it
with the default branch's to catch a breaking change.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.project import current_service, environments
from lambda_service_kit.request_schemas import COMPONENTS, JSON_CONTENT_TYPE, UnsupportedSchemaError, schema_refs
from lambda_service_kit.routes import routes_of

if TYPE_CHECKING:
    from lambda_service_runtime.contract import Operation

OPENAPI_VERSION = "3.1.0"
RESPONSES = "#/components/responses/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM = "Problem"
# The RFC 9457 document every error is, from the function or from the gateway (which adds no status).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error, as an RFC 9457 problem document with the request's correlation id.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "correlationId": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title"],
}
# The errors an operation may answer, by status: the name of their response in the document's components
# (spelled out: HTTPStatus's phrases change between Python versions) and what they mean.
ERRORS = {
    400: ("BadRequest", "A required parameter is missing, or the body is not JSON or not the schema's"),
    401: ("Unauthorized", "No valid access token"),
    403: ("Forbidden", "Not authorized to call this route"),
    413: ("ContentTooLarge", "The body is larger than the API accepts"),
    415: ("UnsupportedMediaType", "The body is not declared as application/json"),
    422: ("UnprocessableContent", "A parameter or the body does not match the schema"),
    500: ("InternalServerError", "An unexpected error; quote the correlation id"),
}
SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "iam": {
        "sigv4": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "description": "An AWS Signature Version 4 signed request (execute-api:Invoke).",
        }
    },
    "cognito": {
        "cognito": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token of the service's Cognito user pool, with the route's scope.",
        }
    },
    "none": {},
}
# What a route that is not public may answer before the function runs: the same with every api_auth,
# so the document changes in two places only when api_auth does (securitySchemes and security).
UNAUTHORIZED = (401, 403)


def build_document(service: ServiceDefinition) -> dict[str, Any]:
    """The OpenAPI document of the routes ``service`` declares."""
    declared = declared_operations(service)
    models = _models(declared)
    by_model, definitions = models_json_schema(models, ref_template=COMPONENTS + "{model}")
    schemas = {**definitions.get("$defs", {}), PROBLEM: PROBLEM_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    for operation in declared:
        item = paths.setdefault(operation.path, {})
        item[operation.method.lower()] = _operation(operation, by_model, schemas)
    schemes = SECURITY_SCHEMES[service.api_auth]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": service.name, "version": service.version, "description": service.description},
        "paths": paths,
        "components": {
            "schemas": _referenced(schemas, paths),
            "responses": {
                name: {
                    "description": description,
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": COMPONENTS + PROBLEM}}},
                }
                for name, description in ERRORS.values()
            },
            "securitySchemes": schemes,
        },
        "security": [{name: []} for name in schemes],
    }


def declared_operations(service: ServiceDefinition) -> tuple[Operation, ...]:
    """The operations of ``<package>.handlers.routes``, imported with a deployed function's environment."""
    for name, value in next(iter(environments(service).values())).function_environment().items():
        os.environ.setdefault(name, value)
    if str(service.source_dir) not in sys.path:
        sys.path.insert(0, str(service.source_dir))
    # The runtime reads its settings at import: imported once the environment is set.
    from lambda_service_runtime.contract import operations  # noqa: PLC0415

    return operations(importlib.import_module(f"{service.package}.handlers.routes"))


def is_stale(service: ServiceDefinition) -> bool:
    """Whether the checked-in document is missing or says other than the declarations do.

    Compared as data: the template writes the document with its answers filled in, not in this layout.
    """
    path = service.openapi_path
    return not path.is_file() or json.loads(path.read_text(encoding="utf-8")) != json.loads(
        render(build_document(service))
    )


def render(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _models(declared: Iterable[Operation]) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    models: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {}
    for operation in declared:
        for model in (operation.path_model, operation.query_model, operation.body_model):
            if model is not None:
                models[(model, "validation")] = None
        if operation.response_model is not None:
            models[(operation.response_model, "serialization")] = None
    return list(models)


def _operation(operation: Operation, by_model: Mapping[Any, Any], schemas: Mapping[str, Any]) -> dict[str, Any]:
    parameters = [
        *_parameters(operation.path_model, "path", by_model, schemas),
        *_parameters(operation.query_model, "query", by_model, schemas),
    ]
    success: dict[str, Any] = {"description": "Success"}
    if operation.response_model is not None:
        schema = by_model[(operation.response_model, "serialization")]
        success = {
            "description": (operation.response_model.__doc__ or operation.response_model.__name__).strip(),
            "content": {JSON_CONTENT_TYPE: {"schema": schema}},
        }
    responses = {str(operation.status.value): success}
    errors = [500]
    if not operation.public:
        errors += UNAUTHORIZED
    if parameters:
        errors += [400, 422]
    if operation.body_model is not None:
        errors += [400, 413, 415, 422]
    for status in sorted(set(errors)):
        responses[str(status)] = {"$ref": RESPONSES + ERRORS[status][0]}
    described: dict[str, Any] = {
        "operationId": operation.operation_id,
        "summary": operation.summary,
        "responses": responses,
    }
    if parameters:
        described["parameters"] = parameters
    if operation.body_model is not None:
        described["requestBody"] = {
            "required": True,
            "content": {JSON_CONTENT_TYPE: {"schema": by_model[(operation.body_model, "validation")]}},
        }
    if operation.public:
        described["security"] = []
    return described


def _parameters(
    model: type[BaseModel] | None, location: str, by_model: Mapping[Any, Any], schemas: Mapping[str, Any]
) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = schemas[by_model[(model, "validation")]["$ref"].removeprefix(COMPONENTS)]
    required = set(schema.get("required", ()))
    return [
        {"name": name, "in": location, "required": location == "path" or name in required, "schema": field}
        for name, field in schema["properties"].items()
    ]


def _referenced(schemas: Mapping[str, Any], paths: Mapping[str, Any]) -> dict[str, Any]:
    """The schemas the operations refer to, directly or through each other: a parameter model is inlined."""
    kept: dict[str, Any] = {}
    pending = [ref for ref in schema_refs(paths) if ref.startswith(COMPONENTS)] + [COMPONENTS + PROBLEM]
    while pending:
        name = pending.pop().removeprefix(COMPONENTS)
        if name not in kept:
            kept[name] = schemas[name]
            pending.extend(schema_refs(schemas[name]))
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that openapi.json is up to date")
    args = parser.parse_args(argv)
    service = current_service()
    path = service.openapi_path
    document = build_document(service)
    try:
        validate(document)
        routes_of(document)  # each body as the gateway's draft-04 model: refuses what the gateway cannot enforce
    except OpenAPIValidationError as error:
        print(f"the routes give an invalid OpenAPI document: {error.message}", file=sys.stderr)
        return 1
    except UnsupportedSchemaError as error:
        print(f"a request model the gateway cannot validate alike: {error}", file=sys.stderr)
        return 1
    if args.check:
        if is_stale(service):
            print(f"{path} is stale: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    path.write_text(render(document), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
