"""ServiceDashboard: alarm status, SLO attainment, API traffic, then a row per function with its latest errors."""

from __future__ import annotations

import json

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig

from tests.constructs.cloudformation import only


def dashboard_body(template: Template) -> str:
    _, dashboard = only(template, "AWS::CloudWatch::Dashboard")
    return json.dumps(dashboard["Properties"]["DashboardBody"])


def test_one_dashboard_named_after_the_stack(template: Template, config: ServiceConfig) -> None:
    _, dashboard = only(template, "AWS::CloudWatch::Dashboard")

    assert dashboard["Properties"]["DashboardName"] == config.stack_name


def test_it_shows_the_alarms_and_the_objectives_over_their_window(template: Template, config: ServiceConfig) -> None:
    slo = config.observability.slo
    body = dashboard_body(template)

    for expected in (
        "SLO and API alarms",
        f"SLOs over the last {slo.window_days} days",
        f"availability (SLO {slo.availability_percent}%)",
        "error budget left",
        f"PR(:{slo.latency_threshold_ms})",
    ):
        assert expected in body, expected
    for composite_id in template.find_resources("AWS::CloudWatch::CompositeAlarm"):
        assert composite_id in body


def test_it_shows_api_traffic_and_the_functions_row(template: Template) -> None:
    body = dashboard_body(template)

    for expected in (
        "Requests",
        "Latency (ms)",
        "p90",
        "Function ApiFunction",
        "ApiFunction: cold starts",
        "ColdStart",
        "Throttles",
        "ConcurrentExecutions",
        "ApiFunction: latest errors",
        'filter level = \\\\\\"ERROR\\\\\\"',
    ):
        assert expected in body, expected
