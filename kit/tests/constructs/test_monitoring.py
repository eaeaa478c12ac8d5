"""Alarms, routing, runbooks, dashboard, saved queries, access logs and tracing in the synthesized template."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from aws_cdk import App, Environment
from aws_cdk.assertions import Annotations, Match, Template

from lambda_service_kit.config import ServiceConfig
from infra.config import ENVIRONMENTS, PROJECT_ROOT  # TODO
from lambda_service_kit.constructs.function import ServiceFunction
from infra.service_stack import ServiceStack

RUNBOOK = PROJECT_ROOT / "docs" / "runbooks.md"
RUNBOOK_LINK = re.compile(r"Runbook: docs/runbooks\.md#([a-z0-9-]+)$")


def alarms_of(template: Template) -> dict[str, dict[str, Any]]:
    return {
        **template.find_resources("AWS::CloudWatch::Alarm"),
        **template.find_resources("AWS::CloudWatch::CompositeAlarm"),
    }


def composite_members(template: Template) -> dict[str, str]:
    """Logical id of each alarm that feeds a composite -> the composite's logical id."""
    members = {}
    for composite_id, composite in template.find_resources("AWS::CloudWatch::CompositeAlarm").items():
        for member in re.findall(r"'Fn::GetAtt': \['([A-Za-z0-9]+)'", str(composite["Properties"]["AlarmRule"])):
            members[member] = composite_id
    return members


def topic_of(template: Template, severity: str) -> str:
    (topic_id,) = [
        logical_id
        for logical_id, topic in template.find_resources("AWS::SNS::Topic").items()
        if topic["Properties"]["DisplayName"].endswith(f" {severity} alarms")
    ]
    return topic_id


def test_every_alarm_notifies_or_feeds_a_composite_that_does(template: Template) -> None:
    members = composite_members(template)
    for logical_id, alarm in alarms_of(template).items():
        properties = alarm["Properties"]
        if logical_id in members:
            assert properties["ActionsEnabled"] is False, logical_id
            assert "notifies only through" in properties["AlarmDescription"]
            assert template.to_json()["Resources"][members[logical_id]]["Properties"]["AlarmActions"]
        else:
            assert properties["AlarmActions"], f"{logical_id} has no action"


def test_every_notifying_alarm_names_its_severity_and_links_an_existing_runbook_section(template: Template) -> None:
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', RUNBOOK.read_text(encoding="utf-8")))
    members = composite_members(template)
    linked = set()
    for logical_id, alarm in alarms_of(template).items():
        if logical_id in members:
            continue
        description = alarm["Properties"]["AlarmDescription"]
        severity = description[:2]
        assert severity in {"P1", "P2", "P3"}, description
        assert "First check:" in description
        link = RUNBOOK_LINK.search(description)
        assert link, description
        assert link.group(1) in anchors, f"{logical_id} links to a missing runbook section #{link.group(1)}"
        linked.add(link.group(1))
        topic = topic_of(template, severity)
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic}], logical_id
    assert linked == anchors, f"runbook sections without an alarm: {sorted(anchors - linked)}"


def test_every_alarm_decides_what_missing_data_means(template: Template) -> None:
    for logical_id, alarm in template.find_resources("AWS::CloudWatch::Alarm").items():
        assert alarm["Properties"]["TreatMissingData"] in {"notBreaching", "breaching", "ignore", "missing"}, logical_id


@dataclass(frozen=True)
class BurnExpectation:
    name: str
    long_seconds: int
    short_seconds: int
    burn_rate: float
    severity: str


@pytest.mark.parametrize(
    "expected",
    [BurnExpectation("fast-burn", 3600, 300, 14.4, "P1"), BurnExpectation("slow-burn", 21600, 1800, 6, "P2")],
    ids=lambda expected: expected.name,
)
@pytest.mark.parametrize("objective", ["availability", "latency"])
def test_burn_rate_alarms_pair_a_long_and_a_short_window(
    template: Template, config: ServiceConfig, objective: str, expected: BurnExpectation
) -> None:
    name, long_seconds, short_seconds = expected.name, expected.long_seconds, expected.short_seconds
    burn_rate, severity = expected.burn_rate, expected.severity
    composite_name = f"{config.stack_name}-{objective}-{name}"
    composites = template.find_resources(
        "AWS::CloudWatch::CompositeAlarm", {"Properties": {"AlarmName": composite_name}}
    )
    assert len(composites) == 1
    (composite_id,) = composites
    assert composites[composite_id]["Properties"]["AlarmActions"] == [{"Ref": topic_of(template, severity)}]
    members = [member for member, owner in composite_members(template).items() if owner == composite_id]
    windows = sorted(
        next(
            metric["MetricStat"]["Period"]
            for metric in template.to_json()["Resources"][member]["Properties"]["Metrics"]
            if "MetricStat" in metric
        )
        for member in members
    )
    assert windows == [short_seconds, long_seconds]
    for member in members:
        assert template.to_json()["Resources"][member]["Properties"]["Threshold"] == burn_rate
    assert " AND " in json.dumps(composites[composite_id]["Properties"]["AlarmRule"])


def test_slo_error_budgets_come_from_the_config(template: Template, config: ServiceConfig) -> None:
    slo = config.observability.slo
    expressions = json.dumps(template.find_resources("AWS::CloudWatch::Alarm"))

    assert f"/ {1 - slo.availability_percent / 100:.6f}" in expressions
    assert f"PR(:{slo.latency_threshold_ms})" in expressions
    assert f"/ {1 - slo.latency_percent / 100:.6f}" in expressions


def test_production_objectives_are_stricter_than_dev() -> None:
    dev, prod = ENVIRONMENTS["dev"].observability.slo, ENVIRONMENTS["prod"].observability.slo
    assert prod.availability_percent > dev.availability_percent
    assert prod.latency_percent > dev.latency_percent
    assert prod.latency_threshold_ms <= dev.latency_threshold_ms


def test_alarm_topics_are_encrypted_and_mail_the_alarm_email(template: Template, config: ServiceConfig) -> None:
    topics = {key: topic for key, topic in template.find_resources("AWS::SNS::Topic").items() if "AlarmTopics" in key}
    assert len(topics) == 3
    for topic_id, topic in topics.items():
        assert "KmsMasterKeyId" in topic["Properties"]
        subscriptions = template.find_resources(
            "AWS::SNS::Subscription", {"Properties": {"TopicArn": {"Ref": topic_id}}}
        )
        assert [subscription["Properties"] for subscription in subscriptions.values()] == [
            {"Protocol": "email", "TopicArn": {"Ref": topic_id}, "Endpoint": config.alarm_email}
        ]
    key_policy = json.dumps(template.find_resources("AWS::KMS::Key"))
    assert "cloudwatch.amazonaws.com" in key_policy


def test_each_function_has_resource_alarms(template: Template, config: ServiceConfig) -> None:
    names = {
        alarm["Properties"].get("AlarmName") for alarm in template.find_resources("AWS::CloudWatch::Alarm").values()
    }
    prefix = f"{config.stack_name}-ApiFunction"

    for suffix in ("errors", "throttles", "duration-near-timeout", "concurrency-near-limit"):
        assert f"{prefix}-{suffix}" in names
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": f"{prefix}-duration-near-timeout",
            "ExtendedStatistic": "p99",
            "Threshold": round(config.function.timeout_seconds * 1000 * 0.8),
        },
    )
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": f"{prefix}-concurrency-near-limit",
            "Threshold": round(config.observability.account_concurrency_limit * 0.8),
        },
    )


def test_monitoring_follows_functions_added_to_the_stack(config: ServiceConfig) -> None:
    app = App()
    stack = ServiceStack(app, config.stack_name, config=config, env=Environment(region=config.region))
    ServiceFunction(stack, "ReportsFunction", config=config, handler="reports.handler", description="Builds reports")

    template = Template.from_stack(stack)

    names = {
        alarm["Properties"].get("AlarmName") for alarm in template.find_resources("AWS::CloudWatch::Alarm").values()
    }
    for suffix in ("errors", "throttles", "duration-near-timeout", "concurrency-near-limit"):
        assert f"{config.stack_name}-ReportsFunction-{suffix}" in names
    dashboard = json.dumps(template.find_resources("AWS::CloudWatch::Dashboard"))
    assert "ReportsFunction: duration" in dashboard
    cold_starts = template.find_resources(
        "AWS::Logs::QueryDefinition", {"Properties": {"Name": f"{config.stack_name}/cold starts"}}
    )
    (query,) = cold_starts.values()
    assert len(query["Properties"]["LogGroupNames"]) == 2


def test_dashboard_shows_slos_traffic_functions_and_latest_errors(template: Template, config: ServiceConfig) -> None:
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == config.stack_name
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for expected in (
        "SLOs over the last",
        "error budget left",
        f"PR(:{config.observability.slo.latency_threshold_ms})",
        "Latency (ms)",
        "p90",
        "ColdStart",
        "Throttles",
        "ConcurrentExecutions",
        "alarms",
        'filter level = \\\\\\"ERROR\\\\\\"',
    ):
        assert expected in body, expected


def test_saved_queries_cover_errors_latency_cold_starts_and_one_request(
    template: Template, config: ServiceConfig
) -> None:
    names = {query["Properties"]["Name"] for query in template.find_resources("AWS::Logs::QueryDefinition").values()}

    assert names == {
        f"{config.stack_name}/{name}"
        for name in ("errors by route", "slowest requests", "cold starts", "one request (replace REQUEST_ID)")
    }


def test_api_access_logs_are_json_with_route_status_and_latencies(template: Template) -> None:
    (stage,) = template.find_resources("AWS::ApiGateway::Stage").values()
    setting = stage["Properties"]["AccessLogSetting"]
    fields = json.loads(re.sub(r"\$context\.(status|responseLatency)", "0", setting["Format"]))

    assert {"requestId", "httpMethod", "resourcePath", "status", "responseLatency", "integrationLatency"} <= set(fields)
    assert "AccessLogs" in json.dumps(setting["DestinationArn"])


def test_tracing_follows_the_tracing_option(template: Template, config: ServiceConfig) -> None:
    function = next(iter(template.find_resources("AWS::Lambda::Function").values()))["Properties"]
    (stage,) = template.find_resources("AWS::ApiGateway::Stage").values()
    rules = template.find_resources("AWS::XRay::SamplingRule")

    if config.tracing_enabled:
        assert function["TracingConfig"] == {"Mode": "Active"}
        assert stage["Properties"]["TracingEnabled"] is True
        (rule,) = rules.values()
        assert rule["Properties"]["SamplingRule"]["FixedRate"] == config.observability.trace_sample_rate
        assert rule["Properties"]["SamplingRule"]["ServiceName"] == f"{config.stack_name}/{config.environment}"
    else:
        assert function.get("TracingConfig", {"Mode": "PassThrough"}) == {"Mode": "PassThrough"}
        assert not stage["Properties"].get("TracingEnabled")
        assert rules == {}


def test_synth_reports_no_warnings(templates: dict[str, Template], config: ServiceConfig) -> None:
    app = App()
    stack = ServiceStack(app, config.stack_name, config=config, env=Environment(region=config.region))

    assert Annotations.from_stack(stack).find_warning("*", Match.any_value()) == []
