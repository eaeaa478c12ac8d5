"""openapi.json, the API's document: valid OpenAPI, and what the routes in handlers/routes/ declare."""

from __future__ import annotations

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.routes import load_document
from lambda_service_kit.tools.openapi import is_stale
from openapi_spec_validator import validate


def test_the_document_is_valid_openapi(service: ServiceDefinition) -> None:
    validate(load_document(service.openapi_path))


def test_the_document_is_what_the_routes_declare(service: ServiceDefinition) -> None:
    assert not is_stale(service), "openapi.json is stale: run `make openapi`"
