"""Read a synthesized CloudFormation template: its alarms, their topics and runbook links, and references.

Plain Python on the JSON that ``make synth`` writes (``cdk.out/<stack>.template.json``): no CDK.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Template = Mapping[str, Any]

ALARM = "AWS::CloudWatch::Alarm"
COMPOSITE_ALARM = "AWS::CloudWatch::CompositeAlarm"
TOPIC = "AWS::SNS::Topic"
# What the kit's alarm descriptions start and end with (lambda_service_kit.constructs.alarm_text).
SEVERITY = re.compile(r"^(P[1-9]) \(")
RUNBOOK_LINK = re.compile(r"Runbook: (\S+?)#([A-Za-z0-9_-]+)$")
COMPARISONS = {
    "GreaterThanOrEqualToThreshold": "≥",
    "GreaterThanThreshold": ">",
    "LessThanThreshold": "<",
    "LessThanOrEqualToThreshold": "≤",
}


@dataclass(frozen=True, kw_only=True)
class CatalogueAlarm:
    """An alarm that notifies someone: what it is called, how bad, when it fires, where it goes."""

    logical_id: str
    name: str
    severity: str | None
    condition: str
    topics: tuple[str, ...]
    runbook_anchor: str | None
    description: str


def resources(template: Template) -> Mapping[str, Mapping[str, Any]]:
    found: Mapping[str, Mapping[str, Any]] = template.get("Resources", {})
    return found


def references(value: Any) -> Iterator[str]:
    """Every logical ID that ``value`` (a resource's properties) names with ``Ref`` or ``Fn::GetAtt``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                yield item
            elif key == "Fn::GetAtt":
                yield item[0] if isinstance(item, list) else str(item).split(".")[0]
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def notifying_alarms(template: Template) -> list[CatalogueAlarm]:
    """The alarms with an alarm action, in severity then name order; alarms that only feed a composite
    alarm notify no one and are described within it."""
    found = resources(template)
    catalogue = []
    for logical_id, resource in found.items():
        properties = resource.get("Properties", {})
        if resource["Type"] not in (ALARM, COMPOSITE_ALARM) or not properties.get("AlarmActions"):
            continue
        description = str(properties.get("AlarmDescription", ""))
        severity = SEVERITY.match(description)
        link = RUNBOOK_LINK.search(description)
        catalogue.append(
            CatalogueAlarm(
                logical_id=logical_id,
                name=_text(properties.get("AlarmName") or properties.get("CompositeAlarmName"), logical_id),
                severity=severity.group(1) if severity else None,
                condition=_condition(found, properties, resource["Type"]),
                topics=tuple(_topic_name(found, target) for target in references(properties["AlarmActions"])),
                runbook_anchor=link.group(2) if link else None,
                description=description,
            )
        )
    return sorted(catalogue, key=lambda alarm: (alarm.severity or "P9", alarm.name))


def _topic_name(found: Mapping[str, Mapping[str, Any]], logical_id: str) -> str:
    properties = found.get(logical_id, {}).get("Properties", {})
    return _text(properties.get("DisplayName") or properties.get("TopicName"), logical_id)


def _text(value: Any, fallback: str) -> str:
    return value if isinstance(value, str) else fallback


def _condition(found: Mapping[str, Mapping[str, Any]], properties: Mapping[str, Any], resource_type: str) -> str:
    if resource_type == ALARM:
        return _alarm_condition(properties)
    components = [found[target] for target in references(properties.get("AlarmRule")) if target in found]
    parts = [_alarm_condition(component.get("Properties", {})) for component in components]
    return "all of: " + "; ".join(parts) if parts else "composite rule"


def _alarm_condition(properties: Mapping[str, Any]) -> str:
    comparison = COMPARISONS.get(properties.get("ComparisonOperator", ""), properties.get("ComparisonOperator", "?"))
    periods = int(properties.get("EvaluationPeriods", 1))
    period = _period_seconds(properties)
    over = f" over {periods} x {_duration(period)}" if period else f" for {periods} periods"
    threshold = properties.get("Threshold")
    limit = f"{threshold:g}" if isinstance(threshold, int | float) else "?"
    return f"{_metric_label(properties)} {comparison} {limit}{over}"


def _period_seconds(properties: Mapping[str, Any]) -> int | None:
    if "Period" in properties:
        return int(properties["Period"])
    for metric in properties.get("Metrics", []):
        if metric.get("ReturnData", True) and "Period" in metric:
            return int(metric["Period"])
    for metric in properties.get("Metrics", []):
        if "MetricStat" in metric:
            return int(metric["MetricStat"]["Period"])
    return None


def _metric_label(properties: Mapping[str, Any]) -> str:
    if "MetricName" in properties:
        return f"{properties['MetricName']} ({properties.get('ExtendedStatistic') or properties.get('Statistic')})"
    for metric in properties.get("Metrics", []):
        if metric.get("ReturnData", True) and "Expression" in metric:
            return str(metric.get("Label") or metric["Expression"])
    return "metric"


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
