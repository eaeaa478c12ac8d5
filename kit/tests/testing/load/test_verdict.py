"""The SLO verdict of a load run, on crafted results: what passes, and each way to fail."""

from __future__ import annotations

import pytest

from lambda_service_kit.config import SloConfig
from lambda_service_kit.testing.load.results import NO_RESPONSE, RequestRecord
from lambda_service_kit.testing.load.verdict import judge

SLO = SloConfig(availability_percent=99.0, latency_percent=95.0, latency_threshold_ms=1000)


def run(*groups: tuple[int, int, float]) -> list[RequestRecord]:
    """Records from (count, status, latency) groups, one every 10 ms."""
    records: list[RequestRecord] = []
    for count, status, latency in groups:
        records += [RequestRecord(len(records) / 100, status, latency) for _ in range(count)]
    return records


def checks(verdict_records: list[RequestRecord], **kwargs: frozenset[int]) -> dict[str, bool]:
    verdict = judge(verdict_records, SLO, tolerated_statuses=kwargs.get("tolerated", frozenset()))
    return {check.name: check.passed for check in verdict.checks}


def test_a_healthy_run_passes() -> None:
    verdict = judge(run((700, 201, 80), (300, 200, 20)), SLO, tolerated_statuses=frozenset())

    assert verdict.passed
    assert verdict.statuses == {201: 700, 200: 300}
    assert "SLO verdict: PASSED" in verdict.report()


def test_errors_over_the_budget_fail_availability_and_are_unexpected() -> None:
    verdict = judge(run((980, 200, 50), (20, 502, 30)), SLO, tolerated_statuses=frozenset())

    assert not verdict.passed
    assert {check.name: check.passed for check in verdict.checks} == {
        "availability": False,
        "latency": True,
        "statuses": False,
    }
    assert "98.00% of 1000 requests" in verdict.report()
    assert "unexpected 502 x20" in verdict.report()
    assert "SLO verdict: FAILED" in verdict.report()


def test_requests_without_an_answer_count_against_availability() -> None:
    assert checks(run((95, 200, 50), (5, NO_RESPONSE, 30_000)))["availability"] is False


def test_exactly_the_availability_target_meets_it() -> None:
    assert checks(run((990, 200, 50), (10, 500, 50))) == {"availability": True, "latency": True, "statuses": False}


def test_slow_answers_past_the_latency_budget_fail_latency_only() -> None:
    assert checks(run((900, 200, 50), (100, 200, 1001))) == {"availability": True, "latency": False, "statuses": True}


def test_a_throttled_spike_passes_when_the_profile_tolerates_429() -> None:
    records = run((600, 200, 40), (400, 429, 2))

    assert checks(records, tolerated=frozenset({429})) == {"availability": True, "latency": True, "statuses": True}
    assert checks(records)["statuses"] is False


@pytest.mark.parametrize("status", [400, 403, 404, 301])
def test_any_other_status_is_unexpected(status: int) -> None:
    assert checks(run((999, 200, 40), (1, status, 40)), tolerated=frozenset({429}))["statuses"] is False


def test_a_run_without_requests_fails() -> None:
    verdict = judge([], SLO, tolerated_statuses=frozenset())

    assert not verdict.passed
    assert "sent no request" in verdict.report()
