"""The API over HTTP, as clients call it: run by `make test-integration` (local) and `make test-deployed`."""

from __future__ import annotations

import httpx
import pytest
from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth import unknown_route_status

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    """A problem document from the function: status, correlation id in the body and the header."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == status
    assert problem["correlationId"]
    assert response.headers["X-Correlation-Id"] == problem["correlationId"]
    return problem


def assert_gateway_problem(response: httpx.Response, status: int) -> None:
    """A problem document from API Gateway's own responses (the kit's ServiceApi): no function ran."""
    assert response.status_code == status, response.text
    # LocalStack (4.14) applies the gateway response's status code but not its template or headers.
    if "x-localstack" not in response.headers:
        assert response.headers["Content-Type"].startswith(PROBLEM)
        assert response.json()["correlationId"]


def assert_rejected_body(response: httpx.Response, *, deployed: bool, status_from_function: int) -> None:
    """Deployed, the gateway validates bodies against the route's schema first (400); locally the function does."""
    if deployed:
        assert_gateway_problem(response, 400)
    else:
        assert_problem(response, status_from_function)


def test_health_answers_ok(api: httpx.Client) -> None:
    response = api.get("health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("body", "message"), [({"name": "Ada"}, "Hello, Ada!"), ({"name": "Ada", "language": "fr"}, "Bonjour, Ada!")]
)
def test_a_greeting_is_created(api: httpx.Client, body: dict[str, str], message: str) -> None:
    response = api.post("greetings", json=body)

    assert response.status_code == 201, response.text
    assert response.json() == {"message": message, "language": body.get("language", "en")}


def test_a_body_that_is_not_json_is_a_400(api: httpx.Client, deployed: bool) -> None:
    response = api.post("greetings", content="{not json", headers={"Content-Type": "application/json"})

    assert_rejected_body(response, deployed=deployed, status_from_function=400)


def test_a_missing_body_is_a_400(api: httpx.Client, deployed: bool) -> None:
    response = api.post("greetings", headers={"Content-Type": "application/json"})

    assert_rejected_body(response, deployed=deployed, status_from_function=400)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({}, "name"),
        ({"name": "Ada", "language": "xx"}, "language"),
        ({"name": "Ada", "nmae": 1}, "nmae"),
    ],
    ids=["empty-name", "no-name", "unknown-language", "unknown-field"],
)
def test_a_body_off_the_schema_is_refused_naming_the_field(
    api: httpx.Client, deployed: bool, body: dict[str, object], field: str
) -> None:
    response = api.post("greetings", json=body)

    assert_rejected_body(response, deployed=deployed, status_from_function=422)
    if not deployed:
        assert field in [error["field"] for error in response.json()["errors"]]


def test_a_body_that_is_not_declared_json_is_a_415(api: httpx.Client) -> None:
    response = api.post("greetings", content='{"name": "Ada"}', headers={"Content-Type": "text/plain"})

    assert_problem(response, 415)


def test_a_body_over_the_limit_is_refused(api: httpx.Client, deployed: bool) -> None:
    response = api.post("greetings", json={"name": "x" * 100_000})

    assert_rejected_body(response, deployed=deployed, status_from_function=413)


def test_an_unknown_route_is_refused_with_the_gateways_status(api: httpx.Client, service_config: ServiceConfig) -> None:
    response = api.get("no-such-route")

    assert_gateway_problem(response, unknown_route_status(service_config.service.api_auth))
