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
from lambda_service_kit.testing.load.profiles import (
    PLAN_FILE,
    PLAN_VARIABLE,
    RECORDS_VARIABLE,
    STOP_VARIABLE,
    LoadProfile,
)
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
    config: ServiceConfig, options: LocalApiOptions, *, faults: FaultInjector, logs: LogSink
) -> Iterator[str]:
    """``make local``'s server, from a thread, for the length of the ``with`` block."""
    server = open_local_api(config, options, logs=logs, faults=faults)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


class LocustProcess:
    """Locust, headless, running ``profile`` against ``url`` until the profile ends or :meth:`stop`."""

    def __init__(
        self, config: ServiceConfig, *, url: str, profile: LoadProfile, locustfile: Path, output: Path, name: str
    ) -> None:
        output.mkdir(parents=True, exist_ok=True)
        self.profile = profile
        self.records_path = output / f"{name}.requests.jsonl"
        self.records_path.unlink(missing_ok=True)
        self._stop_file = output / f"{name}.stop"
        self._stop_file.unlink(missing_ok=True)
        self.csv_prefix, self.html_report = output / name, output / f"{name}.html"
        self._stderr = output / f"{name}.locust.log"
        command = [
            sys.executable,
            "-m",
            "locust",
            "--locustfile",
            f"{PLAN_FILE},{locustfile}",
            "--headless",
            "--host",
            url.rstrip("/"),
            "--csv",
            str(self.csv_prefix),
            "--html",
            str(self.html_report),
            "--only-summary",
            "--loglevel",
            "WARNING",
            # The SLO verdict decides; Locust's own exit code then only says whether it ran.
            "--exit-code-on-error",
            "0",
        ]
        stages = [[stage.seconds, stage.users] for stage in profile.stages]
        environment = {
            **os.environ,
            "ENV": config.environment,
            PLAN_VARIABLE: json.dumps({"stages": stages, "max_requests": profile.max_requests}),
            RECORDS_VARIABLE: str(self.records_path),
            STOP_VARIABLE: str(self._stop_file),
        }
        with self._stderr.open("w", encoding="utf-8") as log:
            self._process = subprocess.Popen(
                command, env=environment, cwd=config.service.root, stdout=log, stderr=subprocess.STDOUT
            )

    def stop(self) -> None:
        """Ask Locust to stop within a second (it still writes its reports)."""
        self._stop_file.touch()

    def wait(self) -> LoadRun:
        """Wait for the end of the profile (at most its length plus a grace period); its results."""
        try:
            code = self._process.wait(timeout=self.profile.seconds + STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            raise LoadRunError(
                f"Locust ran past {self.profile.seconds + STOP_GRACE_SECONDS:.0f} s and was stopped"
            ) from None
        if code != 0 or not self.records_path.is_file():
            output = self._stderr.read_text(encoding="utf-8")[-4000:]
            raise LoadRunError(f"Locust failed (exit {code}), see {self._stderr}:\n{output}")
        return LoadRun(
            records=read_records(self.records_path), csv_prefix=self.csv_prefix, html_report=self.html_report
        )


def run_locust(
    config: ServiceConfig, *, url: str, profile: LoadProfile, locustfile: Path, output: Path, name: str
) -> LoadRun:
    return LocustProcess(config, url=url, profile=profile, locustfile=locustfile, output=output, name=name).wait()
