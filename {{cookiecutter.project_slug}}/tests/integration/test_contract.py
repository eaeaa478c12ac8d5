"""The API keeps the promises of openapi.json: schemathesis draws requests from the document and checks
every answer: no 5xx; status, content type and body as the document declares them; no request the
document allows is refused. Bounded in examples and time, derandomized: CI sees the same cases each run.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.routes import load_document

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def contract(service: ServiceDefinition) -> Any:
    return schemathesis.openapi.from_dict(load_document(service.openapi_path))


schema = schemathesis.pytest.from_fixture("contract")


@schema.parametrize()
@settings(max_examples=40, deadline=5000, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_one_the_document_promises(case: schemathesis.Case, api: httpx.Client) -> None:
    # The session's client: signed as api_auth needs when API_URL names a deployment.
    request = case.as_transport_kwargs(base_url=str(api.base_url).rstrip("/"))
    response = api.request(
        request["method"],
        request["url"],
        params=request.get("params"),
        headers=request.get("headers"),
        content=request.get("data") if "json" not in request else None,
        json=request.get("json"),
    )

    case.validate_response(response)


def test_the_local_api_serves_the_document(api: httpx.Client, deployed: bool, service: ServiceDefinition) -> None:
    if deployed:
        pytest.skip("the document is served by `make local`; a deployment answers only its routes")
    served = api.get("openapi.json")

    assert served.status_code == 200
    assert {key: value for key, value in served.json().items() if key != "servers"} == load_document(
        service.openapi_path
    )
    assert served.json()["servers"] == [{"url": str(api.base_url).rstrip("/")}]
