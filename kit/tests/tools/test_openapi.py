"""`service-kit openapi`: the example's document, derived from its route declarations, valid OpenAPI 3.1."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.routes import routes_of
from lambda_service_kit.tools.openapi import build_document, is_stale


def test_the_examples_checked_in_document_is_what_its_declarations_give(example_service: ServiceDefinition) -> None:
    assert not is_stale(example_service)


def test_the_document_is_valid_openapi(example_service: ServiceDefinition) -> None:
    validate(build_document(example_service))


def test_each_declared_route_is_an_operation_with_its_parameters_body_and_answers(
    example_service: ServiceDefinition,
) -> None:
    paths = build_document(example_service)["paths"]

    read = paths["/greetings/{language}"]["get"]
    assert [(p["in"], p["name"], p["required"]) for p in read["parameters"]] == [
        ("path", "language", True),
        ("query", "name", True),
    ]
    assert read["parameters"][0]["schema"]["enum"] == ["en", "fr", "es", "de"]
    assert read["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Greeting"
    }
    assert set(read["responses"]) == {"200", "400", "401", "403", "422", "500"}
    create = paths["/greetings"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GreetingRequest"
    }
    assert set(create["responses"]) == {"201", "400", "401", "403", "413", "415", "422", "500"}
    assert paths["/health"]["get"]["security"] == []


def test_the_security_scheme_follows_api_auth(example_service: ServiceDefinition) -> None:
    document = build_document(example_service)

    assert example_service.api_auth == "iam"
    assert document["security"] == [{"sigv4": []}]
    assert set(document["components"]["securitySchemes"]) == {"sigv4"}


def test_the_gateway_reads_back_each_routes_authorization_and_validation(example_document: dict[str, Any]) -> None:
    routes = {(route.method, route.path): route for route in routes_of(example_document)}

    assert set(routes) == {("GET", "/health"), ("POST", "/greetings"), ("GET", "/greetings/{language}")}
    assert routes[("GET", "/health")].public
    assert not routes[("POST", "/greetings")].public
    assert routes[("POST", "/greetings")].body_schema == "GreetingRequest"
    assert routes[("GET", "/greetings/{language}")].required_parameters == (
        "method.request.path.language",
        "method.request.querystring.name",
    )
