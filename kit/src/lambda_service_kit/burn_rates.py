"""The burn-rate windows of the SLO alarms, as plain data: no CDK.

``lambda_service_kit.constructs.slo_alarms`` builds its alarms from them; the documentation site's SLO page
(``lambda_service_kit.docs.slo_page``) prints them, without starting the CDK's Node.js process.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BurnRateWindows:
    """Both windows must spend the error budget ``burn_rate`` times faster than sustainable to alarm."""

    name: str
    long_minutes: int
    short_minutes: int
    burn_rate: float
    severity: str  # a name of lambda_service_kit.constructs.alarm_text.Severity


SLO_BURN_RATE_WINDOWS = (
    BurnRateWindows("fast-burn", long_minutes=60, short_minutes=5, burn_rate=14.4, severity="P1"),
    BurnRateWindows("slow-burn", long_minutes=360, short_minutes=30, burn_rate=6.0, severity="P2"),
)
