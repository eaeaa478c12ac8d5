"""Alarms on the API stage beyond the SLOs: error spikes, client errors, tail latency.

No requests means nothing to be wrong about: missing data is not breaching.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.alarm_text import AlarmText, Severity
from lambda_service_kit.constructs.alarm_topics import AlarmTopics

SERVER_ERROR_RATE_PERCENT = 5
CLIENT_ERROR_RATE_PERCENT = 25
MIN_REQUESTS_FOR_CLIENT_ERROR_RATE = 50


class ApiAlarms(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        stage: apigateway.Stage,
        topics: AlarmTopics,
    ) -> None:
        super().__init__(scope, construct_id)
        five_minutes = Duration.minutes(5)
        requests = stage.metric_count(period=five_minutes, statistic="Sum")
        latency_threshold = 2 * config.observability.slo.latency_threshold_ms
        self.alarms = [
            topics.create_alarm(
                self,
                "ServerErrorRate",
                name=f"{config.stack_name}-api-5xx-rate",
                metric=cloudwatch.MathExpression(
                    expression="IF(requests > 0, 100 * errors / requests, 0)",
                    using_metrics={"requests": requests, "errors": stage.metric_server_error(period=five_minutes)},
                    label="5xx rate (%)",
                    period=five_minutes,
                ),
                threshold=SERVER_ERROR_RATE_PERCENT,
                evaluation_periods=2,
                text=AlarmText(
                    severity=Severity.P2,
                    meaning=f"Over {SERVER_ERROR_RATE_PERCENT}% of requests got a 5xx for 10 minutes.",
                    first_check="the Lambda errors graph and the latest errors on the dashboard.",
                    runbook_anchor="api-5xx-rate",
                ),
            ),
            topics.create_alarm(
                self,
                "ClientErrorRate",
                name=f"{config.stack_name}-api-4xx-rate",
                metric=cloudwatch.MathExpression(
                    expression=f"IF(requests >= {MIN_REQUESTS_FOR_CLIENT_ERROR_RATE}, 100 * errors / requests, 0)",
                    using_metrics={
                        "requests": stage.metric_count(period=Duration.minutes(15), statistic="Sum"),
                        "errors": stage.metric_client_error(period=Duration.minutes(15)),
                    },
                    label="4xx rate (%)",
                    period=Duration.minutes(15),
                ),
                threshold=CLIENT_ERROR_RATE_PERCENT,
                evaluation_periods=1,
                text=AlarmText(
                    severity=Severity.P3,
                    meaning=(
                        f"Over {CLIENT_ERROR_RATE_PERCENT}% of requests were refused as client errors in 15 minutes: "
                        "a broken client release, a contract change, or someone probing the API."
                    ),
                    first_check="the 'errors by route' Logs Insights query, grouped by status and route.",
                    runbook_anchor="api-4xx-rate",
                ),
            ),
            topics.create_alarm(
                self,
                "LatencyP99",
                name=f"{config.stack_name}-api-latency-p99",
                metric=stage.metric_latency(period=five_minutes, statistic="p99"),
                threshold=latency_threshold,
                evaluation_periods=3,
                text=AlarmText(
                    severity=Severity.P3,
                    meaning=f"The slowest 1% of requests took over {latency_threshold} ms for 15 minutes.",
                    first_check="Lambda duration and cold starts on the dashboard, then 'slowest requests'.",
                    runbook_anchor="api-latency-p99",
                ),
            ),
        ]
