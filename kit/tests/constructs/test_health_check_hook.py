"""The pre-traffic hook's inline code, run here against Stubber-checked Lambda and CodeDeploy clients:
it sends the new version the API Gateway event of GET /health and reports what it answered."""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from lambda_service_kit.constructs.health_check_hook import HOOK_CODE
from lambda_service_kit.testing.events import FakeLambdaContext

NEW_VERSION = "arn:aws:lambda:eu-west-1:123456789012:function:greeting-service-prod-ApiFunction:7"
HOOK_EVENT = {"DeploymentId": "d-ABCDEF123", "LifecycleEventHookExecutionId": "eyJhbGciOiJIUzI1NiJ9"}


def payload(document: dict[str, Any]) -> StreamingBody:
    raw = json.dumps(document).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The hook module's namespace, as Lambda loads index.py, with stubbed clients."""
    monkeypatch.setenv("NEW_VERSION", NEW_VERSION)
    monkeypatch.setenv("STAGE", "prod")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    namespace: dict[str, Any] = {}
    exec(compile(HOOK_CODE, "index.py", "exec"), namespace)  # noqa: S102 - the hook's own code, under test
    session = boto3.Session(region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")  # noqa: S106
    namespace["lambda_client"] = session.client("lambda")
    namespace["codedeploy"] = session.client("codedeploy")
    return namespace


def run(hook: dict[str, Any], answer: dict[str, Any], *, expected_status: str) -> dict[str, Any]:
    sent: dict[str, Any] = {}
    with Stubber(hook["lambda_client"]) as lambda_stub, Stubber(hook["codedeploy"]) as codedeploy_stub:
        lambda_stub.add_response("invoke", {"StatusCode": 200, **answer}, {"FunctionName": NEW_VERSION, "Payload": ANY})
        codedeploy_stub.add_response(
            "put_lifecycle_event_hook_execution_status",
            {"lifecycleEventHookExecutionId": HOOK_EVENT["LifecycleEventHookExecutionId"]},
            {
                "deploymentId": HOOK_EVENT["DeploymentId"],
                "lifecycleEventHookExecutionId": HOOK_EVENT["LifecycleEventHookExecutionId"],
                "status": expected_status,
            },
        )
        hook["lambda_client"].meta.events.register(
            "provide-client-params.lambda.Invoke", lambda params, **_: sent.update(json.loads(params["Payload"]))
        )
        hook["handler"](HOOK_EVENT, FakeLambdaContext())
        lambda_stub.assert_no_pending_responses()
        codedeploy_stub.assert_no_pending_responses()
    return sent


def test_a_healthy_new_version_lets_the_deploy_go_on(hook: dict[str, Any]) -> None:
    sent = run(hook, {"Payload": payload({"statusCode": 200, "body": '{"status": "ok"}'})}, expected_status="Succeeded")

    assert (sent["httpMethod"], sent["path"], sent["resource"]) == ("GET", "/health", "/health")
    assert sent["requestContext"]["stage"] == "prod"


def test_an_unhealthy_answer_fails_the_deploy(hook: dict[str, Any]) -> None:
    run(hook, {"Payload": payload({"statusCode": 503, "body": "{}"})}, expected_status="Failed")


def test_a_crashing_new_version_fails_the_deploy(hook: dict[str, Any]) -> None:
    crashed = {"FunctionError": "Unhandled", "Payload": payload({"errorType": "Runtime.ImportModuleError"})}

    run(hook, crashed, expected_status="Failed")
