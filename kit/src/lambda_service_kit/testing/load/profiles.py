"""The load profiles ``make loadtest PROFILE=...`` runs: steady, spike and soak.

Each simulated user sends one request a second (Locust's ``constant_throughput(1)``), so users are
requests per second. Every profile is bounded in time (its stages) and in count (``max_requests``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

# How ``service-kit loadtest`` hands a run to Locust's side (``plan.py``), which imports Locust.
PLAN_FILE = Path(__file__).with_name("plan.py")
PLAN_VARIABLE = "SERVICE_KIT_LOAD_PLAN"
RECORDS_VARIABLE = "SERVICE_KIT_LOAD_RECORDS"
STOP_VARIABLE = "SERVICE_KIT_LOAD_STOP"  # a file whose appearance ends the run early
REQUESTS_PER_USER_PER_SECOND = 1.0
# Headroom over the planned request count before a run is stopped as runaway.
REQUEST_BUDGET_MARGIN = 1.5
THROTTLED = 429


@dataclass(frozen=True)
class Stage:
    seconds: float
    users: int


@dataclass(frozen=True, kw_only=True)
class LoadProfile:
    name: str
    description: str
    stages: tuple[Stage, ...]
    # Statuses that are the service doing its job under this load: a spike is throttled, by design.
    tolerated_statuses: frozenset[int] = frozenset()

    @property
    def seconds(self) -> float:
        return sum(stage.seconds for stage in self.stages)

    @property
    def planned_requests(self) -> int:
        return math.ceil(sum(stage.seconds * stage.users for stage in self.stages) * REQUESTS_PER_USER_PER_SECOND)

    @property
    def max_requests(self) -> int:
        return math.ceil(self.planned_requests * REQUEST_BUDGET_MARGIN) + 10

    def users_at(self, elapsed_seconds: float) -> int | None:
        """How many users run ``elapsed_seconds`` into the run; None once it is over."""
        start = 0.0
        for stage in self.stages:
            if elapsed_seconds < start + stage.seconds:
                return stage.users
            start += stage.seconds
        return None

    def scaled(self, *, seconds: float | None = None, users: int | None = None) -> LoadProfile:
        """The same shape over ``seconds`` in all and with ``users`` at its base (first) stage."""
        time_factor = seconds / self.seconds if seconds else 1.0
        user_factor = users / self.stages[0].users if users else 1.0
        stages = tuple(
            Stage(seconds=stage.seconds * time_factor, users=max(1, round(stage.users * user_factor)))
            for stage in self.stages
        )
        return LoadProfile(
            name=self.name, description=self.description, stages=stages, tolerated_statuses=self.tolerated_statuses
        )


BASE_USERS = 10
PROFILES = {
    profile.name: profile
    for profile in (
        LoadProfile(
            name="steady",
            description=f"{BASE_USERS} requests/s for a minute: the everyday load, within every limit",
            stages=(Stage(seconds=60, users=BASE_USERS),),
        ),
        LoadProfile(
            name="spike",
            description="10x the steady load for a minute between two quiet ones: throttled (429), never a 5xx",
            stages=(
                Stage(seconds=20, users=BASE_USERS),
                Stage(seconds=60, users=10 * BASE_USERS),
                Stage(seconds=20, users=BASE_USERS),
            ),
            tolerated_statuses=frozenset({THROTTLED}),
        ),
        LoadProfile(
            name="soak",
            description=f"{BASE_USERS} requests/s for 30 minutes: leaks, cold starts and slow drifts",
            stages=(Stage(seconds=30 * 60, users=BASE_USERS),),
        ),
    )
}
