"""One headless Locust run against a URL, or against the local API served from this process.

Shared by ``service-kit loadtest`` (one profile, then the SLO verdict) and ``service-kit gameday``
(steady load while faults come and go, then the alarms' replay).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.testing.load import plan
from lambda_service_kit.testing.load.profiles import LoadProfile
from lambda_service_kit.testing.load.results import RequestRecord, read_records
from lambda_service_kit.tools.local_api.faults import FaultInjector
from lambda_service_kit.tools.local_api.launch import LocalApiOptions, open_local_api
from lambda_service_kit.tools.local_api.logs import LogSink

# Past the profile's last stage, how long Locust may take to stop before it is killed.
STOP_GRACE_SECONDS = 60
DEFAULT_LOCUSTFILE = Path("tests") / "load" / "locustfile.py"


class LoadRunError(RuntimeError):
    """Locust did not run to the end (it crashed, or it outlived the profile's time bound)."""


@dataclass(frozen=True, kw_only=True)
class LoadRun:
    records: list[RequestRecord]
    csv_prefix: Path
    html_report: Path


@contextmanager
def local_api(
    config: ServiceConfig, options: LocalApiOptions, *, faults: FaultInjector, log_path: Path
) -> Iterator[str]:
    """``make local``'s server, from a thread, for the length of the ``with`` block; its log in ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        server = open_local_api(config, options, logs=LogSink(json_lines=True, stream=log), faults=faults)
        server.start()
        try:
            yield server.url
        finally:
            server.stop()


def run_locust(
    config: ServiceConfig, *, url: str, profile: LoadProfile, locustfile: Path, output: Path, name: str
) -> LoadRun:
    output.mkdir(parents=True, exist_ok=True)
    records_path = output / f"{name}.requests.jsonl"
    records_path.unlink(missing_ok=True)
    csv_prefix, html_report = output / name, output / f"{name}.html"
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        f"{plan.__file__},{locustfile}",
        "--headless",
        "--host",
        url.rstrip("/"),
        "--csv",
        str(csv_prefix),
        "--html",
        str(html_report),
        "--only-summary",
        "--loglevel",
        "WARNING",
        # The SLO verdict decides; Locust's own exit code then only says whether it ran.
        "--exit-code-on-error",
        "0",
    ]
    environment = {
        **os.environ,
        "ENV": config.environment,
        plan.PLAN_VARIABLE: json.dumps(
            {"stages": [[stage.seconds, stage.users] for stage in profile.stages], "max_requests": profile.max_requests}
        ),
        plan.RECORDS_VARIABLE: str(records_path),
    }
    try:
        completed = subprocess.run(
            command,
            env=environment,
            cwd=config.service.root,
            capture_output=True,
            text=True,
            timeout=profile.seconds + STOP_GRACE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise LoadRunError(f"Locust ran past {profile.seconds + STOP_GRACE_SECONDS:.0f} s and was stopped") from None
    if completed.returncode != 0 or not records_path.is_file():
        raise LoadRunError(f"Locust failed (exit {completed.returncode}):\n{completed.stderr[-4000:]}")
    return LoadRun(records=read_records(records_path), csv_prefix=csv_prefix, html_report=html_report)
