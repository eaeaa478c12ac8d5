"""A local API server over a small hand-written template and an asset holding ``fake_function.py``."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.server import LocalApiServer
from lambda_service_kit.tools.local_api.template import LocalApi, load

FAKE_FUNCTION = Path(__file__).with_name("fake_function.py")
FUNCTION_ARN = {
    "Fn::Join": ["", ["arn:aws:apigateway:eu-west-1:lambda:path/functions/", {"Fn::GetAtt": ["Fn", "Arn"]}]]
}
TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"BinaryMediaTypes": ["application/octet-stream"]}},
        "Stage": {
            "Type": "AWS::ApiGateway::Stage",
            "Properties": {"StageName": "test", "Variables": {"color": "blue"}},
        },
        "Things": {
            "Type": "AWS::ApiGateway::Resource",
            "Properties": {"ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "things"},
        },
        "Thing": {
            "Type": "AWS::ApiGateway::Resource",
            "Properties": {"ParentId": {"Ref": "Things"}, "PathPart": "{action}"},
        },
        "ThingAny": {
            "Type": "AWS::ApiGateway::Method",
            "Properties": {
                "HttpMethod": "ANY",
                "ResourceId": {"Ref": "Thing"},
                "Integration": {"Type": "AWS_PROXY", "Uri": FUNCTION_ARN},
            },
        },
        "ThingsOptions": {
            "Type": "AWS::ApiGateway::Method",
            "Properties": {"HttpMethod": "OPTIONS", "ResourceId": {"Ref": "Things"}, "Integration": {"Type": "MOCK"}},
        },
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Handler": "fake_function.handler",
                "Timeout": 2,
                "MemorySize": 256,
                "Environment": {"Variables": {"GREETING": "hi", "TABLE_NAME": {"Ref": "Table"}}},
                "LoggingConfig": {"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG"},
            },
            "Metadata": {"aws:asset:path": "asset.fake"},
        },
        "UnknownRoute": {
            "Type": "AWS::ApiGateway::GatewayResponse",
            "Properties": {
                "ResponseType": "MISSING_AUTHENTICATION_TOKEN",
                "StatusCode": "404",
                "ResponseParameters": {"gatewayresponse.header.Content-Type": "'application/problem+json'"},
                "ResponseTemplates": {
                    "application/problem+json": '{"title":$context.error.messageString,"id":"$context.requestId"}'
                },
            },
        },
    }
}


@pytest.fixture(scope="session")
def local_api(tmp_path_factory: pytest.TempPathFactory) -> LocalApi:
    template = tmp_path_factory.mktemp("cdk.out") / "stack.template.json"
    template.write_text(json.dumps(TEMPLATE))
    return load(template, stack_name="stack")


@pytest.fixture(scope="session")
def fake_asset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    asset = tmp_path_factory.mktemp("asset")
    shutil.copy(FAKE_FUNCTION, asset / FAKE_FUNCTION.name)
    return asset


class Served:
    def __init__(self, server: LocalApiServer, logs: io.StringIO) -> None:
        self.server = server
        self.client = httpx.Client(base_url=server.url, timeout=10)
        self._logs = logs

    def log_lines(self) -> list[str]:
        return self._logs.getvalue().splitlines()


@pytest.fixture
def served(local_api: LocalApi, fake_asset: Path) -> Iterator[Served]:
    """The server on a free port of 127.0.0.1, writing JSON logs into memory; stopped even if the test fails."""
    logs = io.StringIO()
    server = LocalApiServer(local_api, asset=fake_asset, region="eu-west-1", logs=LogSink(json_lines=True, stream=logs))
    server.start()
    try:
        served = Served(server, logs)
        with served.client:
            yield served
    finally:
        server.stop()
