"""The API keeps the promises of openapi.json: schemathesis draws requests from the document and checks
every answer: no 5xx; status, content type and body as the document declares them; no request the
document allows is refused. Bounded in examples and time, derandomized: CI sees the same cases each run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.routes import load_document
from schemathesis import checks

pytestmark = pytest.mark.integration

CONTRACT = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "openapi.json")
# Every answer's status, content type, headers and body as documented, no 5xx, and no request the document
# allows refused (the gateway's validation and the function's agree with the document and each other).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.positive_data_acceptance,
]
OPERATIONS = {operation.label: operation for operation in (result.ok() for result in CONTRACT.get_all_operations())}


@pytest.mark.parametrize("label", sorted(OPERATIONS))
@settings(max_examples=40, deadline=5000, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_answer_is_one_the_document_promises(label: str, data: st.DataObject, api: httpx.Client) -> None:
    case = data.draw(OPERATIONS[label].as_strategy())
    # The session's client: signed as api_auth needs when API_URL names a deployment.
    request = case.as_transport_kwargs(base_url=str(api.base_url).rstrip("/"))
    response = api.request(
        request["method"],
        request["url"],
        params=request.get("params"),
        headers=request.get("headers"),
        content=request.get("data"),
        json=request.get("json"),
    )

    case.validate_response(response, checks=CHECKS, headers=request.get("headers"))


def test_the_local_api_serves_the_document(api: httpx.Client, deployed: bool, service: ServiceDefinition) -> None:
    if deployed:
        pytest.skip("the document is served by `make local`; a deployment answers only its routes")
    served: dict[str, Any] = api.get("openapi.json").raise_for_status().json()

    assert {key: value for key, value in served.items() if key != "servers"} == load_document(service.openapi_path)
    assert served["servers"] == [{"url": str(api.base_url).rstrip("/")}]
