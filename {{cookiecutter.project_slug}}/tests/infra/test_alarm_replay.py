"""The SLO alarms fire when they should: generated traffic replayed through the alarms as synthesized.

A burst of failures (5xx, or answers over the latency threshold) lasting 1500x the error budget in
minutes (15 minutes at a 1% budget) spends more than 14.4x the budget over an hour but less than 6x
over six hours: the fast burn must page within its hour and the slow burn must stay quiet. Both are OK
once the burst has left their short windows. Change the SLOs in infra/config.py and this still holds.
"""

from __future__ import annotations

import pytest
from aws_cdk.assertions import Template
from lambda_service_kit.testing.alarm_replay import ALARM, OK, TemplateAlarms
from lambda_service_kit.testing.load.results import RequestRecord

from infra.config import ENVIRONMENTS

MINUTE, HOUR = 60, 3600
SPACING_SECONDS = 6  # ten requests a minute


def traffic(start: float, end: float, *, status: int = 200, latency_ms: float = 50) -> list[RequestRecord]:
    count = int((end - start) // SPACING_SECONDS)
    return [RequestRecord(start + i * SPACING_SECONDS, status, latency_ms) for i in range(count)]


@pytest.mark.parametrize("objective", ["availability", "latency"])
@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
def test_a_burst_pages_through_the_fast_burn_within_its_window_not_the_slow_burn_and_clears(
    templates: dict[str, Template], environment: str, objective: str
) -> None:
    config = ENVIRONMENTS[environment]
    slo = config.observability.slo
    target = slo.availability_percent if objective == "availability" else slo.latency_percent
    burst = 1500 * (1 - target / 100) * MINUTE
    start, end = 7 * HOUR, 7 * HOUR + burst
    failing = {"status": 502} if objective == "availability" else {"latency_ms": slo.latency_threshold_ms * 2}
    records = traffic(0, start) + traffic(start, end, **failing) + traffic(end, end + 2 * HOUR)

    replay = TemplateAlarms.from_template(templates[environment].to_json()).replay(records, until=end + 2 * HOUR)

    fast, slow = (f"{config.stack_name}-{objective}-{window}-burn" for window in ("fast", "slow"))
    paged = replay.first(fast, ALARM)
    assert paged is not None, f"{fast} never fired"
    assert paged - start <= HOUR
    cleared = replay.first(fast, OK, after=paged)
    assert cleared is not None
    assert cleared <= end + 6 * MINUTE
    assert replay.states(slow) == []
    assert all(replay.state_at(alarm, end + 2 * HOUR) == OK for alarm in replay.transitions)
