"""The verdict of a load run against the environment's SLOs: availability, latency, unexpected statuses.

A run passes when, over all its requests,

- availability: the share answered without a 5xx (or without any answer) reaches the availability target,
- latency: the share answered within the latency threshold reaches the latency target,
- statuses: every answer is a 2xx or one the profile tolerates (a spike's 429s),

and it sent at least one request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lambda_service_kit.config import SloConfig
from lambda_service_kit.testing.load.results import RequestRecord


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Verdict:
    checks: tuple[Check, ...]
    statuses: dict[int, int]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def report(self) -> str:
        lines = [f"{'PASS' if check.passed else 'FAIL'}  {check.name}: {check.detail}" for check in self.checks]
        counts = ", ".join(f"{status or 'no answer'}: {count}" for status, count in sorted(self.statuses.items()))
        lines.append(f"      statuses: {counts or 'none'}")
        lines.append(f"SLO verdict: {'PASSED' if self.passed else 'FAILED'}")
        return "\n".join(lines)


def judge(records: Sequence[RequestRecord], slo: SloConfig, *, tolerated_statuses: frozenset[int]) -> Verdict:
    statuses = Counter(record.status for record in records)
    total = len(records)
    if total == 0:
        return Verdict(checks=(Check("requests", passed=False, detail="the run sent no request"),), statuses={})
    available = sum(not record.server_error for record in records)
    within = sum(record.answered and record.latency_ms <= slo.latency_threshold_ms for record in records)
    unexpected = {
        status: count
        for status, count in statuses.items()
        if not (200 <= status < 300 or status in tolerated_statuses)  # noqa: PLR2004 - the 2xx class
    }
    availability = 100 * available / total
    latency = 100 * within / total
    return Verdict(
        checks=(
            Check(
                "availability",
                passed=availability >= slo.availability_percent,
                detail=f"{availability:.2f}% of {total} requests without a 5xx (target {slo.availability_percent}%)",
            ),
            Check(
                "latency",
                passed=latency >= slo.latency_percent,
                detail=(f"{latency:.2f}% within {slo.latency_threshold_ms} ms (target {slo.latency_percent}%)"),
            ),
            Check(
                "statuses",
                passed=not unexpected,
                detail=(
                    "every answer expected"
                    if not unexpected
                    else "unexpected " + ", ".join(f"{status or 'no answer'} x{n}" for status, n in unexpected.items())
                ),
            ),
        ),
        statuses=dict(statuses),
    )
