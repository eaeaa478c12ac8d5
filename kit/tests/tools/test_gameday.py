"""The game day's scenarios and its compressed clock (the rehearsal itself runs in the template's tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ChaosConfig, ServiceConfig
from lambda_service_kit.testing.alarm_replay import TemplateAlarms
from lambda_service_kit.tools.gameday import SECONDS_PER_MINUTE, Rehearsal
from lambda_service_kit.tools.gameday_scenarios import STEADY_STATE_MINUTES, scenarios


def test_the_scenarios_inject_the_faults_the_fis_experiments_do(example_environments: dict[str, ServiceConfig]) -> None:
    dev = replace(
        example_environments["dev"], chaos=ChaosConfig(error_percent=30, added_latency_ms=900, latency_percent=40)
    )

    found = scenarios(dev)

    assert found["invocation-errors"].faults.error_percent == 30
    assert found["invocation-errors"].experiment == "InvocationErrors"
    assert (found["added-latency"].faults.latency_ms, found["added-latency"].faults.latency_percent) == (900, 40)
    assert found["added-latency"].experiment == "AddedLatency"
    assert {scenario.pages for scenario in found.values()} == {"availability-fast-burn", "latency-fast-burn"}


@pytest.fixture
def rehearsal(templates: dict[str, Template], example_environments: dict[str, ServiceConfig]) -> Rehearsal:
    dev = example_environments["dev"]
    alarms = TemplateAlarms.from_template(templates["dev"].to_json())
    return Rehearsal(dev, scenarios(dev)["invocation-errors"], alarms, minute_seconds=0.5)


def test_requests_are_timed_on_the_scenario_clock_after_a_repeated_steady_state(rehearsal: Rehearsal) -> None:
    started = rehearsal.started
    requests = [(started + 0.25, 200, 10.0), (started + 1.0, 201, 12.0), (started + 3.0, 502, 3.0)]

    records = rehearsal.records(requests)

    live = [record for record in records if record.at_seconds >= 0]
    assert [record.at_seconds for record in live] == pytest.approx([30, 120, 360])
    history = [record for record in records if record.at_seconds < 0]
    # The steady state (the first five scenario minutes) repeated back over the six-hour window.
    assert history
    assert {record.status for record in history} == {200, 201}
    assert min(record.at_seconds for record in history) <= -6 * 3600
    repeats = 6 * 3600 // (STEADY_STATE_MINUTES * SECONDS_PER_MINUTE) + 1
    assert len(history) == 2 * repeats
