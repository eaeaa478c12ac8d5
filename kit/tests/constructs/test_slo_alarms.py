"""SloAlarms: multi-window burn-rate alarms on the availability and latency objectives."""

from __future__ import annotations

import json
import re

import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.slo_alarms import BURN_WINDOWS, BurnWindow

from tests.constructs.cloudformation import only, resources


def severity_topic(template: Template, severity: str) -> str:
    (topic_id,) = [
        logical_id
        for logical_id, topic in resources(template, "AWS::SNS::Topic").items()
        if topic["Properties"]["DisplayName"].endswith(f" {severity} alarms")
    ]
    return topic_id


@pytest.mark.parametrize("window", BURN_WINDOWS, ids=lambda window: window.name)
@pytest.mark.parametrize("objective", ["availability", "latency"])
def test_a_burn_alarm_pairs_a_long_and_a_short_window_at_its_burn_rate(
    template: Template, config: ServiceConfig, objective: str, window: BurnWindow
) -> None:
    name = f"{config.stack_name}-{objective}-{window.name}"
    composites = template.find_resources("AWS::CloudWatch::CompositeAlarm", {"Properties": {"AlarmName": name}})
    assert len(composites) == 1
    ((composite_id, composite),) = composites.items()
    topic = {"Ref": severity_topic(template, window.severity.name)}
    members = re.findall(r"'Fn::GetAtt': \['([A-Za-z0-9]+)'", str(composite["Properties"]["AlarmRule"]))
    alarms = template.to_json()["Resources"]

    assert composite["Properties"]["AlarmActions"] == [topic]
    assert composite["Properties"]["OKActions"] == [topic]
    assert " AND " in json.dumps(composite["Properties"]["AlarmRule"]), composite_id
    periods = sorted(
        next(
            metric["MetricStat"]["Period"]
            for metric in alarms[member]["Properties"]["Metrics"]
            if "MetricStat" in metric
        )
        for member in members
    )
    assert periods == sorted([window.short.to_seconds(), window.long.to_seconds()])
    for member in members:
        properties = alarms[member]["Properties"]
        assert properties["Threshold"] == window.burn_rate
        assert properties["ActionsEnabled"] is False
        assert properties["TreatMissingData"] == "notBreaching"


def test_the_windows_page_fast_burns_and_ticket_slow_ones() -> None:
    fast, slow = BURN_WINDOWS

    assert (fast.burn_rate, fast.long.to_minutes(), fast.short.to_minutes(), fast.severity.name) == (14.4, 60, 5, "P1")
    assert (slow.burn_rate, slow.long.to_minutes(), slow.short.to_minutes(), slow.severity.name) == (6, 360, 30, "P2")


def test_the_error_budgets_come_from_the_objectives(template: Template, config: ServiceConfig) -> None:
    slo = config.observability.slo
    _, long_window = only(template, "AWS::CloudWatch::Alarm", under="MonitoringSloAlarmsAvailabilityFastBurnLong")
    _, latency_window = only(template, "AWS::CloudWatch::Alarm", under="MonitoringSloAlarmsLatencyFastBurnLong")

    availability = json.dumps(long_window["Properties"]["Metrics"])
    latency = json.dumps(latency_window["Properties"]["Metrics"])
    assert f"/ {1 - slo.availability_percent / 100:.6f}" in availability
    assert f"PR(:{slo.latency_threshold_ms})" in latency
    assert f"/ {1 - slo.latency_percent / 100:.6f}" in latency
