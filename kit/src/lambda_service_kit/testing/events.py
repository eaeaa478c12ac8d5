"""API Gateway REST proxy events, shaped as the gateway sends them (null maps included)."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FakeLambdaContext:
    function_name: str = "api-function"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:api-function"
    aws_request_id: str = "6f4f2b4e-7c1d-4a8e-9d3b-2f1e0c9a8b7d"
    log_group_name: str = "/aws/lambda/api-function"
    log_stream_name: str = "2026/11/27/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def rest_event(
    method: str,
    path: str,
    *,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, list[str]] | None = None,
    base64_encoded: bool = False,
    request_id: str | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A REST API (v1) proxy event for ``method path``, as API Gateway delivers it to Lambda.

    ``resource`` is the route's path as declared (``/greetings/{language}``; default: ``path``) and
    ``path_parameters`` the values the gateway took from ``path`` for it.
    """
    if isinstance(body, bytes):
        body = base64.b64encode(body).decode("ascii")
        base64_encoded = True
    headers = {"Accept": "application/json", "Host": "abc123.execute-api.example.com", **(headers or {})}
    request_id = request_id or str(uuid.uuid4())
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": {name: values[-1] for name, values in query.items()} if query else None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": "a1b2c3",
            "resourcePath": resource or path,
            "httpMethod": method,
            "extendedRequestId": "Tz1aGFk3DoEFhXw=",
            "requestTime": "27/Nov/2026:13:01:30 +0000",
            "path": f"/test{path}",
            "accountId": "123456789012",
            "protocol": "HTTP/1.1",
            "stage": "test",
            "domainPrefix": "abc123",
            "requestTimeEpoch": 1795784490000,
            "requestId": request_id,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": "203.0.113.10",
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": "pytest",
                "user": None,
            },
            "domainName": "abc123.execute-api.example.com",
            "apiId": "abc123",
        },
        "body": body,
        "isBase64Encoded": base64_encoded,
    }
