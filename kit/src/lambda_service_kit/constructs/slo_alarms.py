"""Multi-window, multi-burn-rate alarms on the availability and latency SLOs.

A page needs both a long and a short window burning the error budget faster
than the threshold: the long window proves the burn is significant, the short
one that it is still happening, so a spike alone does not page and a page
resets soon after the burn stops.

| alarm     | long window | short window | burn rate | budget spent when it fires | severity |
| --------- | ----------- | ------------ | --------- | -------------------------- | -------- |
| fast burn | 1 hour      | 5 minutes    | 14.4x     | 2% of 28 days in 1 hour    | P1       |
| slow burn | 6 hours     | 30 minutes   | 6x        | 5% of 28 days in 6 hours   | P2       |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from lambda_service_kit.burn_rates import SLO_BURN_RATE_WINDOWS
from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.alarm_text import AlarmText, Severity, component_description
from lambda_service_kit.constructs.alarm_topics import AlarmTopics


@dataclass(frozen=True)
class BurnWindow:
    name: str
    long: Duration
    short: Duration
    burn_rate: float
    severity: Severity


BURN_WINDOWS = tuple(
    BurnWindow(
        windows.name,
        Duration.minutes(windows.long_minutes),
        Duration.minutes(windows.short_minutes),
        windows.burn_rate,
        Severity[windows.severity],
    )
    for windows in SLO_BURN_RATE_WINDOWS
)


class SloAlarms(Construct):
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
        slo = config.observability.slo
        self.composites: list[cloudwatch.CompositeAlarm] = []
        # The P1 alarms, which page: what stops a chaos experiment.
        self.pages: list[cloudwatch.CompositeAlarm] = []
        for window in BURN_WINDOWS:
            self.composites.append(
                self._burn_alarm(
                    config=config,
                    topics=topics,
                    objective="availability",
                    window=window,
                    burn_rate=lambda period: availability_burn_rate(stage, period, slo.availability_percent),
                    text=AlarmText(
                        severity=window.severity,
                        meaning=(
                            f"More than {window.burn_rate:g}x the error budget of the {slo.availability_percent}% "
                            f"availability SLO is being spent: too many 5xx responses."
                        ),
                        first_check="the dashboard's error graphs and the 'errors by route' Logs Insights query.",
                        runbook_anchor=f"availability-{window.name}",
                    ),
                )
            )
            self.composites.append(
                self._burn_alarm(
                    config=config,
                    topics=topics,
                    objective="latency",
                    window=window,
                    burn_rate=lambda period: latency_burn_rate(
                        stage, period, slo.latency_percent, slo.latency_threshold_ms
                    ),
                    text=AlarmText(
                        severity=window.severity,
                        meaning=(
                            f"More than {window.burn_rate:g}x the error budget of the latency SLO "
                            f"({slo.latency_percent}% of requests within {slo.latency_threshold_ms} ms) is being spent."
                        ),
                        first_check="the dashboard's latency and Lambda duration graphs, then 'slowest requests'.",
                        runbook_anchor=f"latency-{window.name}",
                    ),
                )
            )
            if window.severity is Severity.P1:
                self.pages.extend(self.composites[-2:])

    def _burn_alarm(
        self,
        *,
        config: ServiceConfig,
        topics: AlarmTopics,
        objective: str,
        window: BurnWindow,
        burn_rate: Callable[[Duration], cloudwatch.IMetric],
        text: AlarmText,
    ) -> cloudwatch.CompositeAlarm:
        name = f"{config.stack_name}-{objective}-{window.name}"
        components = []
        for label, period in (("long", window.long), ("short", window.short)):
            components.append(
                cloudwatch.Alarm(
                    self,
                    f"{objective.title()}{window.name.title().replace('-', '')}{label.title()}Window",
                    alarm_name=f"{name}-{label}-window",
                    alarm_description=component_description(name, f"{period.to_minutes()} minute"),
                    metric=burn_rate(period),
                    threshold=window.burn_rate,
                    evaluation_periods=1,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    # No traffic spends no error budget.
                    treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                    actions_enabled=False,
                )
            )
        composite = cloudwatch.CompositeAlarm(
            self,
            f"{objective.title()}{window.name.title().replace('-', '')}",
            composite_alarm_name=name,
            alarm_description=text.description(topics.runbook_url),
            alarm_rule=cloudwatch.AlarmRule.all_of(*components),
        )
        composite.add_alarm_action(topics.action(window.severity))
        composite.add_ok_action(topics.action(window.severity))
        return composite


def availability_burn_rate(stage: apigateway.Stage, period: Duration, target_percent: float) -> cloudwatch.IMetric:
    """How many times faster than sustainable the 5xx responses spend the availability error budget."""
    budget = 1 - target_percent / 100
    return cloudwatch.MathExpression(
        expression=f"IF(requests > 0, (errors / requests) / {budget:.6f}, 0)",
        using_metrics={
            "requests": stage.metric_count(period=period, statistic="Sum"),
            "errors": stage.metric_server_error(period=period, statistic="Sum"),
        },
        period=period,
        label="availability burn rate",
    )


def latency_burn_rate(
    stage: apigateway.Stage, period: Duration, target_percent: float, threshold_ms: int
) -> cloudwatch.IMetric:
    """How many times faster than sustainable slow requests spend the latency error budget.

    ``PR(:threshold)`` is CloudWatch's percentile rank: the percentage of requests at or under it.
    """
    budget = 1 - target_percent / 100
    return cloudwatch.MathExpression(
        expression=f"(100 - within_threshold) / 100 / {budget:.6f}",
        using_metrics={"within_threshold": stage.metric_latency(period=period, statistic=f"PR(:{threshold_ms})")},
        period=period,
        label="latency burn rate",
    )
