"""The API over HTTP, as clients call it: run by `make test-integration` (local) and `make test-deployed`."""

from __future__ import annotations

import httpx
import pytest

from infra.config import ServiceConfig
from infra.constructs.auth import unknown_route_status

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == status
    assert problem["correlationId"]
    assert response.headers["X-Correlation-Id"] == problem["correlationId"]
    return problem


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


def test_a_body_that_is_not_json_is_a_400(api: httpx.Client) -> None:
    response = api.post("greetings", content="{not json", headers={"Content-Type": "application/json"})

    assert_problem(response, 400)


def test_a_missing_body_is_a_400(api: httpx.Client) -> None:
    assert_problem(api.post("greetings", headers={"Content-Type": "application/json"}), 400)


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
def test_a_body_off_the_schema_is_a_422_naming_the_field(
    api: httpx.Client, body: dict[str, object], field: str
) -> None:
    problem = assert_problem(api.post("greetings", json=body), 422)

    assert field in [error["field"] for error in problem["errors"]]  # type: ignore[attr-defined]


def test_a_body_that_is_not_declared_json_is_a_415(api: httpx.Client) -> None:
    response = api.post("greetings", content='{"name": "Ada"}', headers={"Content-Type": "text/plain"})

    assert_problem(response, 415)


def test_a_body_over_the_limit_is_a_413(api: httpx.Client) -> None:
    assert_problem(api.post("greetings", json={"name": "x" * 100_000}), 413)


def test_an_unknown_route_is_refused_with_the_gateways_status(api: httpx.Client, config: ServiceConfig) -> None:
    response = api.get("no-such-route")

    assert response.status_code == unknown_route_status(config)
    # LocalStack (4.14) applies the gateway response's status code but not its template or headers.
    if "x-localstack" not in response.headers:
        assert response.headers["Content-Type"].startswith(PROBLEM)
