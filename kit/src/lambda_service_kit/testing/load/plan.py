"""Locust's side of ``service-kit loadtest``: the profile's shape and the record of every request.

Locust loads this file beside the service's ``tests/load/locustfile.py``; ``service-kit loadtest``
passes the profile and where to write the records in the environment:

- ``SERVICE_KIT_LOAD_PLAN``: ``{"stages": [[seconds, users], ...], "max_requests": n}``,
- ``SERVICE_KIT_LOAD_RECORDS``: the JSON-lines file of :mod:`lambda_service_kit.testing.load.results`,
- ``SERVICE_KIT_LOAD_STOP``: a file that, once it exists, ends the run (a game day's end).

The run stops at the end of its last stage, once it has sent ``max_requests`` or once the stop file
exists, whichever comes first.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from locust import LoadTestShape, events

from lambda_service_kit.testing.load.profiles import (
    PLAN_VARIABLE,
    RECORDS_VARIABLE,
    STOP_VARIABLE,
    LoadProfile,
    Stage,
)
from lambda_service_kit.testing.load.results import NO_RESPONSE, RequestRecord, write_records


def plan_from_environment() -> tuple[LoadProfile, int]:
    plan = json.loads(os.environ[PLAN_VARIABLE])
    stages = tuple(Stage(seconds=float(seconds), users=int(users)) for seconds, users in plan["stages"])
    return LoadProfile(name="planned", description="", stages=stages), int(plan["max_requests"])


PROFILE, MAX_REQUESTS = plan_from_environment()
STOP_FILE = Path(os.environ[STOP_VARIABLE])
RECORDS: list[RequestRecord] = []
STARTED = time.monotonic()


@events.request.add_listener
def record(response_time: float, response: Any = None, **_: Any) -> None:
    status = getattr(response, "status_code", NO_RESPONSE) or NO_RESPONSE
    RECORDS.append(RequestRecord(at_seconds=time.monotonic() - STARTED, status=int(status), latency_ms=response_time))


@events.quitting.add_listener
def write(**_: Any) -> None:
    write_records(Path(os.environ[RECORDS_VARIABLE]), RECORDS)


class ProfileShape(LoadTestShape):
    """The profile's stages, one after the other; every user starts at once when a stage begins."""

    def tick(self) -> tuple[int, float] | None:
        users = PROFILE.users_at(self.get_run_time())
        if users is None or len(RECORDS) >= MAX_REQUESTS or STOP_FILE.exists():
            return None
        return users, float(users)
