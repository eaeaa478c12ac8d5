"""The load profiles: their shapes over time, their bounds, their scaling."""

from __future__ import annotations

import pytest

from lambda_service_kit.testing.load.profiles import PROFILES, THROTTLED


def test_steady_spike_and_soak_are_defined() -> None:
    assert set(PROFILES) == {"steady", "spike", "soak"}


def test_the_spike_is_ten_times_the_steady_load_for_a_minute_and_tolerates_throttling() -> None:
    spike = PROFILES["spike"]

    assert [stage.users for stage in spike.stages] == [10, 100, 10]
    assert spike.stages[1].seconds == 60
    assert spike.tolerated_statuses == {THROTTLED}
    assert PROFILES["steady"].tolerated_statuses == frozenset()


def test_users_follow_the_stages_and_stop_after_the_last() -> None:
    spike = PROFILES["spike"]

    assert [spike.users_at(t) for t in (0, 19.9, 20, 79.9, 80, 99.9)] == [10, 10, 100, 100, 10, 10]
    assert spike.users_at(100) is None


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_is_bounded_in_time_and_in_requests(name: str) -> None:
    profile = PROFILES[name]

    assert profile.seconds <= 30 * 60
    assert profile.planned_requests < profile.max_requests <= 2 * profile.planned_requests + 10


def test_scaling_keeps_the_shape() -> None:
    short = PROFILES["spike"].scaled(seconds=10, users=2)

    assert short.seconds == pytest.approx(10)
    assert [stage.users for stage in short.stages] == [2, 20, 2]
    assert [stage.seconds for stage in short.stages] == pytest.approx([2, 6, 2])
    assert short.tolerated_statuses == PROFILES["spike"].tolerated_statuses
