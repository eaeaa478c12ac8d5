"""Alarms and dashboard rows for every Lambda function in the stack, found when the app synthesizes.

A function added to the stack the documented way (``ServiceFunction``) or any
other way gets its alarms, its dashboard row and its runbook entries without
monitoring code of its own.
"""

from __future__ import annotations

import re

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.alarm_text import AlarmText, Severity
from lambda_service_kit.constructs.alarm_topics import AlarmTopics
from lambda_service_kit.constructs.dashboard import ServiceDashboard

NEAR_LIMIT = 0.8


class FunctionMonitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        topics: AlarmTopics,
        dashboard: ServiceDashboard,
    ) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self._topics = topics
        self._dashboard = dashboard

    def monitor(self, function: lambda_.Function) -> None:
        label = function_label(function)
        scope = Construct(self, label)
        name = f"{self._config.stack_name}-{label}"
        timeout_ms = (function.timeout or Duration.seconds(3)).to_milliseconds()
        reserved = function.node.default_child.reserved_concurrent_executions  # type: ignore[union-attr]
        concurrency_limit = reserved or self._config.observability.account_concurrency_limit
        five_minutes = Duration.minutes(5)
        alarms = [
            self._topics.create_alarm(
                scope,
                "Errors",
                name=f"{name}-errors",
                metric=function.metric_errors(period=five_minutes, statistic="Sum"),
                threshold=1,
                evaluation_periods=1,
                text=AlarmText(
                    severity=Severity.P2,
                    meaning=(
                        f"Function {label} failed an invocation (crash, timeout or out of memory); "
                        "the handler turns ordinary exceptions into 500s, so this is not one."
                    ),
                    first_check="the function's latest errors on the dashboard and its REPORT lines.",
                    runbook_anchor="function-errors",
                ),
            ),
            self._topics.create_alarm(
                scope,
                "Throttles",
                name=f"{name}-throttles",
                metric=function.metric_throttles(period=five_minutes, statistic="Sum"),
                threshold=1,
                evaluation_periods=1,
                text=AlarmText(
                    severity=Severity.P2,
                    meaning=f"Lambda refused invocations of {label}: the concurrency limit was reached.",
                    first_check="the concurrency graph, and whether traffic or duration went up.",
                    runbook_anchor="function-throttles",
                ),
            ),
            self._topics.create_alarm(
                scope,
                "DurationNearTimeout",
                name=f"{name}-duration-near-timeout",
                metric=function.metric_duration(period=five_minutes, statistic="p99"),
                threshold=round(timeout_ms * NEAR_LIMIT),
                evaluation_periods=3,
                text=AlarmText(
                    severity=Severity.P3,
                    meaning=(
                        f"The slowest 1% of {label} invocations ran over {NEAR_LIMIT:.0%} of the "
                        f"{timeout_ms / 1000:g} s timeout for 15 minutes; timeouts come next."
                    ),
                    first_check="the duration graph and the traces of the slowest requests.",
                    runbook_anchor="function-duration-near-timeout",
                ),
            ),
            self._topics.create_alarm(
                scope,
                "ConcurrencyNearLimit",
                name=f"{name}-concurrency-near-limit",
                metric=function.metric("ConcurrentExecutions", period=Duration.minutes(1), statistic="Maximum"),
                threshold=round(concurrency_limit * NEAR_LIMIT),
                evaluation_periods=3,
                text=AlarmText(
                    severity=Severity.P2,
                    meaning=(
                        f"{label} used over {NEAR_LIMIT:.0%} of its concurrency limit ({concurrency_limit}) "
                        "for 3 minutes; throttling comes next."
                    ),
                    first_check="request rate and duration: more traffic, or slower invocations?",
                    runbook_anchor="function-concurrency-near-limit",
                ),
            ),
        ]
        self._dashboard.add_function_row(label, function, alarms)


def function_label(function: lambda_.Function) -> str:
    """A readable, stable name: the construct path within the stack, ``ServiceFunction`` wrappers folded."""
    parts = [part for part in function.node.path.split("/")[1:] if part != "Function"]
    return re.sub(r"[^A-Za-z0-9-]", "-", "-".join(parts)) or "Function"
