"""Replay a series of requests through a synthesized template's alarms, as CloudWatch would evaluate them.

Reads the alarms as synthesized (metric math, statistics, periods, evaluation periods, datapoints to
alarm, thresholds, missing-data treatment, composite rules) and evaluates them every minute over
API Gateway's metrics computed from the requests: ``Count``, ``5XXError`` and ``4XXError`` (Sum) and
``Latency`` (``PR(:t)``, ``Average``, ``Maximum``, ``pNN``).

Simplification, stated: each datapoint aggregates the ``period`` seconds before the evaluation time
(a sliding window; CloudWatch aligns periods to the clock, which moves a transition by less than a
period's step, not whether it happens).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lambda_service_kit.testing.load.results import RequestRecord
from lambda_service_kit.testing.metric_math import Value, evaluate

ALARM, OK = "ALARM", "OK"
EVALUATION_INTERVAL_SECONDS = 60
COMPARISONS = {
    "GreaterThanOrEqualToThreshold": lambda value, threshold: value >= threshold,
    "GreaterThanThreshold": lambda value, threshold: value > threshold,
    "LessThanThreshold": lambda value, threshold: value < threshold,
    "LessThanOrEqualToThreshold": lambda value, threshold: value <= threshold,
}
PERCENTILE_RANK = re.compile(r"PR\(:(\d+(?:\.\d+)?)\)")
PERCENTILE = re.compile(r"p(\d+(?:\.\d+)?)")


class UnsupportedAlarmError(ValueError):
    """An alarm this replay cannot evaluate (a metric it cannot compute from requests, an odd rule)."""


@dataclass(frozen=True, kw_only=True)
class MetricQuery:
    id: str
    expression: str | None = None
    metric_name: str | None = None
    statistic: str | None = None
    period: int = 60
    return_data: bool = True


@dataclass(frozen=True, kw_only=True)
class MetricAlarm:
    logical_id: str
    name: str
    queries: tuple[MetricQuery, ...]
    threshold: float
    comparison: str
    evaluation_periods: int
    datapoints_to_alarm: int
    treat_missing_data: str

    @property
    def period(self) -> int:
        return max(query.period for query in self.queries if query.metric_name is not None)

    def value(self, window: Sequence[RequestRecord]) -> Value:
        """The alarm's datapoint over one period's requests."""
        values: dict[str, Value] = {
            query.id: metric_value(query.metric_name, query.statistic or "", window)
            for query in self.queries
            if query.metric_name is not None
        }
        for query in self.queries:
            if query.expression is not None:
                values[query.id] = evaluate(query.expression, values)
        (returned,) = [query for query in self.queries if query.return_data]
        return values[returned.id]

    def breaching(self, value: Value) -> bool | None:
        """Whether a datapoint breaches; None for a missing one that keeps the alarm as it is."""
        if value is None:
            return {"breaching": True, "notBreaching": False}.get(self.treat_missing_data)
        return COMPARISONS[self.comparison](value, self.threshold)


@dataclass(frozen=True, kw_only=True)
class CompositeAlarm:
    logical_id: str
    name: str
    components: tuple[str, ...]  # logical ids of the metric alarms of its rule
    all_of: bool  # AND (True) or OR (False)
    alarm_actions: tuple[str, ...]  # logical ids of the topics it notifies
    description: str = ""

    @property
    def severity(self) -> str:
        """The kit's alarm descriptions start with their severity: P1 pages, P2 is urgent, P3 a ticket."""
        found = re.match(r"(P\d)\b", self.description)
        return found.group(1) if found else "?"


@dataclass(frozen=True)
class Transition:
    at_seconds: float
    state: str


@dataclass(kw_only=True)
class Replay:
    """Every alarm's state transitions (the initial OK is implied) over the replayed series."""

    transitions: dict[str, list[Transition]] = field(default_factory=dict)

    def states(self, name: str) -> list[str]:
        return [transition.state for transition in self.transitions.get(name, [])]

    def first(self, name: str, state: str, *, after: float = -math.inf) -> float | None:
        """When ``name`` first entered ``state`` after ``after`` seconds; None if it never did."""
        return next(
            (t.at_seconds for t in self.transitions.get(name, []) if t.state == state and t.at_seconds > after), None
        )

    def state_at(self, name: str, at_seconds: float) -> str:
        state = OK
        for transition in self.transitions.get(name, []):
            if transition.at_seconds <= at_seconds:
                state = transition.state
        return state


@dataclass(frozen=True)
class TemplateAlarms:
    metric_alarms: dict[str, MetricAlarm]
    composites: dict[str, CompositeAlarm]

    @classmethod
    def from_template(cls, template: dict[str, Any]) -> TemplateAlarms:
        resources: dict[str, dict[str, Any]] = template["Resources"]
        metric_alarms = {
            logical_id: _metric_alarm(logical_id, resource["Properties"])
            for logical_id, resource in resources.items()
            if resource["Type"] == "AWS::CloudWatch::Alarm" and "Metrics" in resource["Properties"]
        }
        composites = {
            logical_id: _composite(logical_id, resource["Properties"])
            for logical_id, resource in resources.items()
            if resource["Type"] == "AWS::CloudWatch::CompositeAlarm"
        }
        return cls(metric_alarms=metric_alarms, composites=composites)

    def composite(self, name: str) -> CompositeAlarm:
        (found,) = [alarm for alarm in self.composites.values() if alarm.name == name]
        return found

    def replay(self, records: Sequence[RequestRecord], *, until: float, names: Iterable[str] | None = None) -> Replay:
        """Evaluate the composites called ``names`` (all by default) and their components every minute."""
        series = RequestSeries(records)
        evaluation = Evaluation(self, names=names)
        steps = int((until - series.start) // EVALUATION_INTERVAL_SECONDS)
        for step in range(1, steps + 1):
            evaluation.at(series, series.start + step * EVALUATION_INTERVAL_SECONDS)
        return evaluation.replay


class RequestSeries:
    """Requests in time order, sliced by window in logarithmic time."""

    def __init__(self, records: Sequence[RequestRecord]) -> None:
        self.records = sorted(records, key=lambda record: record.at_seconds)
        self._times = [record.at_seconds for record in self.records]
        self.start = self._times[0] if self._times else 0.0

    def window(self, start: float, end: float) -> Sequence[RequestRecord]:
        return self.records[bisect.bisect_left(self._times, start) : bisect.bisect_left(self._times, end)]


class Evaluation:
    """The alarms' states, moved forward one evaluation at a time (a game day evaluates as it goes)."""

    def __init__(self, alarms: TemplateAlarms, *, names: Iterable[str] | None = None) -> None:
        wanted = None if names is None else set(names)
        self._alarms = alarms
        self.composites = [alarm for alarm in alarms.composites.values() if wanted is None or alarm.name in wanted]
        self.replay = Replay()
        self._states: dict[str, str] = {}

    def state(self, name: str) -> str:
        return self._states.get(name, OK)

    def at(self, series: RequestSeries, now: float) -> list[tuple[str, str]]:
        """Evaluate every alarm at ``now``; the composites that changed state, with their new state."""
        changed = []
        for composite in self.composites:
            components = [self._metric_alarm(self._alarms.metric_alarms[c], series, now) for c in composite.components]
            rule = all if composite.all_of else any
            state = ALARM if rule(component == ALARM for component in components) else OK
            if self._record(composite.name, state, now):
                changed.append((composite.name, state))
        return changed

    def _metric_alarm(self, alarm: MetricAlarm, series: RequestSeries, now: float) -> str:
        verdicts = [
            alarm.breaching(alarm.value(series.window(end - alarm.period, end)))
            for end in (now - index * alarm.period for index in range(alarm.evaluation_periods))
        ]
        known = [verdict for verdict in verdicts if verdict is not None]
        state = self.state(alarm.name)
        if known:
            state = ALARM if sum(known) >= alarm.datapoints_to_alarm else OK
        self._record(alarm.name, state, now)
        return state

    def _record(self, name: str, state: str, now: float) -> bool:
        if self.state(name) == state:
            return False
        self.replay.transitions.setdefault(name, []).append(Transition(now, state))
        self._states[name] = state
        return True


def metric_value(metric_name: str | None, statistic: str, window: Sequence[RequestRecord]) -> Value:
    """One of API Gateway's metrics over the requests of one window; None where it has no datapoint."""
    if not window:
        return None
    if metric_name == "Count" and statistic == "Sum":
        return float(len(window))
    if metric_name == "5XXError" and statistic == "Sum":
        return float(sum(record.server_error for record in window))
    if metric_name == "4XXError" and statistic == "Sum":
        return float(sum(400 <= record.status < 500 for record in window))  # noqa: PLR2004 - the 4xx class
    if metric_name == "Latency":
        return _latency(statistic, sorted(record.latency_ms for record in window if record.answered))
    raise UnsupportedAlarmError(f"cannot compute {metric_name} ({statistic}) from requests")


def _latency(statistic: str, latencies: list[float]) -> Value:
    if not latencies:
        return None
    if found := PERCENTILE_RANK.fullmatch(statistic):
        return 100 * sum(latency <= float(found.group(1)) for latency in latencies) / len(latencies)
    if found := PERCENTILE.fullmatch(statistic):
        return latencies[min(len(latencies) - 1, math.ceil(float(found.group(1)) / 100 * len(latencies)) - 1)]
    if statistic == "Average":
        return sum(latencies) / len(latencies)
    if statistic == "Maximum":
        return latencies[-1]
    raise UnsupportedAlarmError(f"cannot compute Latency ({statistic})")


def _metric_alarm(logical_id: str, properties: dict[str, Any]) -> MetricAlarm:
    queries = []
    for query in properties["Metrics"]:
        stat = query.get("MetricStat")
        queries.append(
            MetricQuery(
                id=query["Id"],
                expression=query.get("Expression"),
                metric_name=stat["Metric"]["MetricName"] if stat else None,
                statistic=stat["Stat"] if stat else None,
                period=int(stat["Period"]) if stat else int(query.get("Period", 60)),
                return_data=query.get("ReturnData", True),
            )
        )
    evaluation_periods = int(properties["EvaluationPeriods"])
    return MetricAlarm(
        logical_id=logical_id,
        name=properties.get("AlarmName", logical_id),
        queries=tuple(queries),
        threshold=float(properties["Threshold"]),
        comparison=properties["ComparisonOperator"],
        evaluation_periods=evaluation_periods,
        datapoints_to_alarm=int(properties.get("DatapointsToAlarm", evaluation_periods)),
        treat_missing_data=properties.get("TreatMissingData", "missing"),
    )


def _composite(logical_id: str, properties: dict[str, Any]) -> CompositeAlarm:
    """A rule of ``ALARM(<component>)`` joined by only ``AND`` or only ``OR``, as the kit synthesizes."""
    rule = properties["AlarmRule"]
    parts = rule["Fn::Join"][1] if isinstance(rule, dict) and "Fn::Join" in rule else [rule]
    components = tuple(part["Fn::GetAtt"][0] for part in parts if isinstance(part, dict) and "Fn::GetAtt" in part)
    text = " ".join(part for part in parts if isinstance(part, str))
    operators = set(re.findall(r"\b(AND|OR|NOT)\b", text))
    if not components or len(operators) > 1 or "NOT" in operators:
        raise UnsupportedAlarmError(f"{logical_id}: cannot read the alarm rule {rule!r}")
    actions = tuple(action["Ref"] for action in properties.get("AlarmActions", []) if isinstance(action, dict))
    return CompositeAlarm(
        logical_id=logical_id,
        name=properties.get("AlarmName", logical_id),
        components=components,
        all_of=operators != {"OR"},
        alarm_actions=actions,
        description=properties.get("AlarmDescription", ""),
    )
