"""The example's burn-rate alarms, read from its synthesized template and replayed over request series.

Dev's availability SLO is 99%: a 1% error budget. Fast burn pages at 14.4x in both 1 hour and 5 minutes,
slow burn at 6x in both 6 hours and 30 minutes (``lambda_service_kit.constructs.slo_alarms``).
"""

from __future__ import annotations

import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.testing.alarm_replay import ALARM, OK, TemplateAlarms, UnsupportedAlarmError
from lambda_service_kit.testing.load.results import RequestRecord

MINUTE = 60
HOUR = 60 * MINUTE
# Ten requests a minute, one every six seconds.
SPACING = 6


def traffic(start: float, end: float, *, status: int = 200, latency_ms: float = 40) -> list[RequestRecord]:
    return [RequestRecord(start + i * SPACING, status, latency_ms) for i in range(int((end - start) / SPACING))]


def failing_share(start: float, end: float, *, every: int) -> list[RequestRecord]:
    """Traffic where every ``every``-th request is a 502, the others 200."""
    return [
        RequestRecord(record.at_seconds, 502 if index % every == 0 else 200, record.latency_ms)
        for index, record in enumerate(traffic(start, end))
    ]


@pytest.fixture(scope="module")
def dev(templates: dict[str, Template]) -> TemplateAlarms:
    return TemplateAlarms.from_template(templates["dev"].to_json())


@pytest.fixture(scope="module")
def dev_config(example_environments: dict[str, ServiceConfig]) -> ServiceConfig:
    return example_environments["dev"]


def name(config: ServiceConfig, alarm: str) -> str:
    return f"{config.stack_name}-{alarm}"


def test_the_alarms_are_read_as_synthesized(dev: TemplateAlarms, dev_config: ServiceConfig) -> None:
    fast = dev.composite(name(dev_config, "availability-fast-burn"))
    long_window, short_window = (dev.metric_alarms[logical_id] for logical_id in fast.components)

    assert fast.all_of
    assert fast.severity == "P1"
    assert {long_window.period, short_window.period} == {HOUR, 5 * MINUTE}
    assert long_window.threshold == short_window.threshold == 14.4
    assert long_window.treat_missing_data == "notBreaching"
    assert dev.composite(name(dev_config, "latency-slow-burn")).severity == "P2"


def test_an_outage_pages_through_the_fast_burn_within_its_window_and_clears_after_recovery(
    dev: TemplateAlarms, dev_config: ServiceConfig
) -> None:
    outage_start, outage_end = 7 * HOUR, 7 * HOUR + 15 * MINUTE
    records = traffic(0, outage_start) + traffic(outage_start, outage_end, status=502) + traffic(outage_end, 9 * HOUR)

    replay = dev.replay(records, until=9 * HOUR)

    fast, slow = name(dev_config, "availability-fast-burn"), name(dev_config, "availability-slow-burn")
    fired = replay.first(fast, ALARM)
    assert fired is not None
    # 14.4% of an hour's requests failing: 8.64 minutes of a full outage, evaluated each minute.
    assert 8 * MINUTE <= fired - outage_start <= 10 * MINUTE
    cleared = replay.first(fast, OK, after=fired)
    assert cleared is not None
    # The 5-minute window forgets the outage within its length.
    assert outage_end < cleared <= outage_end + 6 * MINUTE
    assert replay.states(slow) == []
    assert replay.state_at(fast, 9 * HOUR) == OK


def test_a_short_spike_fires_neither_burn_rate(dev: TemplateAlarms, dev_config: ServiceConfig) -> None:
    spike_start = 7 * HOUR
    records = (
        traffic(0, spike_start)
        + traffic(spike_start, spike_start + 3 * MINUTE, status=503)
        + traffic(spike_start + 3 * MINUTE, 8 * HOUR)
    )

    replay = dev.replay(records, until=8 * HOUR)

    # The short windows burn, the long ones do not: no page.
    assert replay.states(name(dev_config, "availability-fast-burn")) == []
    assert replay.states(name(dev_config, "availability-slow-burn")) == []
    assert replay.first(f"{name(dev_config, 'availability-fast-burn')}-short-window", ALARM) is not None


def test_a_long_moderate_burn_fires_the_slow_burn_only(dev: TemplateAlarms, dev_config: ServiceConfig) -> None:
    # 10% of requests failing is 10x the budget: over the slow burn's 6x, under the fast burn's 14.4x.
    start, end = 7 * HOUR, 12 * HOUR
    records = traffic(0, start) + failing_share(start, end, every=10) + traffic(end, 14 * HOUR)

    replay = dev.replay(records, until=14 * HOUR)

    slow = name(dev_config, "availability-slow-burn")
    fired = replay.first(slow, ALARM)
    assert fired is not None
    # 6% of six hours' requests failing at 10% takes 3.6 hours, after a clean history.
    assert 3.5 * HOUR <= fired - start <= 3.7 * HOUR
    assert replay.states(name(dev_config, "availability-fast-burn")) == []
    cleared = replay.first(slow, OK, after=fired)
    assert cleared is not None
    assert end < cleared <= end + 31 * MINUTE


def test_slow_requests_burn_the_latency_budget(dev: TemplateAlarms, dev_config: ServiceConfig) -> None:
    threshold = dev_config.observability.slo.latency_threshold_ms
    start = 7 * HOUR
    records = (
        traffic(0, start)
        + traffic(start, start + 50 * MINUTE, latency_ms=threshold * 2)
        + traffic(start + 50 * MINUTE, 9 * HOUR)
    )

    replay = dev.replay(records, until=9 * HOUR)

    fast = name(dev_config, "latency-fast-burn")
    fired = replay.first(fast, ALARM)
    # Every request slow is 20x a 5% budget; 14.4x over the hour takes 72% of it: 43.2 minutes.
    assert fired is not None
    assert 43 * MINUTE <= fired - start <= 45 * MINUTE
    assert replay.first(fast, OK, after=fired) is not None
    assert replay.states(name(dev_config, "availability-fast-burn")) == []


def test_no_traffic_spends_no_budget(dev: TemplateAlarms) -> None:
    """Once the one failed request has left every window, no datapoint is no breach (notBreaching)."""
    replay = dev.replay([RequestRecord(0, 500, 10)], until=8 * HOUR)

    assert replay.transitions
    assert all(replay.state_at(alarm, 8 * HOUR) == OK for alarm in replay.transitions)


def test_a_rule_it_cannot_read_is_refused() -> None:
    template = {
        "Resources": {
            "Odd": {
                "Type": "AWS::CloudWatch::CompositeAlarm",
                "Properties": {"AlarmRule": "ALARM(a) AND NOT ALARM(b)"},
            }
        }
    }

    with pytest.raises(UnsupportedAlarmError):
        TemplateAlarms.from_template(template)
