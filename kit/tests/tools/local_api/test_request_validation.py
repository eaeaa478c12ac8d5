"""The local API validates requests as API Gateway's request validator does, and serves the OpenAPI document."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.server import LocalApiServer
from lambda_service_kit.tools.local_api.template import load

from tests.tools.local_api.conftest import TEMPLATE
from tests.tools.local_api.serving import serving

DOCUMENT = {"openapi": "3.1.0", "info": {"title": "things", "version": "1"}, "paths": {}}


def validated_template() -> dict[str, Any]:
    template = copy.deepcopy(TEMPLATE)
    resources = template["Resources"]
    resources["Validator"] = {
        "Type": "AWS::ApiGateway::RequestValidator",
        "Properties": {"ValidateRequestBody": True, "ValidateRequestParameters": True},
    }
    resources["ThingModel"] = {
        "Type": "AWS::ApiGateway::Model",
        "Properties": {
            "ContentType": "application/json",
            "Schema": {
                "$schema": "http://json-schema.org/draft-04/schema#",
                "type": "object",
                "properties": {"size": {"type": "integer", "maximum": 10}},
                "required": ["size"],
                "additionalProperties": False,
            },
        },
    }
    resources["ThingAny"]["Properties"] |= {
        "RequestValidatorId": {"Ref": "Validator"},
        "RequestParameters": {"method.request.querystring.tag": True, "method.request.header.X-Team": True},
        "RequestModels": {"application/json": {"Ref": "ThingModel"}},
    }
    resources["Default4xx"] = {
        "Type": "AWS::ApiGateway::GatewayResponse",
        "Properties": {
            "ResponseType": "DEFAULT_4XX",
            "ResponseTemplates": {"application/problem+json": '{"title":$context.error.messageString}'},
        },
    }
    return template


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, fake_asset: Path) -> Iterator[httpx.Client]:
    path = tmp_path_factory.mktemp("cdk.out") / "stack.template.json"
    path.write_text(json.dumps(validated_template()))
    logs = LogSink(json_lines=True, stream=io.StringIO())
    server = LocalApiServer(
        load(path, stack_name="stack"), asset=fake_asset, region="eu-west-1", logs=logs, document=DOCUMENT
    )
    with serving(server) as client:
        yield client


VALID = {"params": {"tag": "a"}, "headers": {"X-Team": "blue"}, "json": {"size": 3}}


def test_a_request_with_its_parameters_and_a_valid_body_reaches_the_function(client: httpx.Client) -> None:
    response = client.post("things/echo", **VALID)

    assert response.status_code == 200
    assert json.loads(response.json()["event"]["body"]) == {"size": 3}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"params": {}}, "Missing required request parameters: [tag]"),
        ({"params": {"tag": ""}}, "Missing required request parameters: [tag]"),
        ({"headers": {}}, "Missing required request parameters: [X-Team]"),
        ({"json": {"size": 11}}, "Invalid request body"),
        ({"json": {"size": 1, "extra": True}}, "Invalid request body"),
        ({"json": None, "content": b"{not json"}, "Invalid request body"),
        ({"json": None, "content": b"[" * 100_000}, "Invalid request body"),
    ],
    ids=["no-query", "blank-query", "no-header", "over-maximum", "extra-field", "not-json", "nested-too-deep"],
)
def test_a_request_the_gateway_would_refuse_is_a_400_before_the_function(
    client: httpx.Client, change: dict[str, Any], message: str
) -> None:
    request = {**VALID, **change}
    if request.get("json") is None:
        request.pop("json", None)
        request["headers"] = {**request["headers"], "Content-Type": "application/json"}

    response = client.post("things/echo", **request)

    assert response.status_code == 400
    assert response.json() == {"title": message}
    assert response.headers["Content-Type"] == "application/problem+json"


def test_a_body_of_a_type_without_a_model_is_not_validated(client: httpx.Client) -> None:
    response = client.post(
        "things/echo", params={"tag": "a"}, headers={"X-Team": "b", "Content-Type": "text/plain"}, content=b"hi"
    )

    assert response.status_code == 200


def test_the_document_is_served_beside_the_routes_with_this_server_as_its_server(client: httpx.Client) -> None:
    response = client.get("openapi.json")

    assert response.status_code == 200
    assert response.json() == {**DOCUMENT, "servers": [{"url": str(client.base_url).rstrip("/")}]}
