"""The SLO page: each environment's objectives, their error budgets and the burn-rate alarms on them."""

from __future__ import annotations

from collections.abc import Mapping

from lambda_service_kit.burn_rates import SLO_BURN_RATE_WINDOWS
from lambda_service_kit.config import ServiceConfig, SloConfig
from lambda_service_kit.docs.markdown import table

PER_MILLION = 1_000_000
MINUTES_PER_DAY = 24 * 60


def error_budget(target_percent: float) -> float:
    """The share of requests an objective of ``target_percent`` lets fail."""
    return 1 - target_percent / 100


def budget_minutes(target_percent: float, window_days: int) -> float:
    """Minutes of full outage (every request failing) the budget allows per window."""
    return error_budget(target_percent) * window_days * MINUTES_PER_DAY


def slo_page(environments: Mapping[str, ServiceConfig]) -> str:
    slos = {name: config.observability.slo for name, config in environments.items()}
    return "\n".join(
        [
            "# Service level objectives",
            "",
            "Generated from `infra/config.py` (`SloConfig`) when the site builds: change a target there and",
            "this page follows. Measured at the API Gateway stage, over a rolling window.",
            "",
            "## Objectives",
            "",
            table(
                ["environment", "availability", "latency", "window"],
                [
                    [
                        f"`{name}`",
                        f"{slo.availability_percent:g}% of requests are not 5xx",
                        f"{slo.latency_percent:g}% of requests within {slo.latency_threshold_ms} ms",
                        f"{slo.window_days} days",
                    ]
                    for name, slo in slos.items()
                ],
            ),
            "",
            "## Error budgets",
            "",
            "What each objective leaves: the requests that may fail (or be slow) per million, and the",
            "minutes of full outage (every request failing) it allows per window.",
            "",
            table(
                ["environment", "availability budget", "latency budget"],
                [
                    [f"`{name}`", _budget(slo.availability_percent, slo), _budget(slo.latency_percent, slo)]
                    for name, slo in slos.items()
                ],
            ),
            "",
            "## Alerting on the budget",
            "",
            "Multi-window, multi-burn-rate alarms (`lambda_service_kit.burn_rates`): a burn rate of 1",
            "spends exactly the budget in the window. Both windows must burn for the alarm to fire, so a short",
            "spike alone does not page, and it clears minutes after the burn stops. The",
            "[alarm catalogue](alarms.md) lists each environment's alarms with their runbooks.",
            "",
            table(
                ["alarm", "long window", "short window", "burn rate", "budget spent to fire", "severity"],
                [
                    [
                        window.name.replace("-", " "),
                        f"{window.long_minutes} min",
                        f"{window.short_minutes} min",
                        f"{window.burn_rate:g}",
                        "; ".join(
                            _spent(window.burn_rate, window.long_minutes, days)
                            for days in sorted({slo.window_days for slo in slos.values()})
                        ),
                        window.severity,
                    ]
                    for window in SLO_BURN_RATE_WINDOWS
                ],
            ),
            "",
            "The error budget policy, what the team does as the budget runs out, is in",
            "[the support model](support-model.md#error-budget-policy).",
            "",
        ]
    )


def _budget(target_percent: float, slo: SloConfig) -> str:
    per_million = error_budget(target_percent) * PER_MILLION
    minutes = budget_minutes(target_percent, slo.window_days)
    return f"{per_million:,.0f} per million requests; {minutes:,.1f} min per {slo.window_days} days"


def _spent(burn_rate: float, long_minutes: float, window_days: int) -> str:
    share = burn_rate * long_minutes / (window_days * MINUTES_PER_DAY)
    return f"{share:.1%} of a {window_days}-day budget in {long_minutes:g} min"
