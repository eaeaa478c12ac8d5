"""Translate between HTTP and the REST API Gateway (v1) Lambda proxy integration."""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from lambda_service_kit.tools.local_api.template import GatewayResponse, Route

ACCOUNT_ID = "123456789012"
API_ID = "local"
INTERNAL_SERVER_ERROR = {"message": "Internal server error"}


@dataclass(frozen=True, kw_only=True)
class IncomingRequest:
    """What the gateway knows about a request once it has matched a route."""

    request: Request
    raw_headers: Iterable[tuple[str, str]]
    path: str  # without the stage
    stage: str
    route: Route
    path_parameters: dict[str, str]
    request_id: str
    stage_variables: dict[str, str] | None
    binary_media_types: tuple[str, ...]


def proxy_event(incoming: IncomingRequest) -> dict[str, Any]:
    """The event API Gateway gives a Lambda proxy integration, null maps included."""
    request = incoming.request
    multi_headers: dict[str, list[str]] = {}
    for name, value in incoming.raw_headers:
        multi_headers.setdefault(name, []).append(value)
    multi_query = {name: request.args.getlist(name) for name in request.args}
    body, is_base64 = _body(request, incoming.binary_media_types)
    now = time.time()
    return {
        "resource": incoming.route.resource,
        "path": incoming.path,
        "httpMethod": request.method,
        "headers": {name: values[-1] for name, values in multi_headers.items()} or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {name: values[-1] for name, values in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": incoming.path_parameters or None,
        "stageVariables": incoming.stage_variables,
        "requestContext": {
            "resourceId": incoming.route.resource_id,
            "resourcePath": incoming.route.resource,
            "httpMethod": request.method,
            "extendedRequestId": incoming.request_id,
            "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "path": f"/{incoming.stage}{incoming.path}",
            "accountId": ACCOUNT_ID,
            "protocol": request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
            "stage": incoming.stage,
            "domainPrefix": request.host.split(".", 1)[0],
            "requestTimeEpoch": int(now * 1000),
            "requestId": incoming.request_id,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": request.remote_addr,
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": request.user_agent.string or None,
                "user": None,
            },
            "domainName": request.host,
            "apiId": API_ID,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


def _body(request: Request, binary_media_types: tuple[str, ...]) -> tuple[str | None, bool]:
    data = request.get_data(cache=False)
    if not data:
        return None, False
    media_type = (request.mimetype or "").lower()
    if any(fnmatch.fnmatch(media_type, pattern.lower()) for pattern in binary_media_types):
        return base64.b64encode(data).decode("ascii"), True
    return data.decode("utf-8", errors="replace"), False


class MalformedResponseError(ValueError):
    """The function answered something API Gateway cannot turn into an HTTP response."""


def http_response(result: Any, *, request_id: str) -> Response:
    """The HTTP response API Gateway makes of a proxy integration's result."""
    if not isinstance(result, Mapping) or not isinstance(result.get("statusCode"), int):
        raise MalformedResponseError("the result has no integer statusCode")
    body = result.get("body") or ""
    if not isinstance(body, str):
        raise MalformedResponseError("the body is not a string")
    try:
        payload = base64.b64decode(body, validate=True) if result.get("isBase64Encoded") else body.encode()
    except (binascii.Error, ValueError):
        raise MalformedResponseError("isBase64Encoded is set but the body is not base64") from None
    response = Response(payload, status=result["statusCode"])
    response.headers.remove("Content-Type")
    headers = {**(result.get("headers") or {})}
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.pop(name, None)
        for value in values:
            response.headers.add(name, str(value))
    for name, value in headers.items():
        response.headers.add(name, str(value))
    if "Content-Type" not in response.headers:
        response.headers["Content-Type"] = "application/json"
    response.headers["x-amzn-RequestId"] = request_id
    return response


def bad_gateway(request_id: str) -> Response:
    """API Gateway's answer when the function fails, times out or answers nonsense."""
    response = Response(json.dumps(INTERNAL_SERVER_ERROR), status=502, content_type="application/json")
    response.headers["x-amzn-ErrorType"] = "InternalServerErrorException"
    response.headers["x-amzn-RequestId"] = request_id
    return response


def gateway_response(definition: GatewayResponse, *, message: str, request_id: str) -> Response:
    """A gateway response from the template, its mapping template rendered for the two values it may use."""
    content_type, template = next(iter(definition.templates.items()), ("application/json", ""))
    body = template.replace("$context.error.messageString", json.dumps(message)).replace(
        "$context.requestId", request_id
    )
    response = Response(body, status=definition.status, content_type=content_type)
    for name, value in definition.headers.items():
        response.headers[name] = value
    response.headers["x-amzn-RequestId"] = request_id
    return response
