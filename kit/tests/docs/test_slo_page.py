"""The SLO page follows SloConfig: targets, error budgets and the burn-rate table."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.docs.slo_page import budget_minutes, error_budget, slo_page


def with_prod_availability(environments: dict[str, ServiceConfig], percent: float) -> dict[str, ServiceConfig]:
    prod = environments["prod"]
    slo = replace(prod.observability.slo, availability_percent=percent)
    return {**environments, "prod": replace(prod, observability=replace(prod.observability, slo=slo))}


def test_the_budget_of_99_9_percent_is_a_thousand_per_million_and_about_40_minutes() -> None:
    assert error_budget(99.9) == pytest.approx(0.001)
    assert budget_minutes(99.9, 28) == pytest.approx(40.32)


def test_the_page_shows_each_environments_targets_and_budgets(example_environments: dict[str, ServiceConfig]) -> None:
    page = slo_page(example_environments)

    for name, config in example_environments.items():
        slo = config.observability.slo
        assert f"| `{name}` | {slo.availability_percent:g}% of requests are not 5xx" in page
        assert f"{slo.latency_percent:g}% of requests within {slo.latency_threshold_ms} ms" in page
    assert "| `prod` | 1,000 per million requests; 40.3 min per 28 days |" in page
    assert "| fast burn | 60 min | 5 min | 14.4 | 2.1% of a 28-day budget in 60 min | P1 |" in page
    assert "| slow burn | 360 min | 30 min | 6 | 5.4% of a 28-day budget in 360 min | P2 |" in page


def test_changing_the_prod_availability_target_changes_the_page(example_environments: dict[str, ServiceConfig]) -> None:
    before = slo_page(example_environments)
    after = slo_page(with_prod_availability(example_environments, 99.5))

    assert "99.9% of requests are not 5xx" in before
    assert "99.9% of requests are not 5xx" not in after
    assert "| `prod` | 5,000 per million requests; 201.6 min per 28 days |" in after
