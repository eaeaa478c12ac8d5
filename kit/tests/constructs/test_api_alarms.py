"""ApiAlarms: the stage's 5xx rate, 4xx rate and tail latency beyond the objectives."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs import api_alarms

from tests.constructs.cloudformation import resources


def alarms_by_name(template: Template) -> dict[str, dict]:
    return {
        alarm["Properties"]["AlarmName"]: alarm["Properties"]
        for alarm in resources(template, "AWS::CloudWatch::Alarm", under="MonitoringApiAlarms").values()
    }


def test_the_stage_has_its_three_alarms(template: Template, config: ServiceConfig) -> None:
    assert set(alarms_by_name(template)) == {
        f"{config.stack_name}-api-5xx-rate",
        f"{config.stack_name}-api-4xx-rate",
        f"{config.stack_name}-api-latency-p99",
    }


def test_error_rates_are_percentages_of_requests(template: Template, config: ServiceConfig) -> None:
    alarms = alarms_by_name(template)
    server, client = alarms[f"{config.stack_name}-api-5xx-rate"], alarms[f"{config.stack_name}-api-4xx-rate"]

    assert server["Threshold"] == api_alarms.SERVER_ERROR_RATE_PERCENT
    assert client["Threshold"] == api_alarms.CLIENT_ERROR_RATE_PERCENT
    assert server["Metrics"][0]["Expression"] == "IF(requests > 0, 100 * errors / requests, 0)"
    # Few requests make a rate meaningless: the client error rate waits for enough of them.
    assert f"requests >= {api_alarms.MIN_REQUESTS_FOR_CLIENT_ERROR_RATE}" in client["Metrics"][0]["Expression"]


def test_tail_latency_alarms_at_twice_the_latency_objective(template: Template, config: ServiceConfig) -> None:
    latency = alarms_by_name(template)[f"{config.stack_name}-api-latency-p99"]

    assert latency["ExtendedStatistic"] == "p99"
    assert latency["Threshold"] == 2 * config.observability.slo.latency_threshold_ms
    assert latency["TreatMissingData"] == "notBreaching"
