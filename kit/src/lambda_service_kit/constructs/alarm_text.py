"""What every alarm says: its severity, what it means, the first thing to check, its runbook.

Plain Python, no CDK: the runbook test reads the same anchors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How fast a human must act. Each severity has its own SNS topic."""

    P1 = "page: act now, the SLO is burning fast"
    P2 = "urgent: act within business hours today"
    P3 = "ticket: plan a fix"


@dataclass(frozen=True, kw_only=True)
class AlarmText:
    severity: Severity
    meaning: str
    first_check: str
    runbook_anchor: str

    def description(self, runbook_url: str) -> str:
        return (
            f"{self.severity.name} ({self.severity.value}). {self.meaning} "
            f"First check: {self.first_check} Runbook: {runbook_url}#{self.runbook_anchor}"
        )


def component_description(composite_name: str, window: str) -> str:
    """Alarms that only feed a composite: they never notify on their own."""
    return f"Component ({window} window) of {composite_name}; notifies only through that composite alarm."
