"""The game-day scenarios: one per FIS experiment template of ``constructs/chaos.py``, same faults.

Plain data: ``service-kit gameday`` rehearses them locally, docs/game-days.md describes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.tools.local_api.faults import FaultSettings

STEADY_STATE_MINUTES = 5
# After the injection: long enough for every short window to forget it.
MAX_RECOVERY_MINUTES = 40


@dataclass(frozen=True, kw_only=True)
class Scenario:
    name: str
    experiment: str  # the FIS experiment template it rehearses
    hypothesis: str
    faults: FaultSettings
    pages: str  # the composite alarm (without the stack's prefix) that should page and stop the injection
    stays_quiet: str  # the one that should not fire for a burst this short
    max_injection_minutes: int


def scenarios(config: ServiceConfig) -> dict[str, Scenario]:
    chaos, slo = config.chaos, config.observability.slo
    return {
        "invocation-errors": Scenario(
            name="invocation-errors",
            experiment="InvocationErrors",
            hypothesis=(
                f"With {chaos.error_percent}% of invocations failing, the availability fast-burn alarm pages "
                f"(P1) within an hour, the slow-burn alarm does not page for a burst this short, and both "
                f"clear once the errors stop."
            ),
            faults=FaultSettings(error_percent=chaos.error_percent),
            pages="availability-fast-burn",
            stays_quiet="availability-slow-burn",
            max_injection_minutes=chaos.duration_minutes,
        ),
        "added-latency": Scenario(
            name="added-latency",
            experiment="AddedLatency",
            hypothesis=(
                f"With {chaos.added_latency_ms} ms added to {chaos.latency_percent}% of invocations (the SLO's "
                f"threshold is {slo.latency_threshold_ms} ms), the latency fast-burn alarm pages (P1) before "
                f"the experiment's {chaos.duration_minutes} minutes are over, the slow-burn alarm does not, and both "
                f"clear once latency is back."
            ),
            faults=FaultSettings(latency_ms=chaos.added_latency_ms, latency_percent=chaos.latency_percent),
            pages="latency-fast-burn",
            stays_quiet="latency-slow-burn",
            max_injection_minutes=chaos.duration_minutes,
        ),
    }
