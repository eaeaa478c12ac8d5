"""One CloudWatch dashboard per service and environment.

Rows: alarm status; SLO attainment and error budget left over the SLO window;
API traffic, errors and latency; then one row per Lambda function (added by
``FunctionMonitoring`` for every function in the stack) with its latest errors.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.slo_alarms import availability_burn_rate

FULL_WIDTH = 24
LATEST_ERRORS_QUERY = (
    "fields @timestamp, level, message, correlation_id, trace_id, exception_name\n"
    '| filter level = "ERROR"\n'
    "| sort @timestamp desc\n"
    "| limit 20"
)


class ServiceDashboard(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        stage: apigateway.Stage,
        alarms: list[cloudwatch.IAlarm],
    ) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self.dashboard = cloudwatch.Dashboard(
            self,
            "Dashboard",
            dashboard_name=config.stack_name,
            default_interval=Duration.hours(3),
        )
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title="SLO and API alarms", alarms=alarms, width=FULL_WIDTH, height=3)
        )
        self._add_slo_row(stage)
        self._add_api_row(stage)

    def add_function_row(self, name: str, function: lambda_.Function, alarms: list[cloudwatch.IAlarm]) -> None:
        cold_starts = cloudwatch.Metric(
            namespace=self._config.metrics_namespace,
            metric_name="ColdStart",
            dimensions_map={"function_name": function.function_name, "service": self._config.service_name},
            statistic="Sum",
            label="cold starts",
        )
        self.dashboard.add_widgets(
            cloudwatch.TextWidget(markdown=f"### Function {name}", width=FULL_WIDTH, height=1),
            cloudwatch.GraphWidget(
                title=f"{name}: duration (ms)",
                left=[function.metric_duration(statistic=stat, label=stat) for stat in ("p50", "p90", "p99")],
                width=6,
            ),
            cloudwatch.GraphWidget(title=f"{name}: cold starts", left=[cold_starts], width=6),
            cloudwatch.GraphWidget(
                title=f"{name}: errors and throttles",
                left=[function.metric_errors(label="errors"), function.metric_throttles(label="throttles")],
                width=6,
            ),
            cloudwatch.GraphWidget(
                title=f"{name}: concurrency",
                left=[function.metric("ConcurrentExecutions", statistic="Maximum", label="concurrent executions")],
                width=6,
            ),
        )
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title=f"{name}: alarms", alarms=alarms, width=6, height=6),
            cloudwatch.LogQueryWidget(
                title=f"{name}: latest errors",
                log_group_names=[function.log_group.log_group_name],
                query_string=LATEST_ERRORS_QUERY,
                width=18,
                height=6,
            ),
        )

    def _add_slo_row(self, stage: apigateway.Stage) -> None:
        slo = self._config.observability.slo
        window = Duration.days(slo.window_days)
        requests = stage.metric_count(period=window, statistic="Sum")
        availability = cloudwatch.MathExpression(
            expression="IF(requests > 0, 100 * (1 - errors / requests), 100)",
            using_metrics={"requests": requests, "errors": stage.metric_server_error(period=window, statistic="Sum")},
            label=f"availability (SLO {slo.availability_percent}%)",
            period=window,
        )
        budget_left = cloudwatch.MathExpression(
            expression="100 * (1 - burn)",
            using_metrics={"burn": availability_burn_rate(stage, window, slo.availability_percent)},
            label="availability error budget left (%)",
            period=window,
        )
        within_latency = stage.metric_latency(
            period=window,
            statistic=f"PR(:{slo.latency_threshold_ms})",
            label=f"requests within {slo.latency_threshold_ms} ms (SLO {slo.latency_percent}%)",
        )
        self.dashboard.add_widgets(
            cloudwatch.SingleValueWidget(
                title=f"SLOs over the last {slo.window_days} days",
                metrics=[availability, budget_left, within_latency],
                period=window,
                width=FULL_WIDTH,
                height=4,
            )
        )

    def _add_api_row(self, stage: apigateway.Stage) -> None:
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Requests", left=[stage.metric_count(statistic="Sum", label="requests")], width=8
            ),
            cloudwatch.GraphWidget(
                title="Errors",
                left=[
                    stage.metric_client_error(statistic="Sum", label="4xx"),
                    stage.metric_server_error(statistic="Sum", label="5xx"),
                ],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Latency (ms)",
                left=[stage.metric_latency(statistic=stat, label=stat) for stat in ("p50", "p90", "p99")],
                width=8,
            ),
        )
