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
    """A problem document from API Gateway's own responses (the kit's ServiceApi): no function ran.

    `make local` validates requests as the gateway does, so locally too the function never sees them.
    """
    assert response.status_code == status, response.text
    # LocalStack (4.14) applies the gateway response's status code but not its template or headers.
    if "x-localstack" not in response.headers:
        assert response.headers["Content-Type"].startswith(PROBLEM)
        assert response.json()["correlationId"]


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


@pytest.mark.parametrize(("language", "name"), [("fr", "Ada"), ("de", "  Zoë ")])
def test_a_greeting_is_read_in_the_language_of_the_path(api: httpx.Client, language: str, name: str) -> None:
    response = api.get(f"greetings/{language}", params={"name": name})

    assert response.status_code == 200, response.text
    assert response.json()["language"] == language
    assert response.json()["message"].endswith(f"{name.strip()}!")


def test_reading_without_the_required_name_is_refused_by_the_gateway(api: httpx.Client) -> None:
    assert_gateway_problem(api.get("greetings/fr"), 400)


def test_a_path_parameter_off_the_schema_is_a_422_naming_it(api: httpx.Client) -> None:
    problem = assert_problem(api.get("greetings/xx", params={"name": "Ada"}), 422)

    assert [error["field"] for error in problem["errors"]] == ["path.language"]


def test_a_body_that_is_not_json_is_a_400(api: httpx.Client) -> None:
    response = api.post("greetings", content="{not json", headers={"Content-Type": "application/json"})

    assert_gateway_problem(response, 400)


def test_a_missing_body_is_a_400(api: httpx.Client) -> None:
    assert_gateway_problem(api.post("greetings", headers={"Content-Type": "application/json"}), 400)


@pytest.mark.parametrize(
    "body",
    [{"name": ""}, {}, {"name": "Ada", "language": "xx"}, {"name": "Ada", "nmae": 1}, {"name": "\u0085"}],
    ids=["empty-name", "no-name", "unknown-language", "unknown-field", "blank-name"],
)
def test_a_body_off_the_schema_is_refused_by_the_gateway(api: httpx.Client, body: dict[str, object]) -> None:
    assert_gateway_problem(api.post("greetings", json=body), 400)


def test_a_body_that_is_not_declared_json_is_a_415(api: httpx.Client) -> None:
    response = api.post("greetings", content='{"name": "Ada"}', headers={"Content-Type": "text/plain"})

    assert_problem(response, 415)


def test_a_body_over_the_limit_is_refused(api: httpx.Client) -> None:
    assert_gateway_problem(api.post("greetings", json={"name": "x" * 100_000}), 400)


def test_an_unknown_route_is_refused_with_the_gateways_status(api: httpx.Client, service_config: ServiceConfig) -> None:
    response = api.get("no-such-route")

    assert_gateway_problem(response, unknown_route_status(service_config.service.api_auth))
