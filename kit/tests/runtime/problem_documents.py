"""What every client-facing error must be: an RFC 9457 problem document naming the request."""

from __future__ import annotations

import json
from typing import Any

from lambda_service_kit.testing.strategies import response_header


def assert_problem(response: dict[str, Any], status: int, event: dict[str, Any]) -> dict[str, Any]:
    """The status, a problem document with the request's correlation id, and nothing of the implementation."""
    request_id = event["requestContext"]["requestId"]
    assert response["statusCode"] == status
    assert response_header(response, "Content-Type") == "application/problem+json"
    problem = json.loads(response["body"])
    assert problem["type"] == "about:blank"
    assert problem["status"] == status
    assert problem["correlationId"] == request_id
    assert response_header(response, "X-Correlation-Id") == request_id
    assert "Traceback" not in response["body"]
    assert ".py" not in response["body"]
    return problem
