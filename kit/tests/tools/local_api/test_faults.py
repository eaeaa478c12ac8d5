"""Faults injected around the function, as FIS's Lambda actions do: errors (502) and added latency."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lambda_service_kit.tools.local_api.faults import INJECTED_ERROR, FaultInjector, FaultSettings
from lambda_service_kit.tools.local_api.function_process import Invocation
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.server import LocalApiServer
from lambda_service_kit.tools.local_api.template import LocalApi

from tests.tools.local_api.serving import serving


def test_no_fault_calls_the_function_as_it_is() -> None:
    calls = []
    injector = FaultInjector(chance=lambda: 0.0, sleep=calls.append)

    invocation = injector.invoke(lambda: Invocation(result={"statusCode": 200}))

    assert invocation.result == {"statusCode": 200}
    assert calls == []


def test_an_injected_error_fails_the_invocation_without_running_the_handler() -> None:
    ran = []
    injector = FaultInjector(FaultSettings(error_percent=30), chance=lambda: 0.29)

    invocation = injector.invoke(lambda: ran.append(True) or Invocation(result={}))

    assert invocation.failure == INJECTED_ERROR
    assert ran == []


def test_errors_fall_on_the_given_share_of_invocations() -> None:
    draws = iter(i / 100 for i in range(100))
    injector = FaultInjector(FaultSettings(error_percent=25), chance=lambda: next(draws))

    failures = sum(injector.invoke(lambda: Invocation(result={})).failure is not None for _ in range(100))

    assert failures == 25


def test_added_latency_delays_the_chosen_share_before_the_handler() -> None:
    slept: list[float] = []
    injector = FaultInjector(FaultSettings(latency_ms=1500, latency_percent=50), chance=lambda: 0.4, sleep=slept.append)

    injector.invoke(lambda: Invocation(result={}))
    injector.update(latency_percent=30)
    injector.invoke(lambda: Invocation(result={}))

    assert slept == [1.5]


@pytest.mark.parametrize("settings", [{"error_percent": 101}, {"latency_percent": -1}, {"latency_ms": -5}])
def test_impossible_settings_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        FaultSettings(**settings)


@pytest.fixture
def faulty_client(local_api: LocalApi, fake_asset: Path) -> Iterator[httpx.Client]:
    server = LocalApiServer(
        local_api,
        asset=fake_asset,
        region="eu-west-1",
        logs=LogSink(json_lines=True, stream=io.StringIO()),
        faults=FaultInjector(FaultSettings(error_percent=100)),
    )
    with serving(server) as client:
        yield client


def test_the_gateway_answers_an_injected_error_as_a_failed_invocation(faulty_client: httpx.Client) -> None:
    response = faulty_client.get("things/echo")

    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}
