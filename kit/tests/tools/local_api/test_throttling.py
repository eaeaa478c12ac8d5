"""The stage's throttling in the local API: a token bucket of the template's rate and burst, 429 problems."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.server import LocalApiServer
from lambda_service_kit.tools.local_api.template import LocalApi, load
from lambda_service_kit.tools.local_api.throttling import StageLimits, TokenBucket, stage_limits, throttled_response

from tests.tools.local_api.conftest import TEMPLATE
from tests.tools.local_api.serving import serving

PROBLEM_TEMPLATE = '{"title":$context.error.messageString,"correlationId":"$context.requestId"}'


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def throttled_template(*, rate: float, burst: int) -> dict[str, object]:
    resources = json.loads(json.dumps(TEMPLATE["Resources"]))
    resources["Stage"]["Properties"]["MethodSettings"] = [
        {"HttpMethod": "*", "ResourcePath": "/*", "ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}
    ]
    resources["Throttled"] = {
        "Type": "AWS::ApiGateway::GatewayResponse",
        "Properties": {
            "ResponseType": "THROTTLED",
            "StatusCode": "429",
            "ResponseParameters": {"gatewayresponse.header.Content-Type": "'application/problem+json'"},
            "ResponseTemplates": {"application/problem+json": PROBLEM_TEMPLATE},
        },
    }
    return {"Resources": resources}


def test_a_bucket_lets_a_burst_through_then_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(StageLimits(rate=2, burst=3), clock=clock)

    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.now = 0.5  # one token back at 2 a second
    assert [bucket.take(), bucket.take()] == [True, False]
    clock.now = 100  # never more than the burst
    assert sum(bucket.take() for _ in range(10)) == 3


def test_the_limits_are_the_stages_method_settings(tmp_path: Path) -> None:
    path = tmp_path / "stack.template.json"
    path.write_text(json.dumps(throttled_template(rate=50, burst=100)))
    unthrottled = tmp_path / "plain.template.json"
    unthrottled.write_text(json.dumps(TEMPLATE))

    assert stage_limits(path) == StageLimits(rate=50.0, burst=100)
    assert stage_limits(unthrottled) is None


def test_without_a_throttled_response_the_default_4xx_one_answers_429(local_api: LocalApi) -> None:
    response = throttled_response(local_api)

    assert response.status == 429
    assert "THROTTLED" not in local_api.gateway_responses


@pytest.fixture
def throttled_server(tmp_path: Path, fake_asset: Path) -> Iterator[tuple[httpx.Client, io.StringIO]]:
    path = tmp_path / "stack.template.json"
    path.write_text(json.dumps(throttled_template(rate=1, burst=2)))
    limits = stage_limits(path)
    assert limits is not None
    logs = io.StringIO()
    server = LocalApiServer(
        load(path, stack_name="stack"),
        asset=fake_asset,
        region="eu-west-1",
        logs=LogSink(json_lines=True, stream=logs),
        throttle=TokenBucket(limits),
    )
    with serving(server) as client:
        yield client, logs


def test_past_the_burst_the_local_api_answers_429_problems_and_never_calls_the_function(
    throttled_server: tuple[httpx.Client, io.StringIO],
) -> None:
    client, logs = throttled_server

    responses = [client.get("things/echo") for _ in range(6)]

    statuses = [response.status_code for response in responses]
    assert statuses[:2] == [200, 200]
    assert statuses.count(429) >= 3
    assert all(status in (200, 429) for status in statuses)
    for response in responses:
        if response.status_code == 429:
            assert response.headers["Content-Type"] == "application/problem+json"
            request_id = response.headers["x-amzn-RequestId"]
            assert response.json() == {"title": "Too Many Requests", "correlationId": request_id}
    statuses_logged = [json.loads(line)["status"] for line in logs.getvalue().splitlines() if '"status"' in line]
    assert statuses_logged.count(429) == statuses.count(429)
