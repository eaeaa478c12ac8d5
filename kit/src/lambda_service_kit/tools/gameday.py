"""Rehearse a game day on a laptop: steady load on the local API, inject a scenario's faults, watch the
synthesized SLO alarms as CloudWatch would evaluate them, stop the injection when they page (the FIS
experiment's stop condition), recover, and tell what fired when.

Usage (the service's ``make gameday`` calls it):

    service-kit gameday --scenario invocation-errors
    service-kit gameday --scenario added-latency --minute-seconds 0.5

Time is compressed: each minute of the scenario lasts ``--minute-seconds`` seconds of the run, and the
requests are timed on the scenario's clock; the hours before the rehearsal are its steady state,
repeated, so the long windows hold history. Exits 1 when the hypothesis does not hold.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.project import current_service, environment
from lambda_service_kit.testing.alarm_replay import ALARM, OK, Evaluation, RequestSeries, TemplateAlarms
from lambda_service_kit.testing.load.profiles import BASE_USERS, LoadProfile, Stage
from lambda_service_kit.testing.load.results import RequestRecord, write_records
from lambda_service_kit.tools.build_lambda_asset import host_asset_dir
from lambda_service_kit.tools.gameday_scenarios import MAX_RECOVERY_MINUTES, STEADY_STATE_MINUTES, Scenario, scenarios
from lambda_service_kit.tools.load_run import DEFAULT_LOCUSTFILE, LoadRunError, LocustProcess, local_api
from lambda_service_kit.tools.local_api.asset_check import StaleAssetError
from lambda_service_kit.tools.local_api.faults import FaultInjector
from lambda_service_kit.tools.local_api.launch import LocalApiOptions
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.template import TemplateError

SECONDS_PER_MINUTE = 60
TRAFFIC_TIMEOUT_SECONDS = 30


class RecordingLogSink(LogSink):
    """The local API's log, and every request as API Gateway's metrics would count it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requests: list[tuple[float, int, float]] = []  # (monotonic time, status, latency ms)
        self._requests_lock = threading.Lock()

    def access(self, *, method: str, path: str, status: int, duration_ms: float, request_id: str) -> None:
        with self._requests_lock:
            self.requests.append((time.monotonic(), status, duration_ms))
        super().access(method=method, path=path, status=status, duration_ms=duration_ms, request_id=request_id)

    def snapshot(self) -> list[tuple[float, int, float]]:
        with self._requests_lock:
            return list(self.requests)


class Rehearsal:
    """The scenario's clock, its phases and the alarms' evaluation, one scenario minute at a time."""

    def __init__(self, config: ServiceConfig, scenario: Scenario, alarms: TemplateAlarms, minute_seconds: float):
        self.config = config
        self.scenario = scenario
        self.minute_seconds = minute_seconds
        self.evaluation = Evaluation(alarms, names=[c.name for c in alarms.composites.values()])
        self.pager = alarms.composite(f"{config.stack_name}-{scenario.pages}")
        self.longest_window = max(alarm.period for alarm in alarms.metric_alarms.values())
        self.events: list[tuple[int, str]] = []
        self.injected_at: int | None = None
        self.paged_at: int | None = None
        self.recovered_at: int | None = None
        self.started = time.monotonic()

    def scenario_seconds(self, monotonic: float) -> float:
        return (monotonic - self.started) / self.minute_seconds * SECONDS_PER_MINUTE

    def records(self, requests: list[tuple[float, int, float]]) -> list[RequestRecord]:
        """The requests on the scenario's clock, after the steady state repeated back over the longest window."""
        live = [RequestRecord(self.scenario_seconds(at), status, latency) for at, status, latency in requests]
        steady = [record for record in live if record.at_seconds < STEADY_STATE_MINUTES * SECONDS_PER_MINUTE]
        span = STEADY_STATE_MINUTES * SECONDS_PER_MINUTE
        history = [
            RequestRecord(record.at_seconds - repeat * span, record.status, record.latency_ms)
            for repeat in range(1, self.longest_window // span + 2)
            for record in steady
        ]
        return history + live

    def note(self, minute: int, text: str) -> None:
        self.events.append((minute, text))
        print(f"  minute {minute:>3}: {text}", flush=True)

    def evaluate(self, minute: int, requests: list[tuple[float, int, float]]) -> None:
        series = RequestSeries(self.records(requests))
        for name, state in self.evaluation.at(series, minute * SECONDS_PER_MINUTE):
            composite = next(c for c in self.evaluation.composites if c.name == name)
            if state == ALARM:
                action = "pages" if composite.severity == "P1" else "notifies"
                self.note(minute, f"{name} -> ALARM: {composite.severity} {action} ({composite.description[:60]}...)")
            else:
                self.note(minute, f"{name} -> OK: resolved")
            if name == self.pager.name and state == ALARM and self.paged_at is None:
                self.paged_at = minute

    def all_clear(self) -> bool:
        return all(self.evaluation.state(composite.name) == OK for composite in self.evaluation.composites)

    def outcome(self) -> tuple[bool, list[str]]:
        lines = []
        held = True
        if self.paged_at is None:
            held = False
            lines.append(f"{self.pager.name} never paged: the alarm or its thresholds miss this failure")
        else:
            lines.append(
                f"{self.pager.name} paged {self.paged_at - (self.injected_at or 0)} minutes into the injection"
            )
        others = [
            name
            for name, transitions in self.evaluation.replay.transitions.items()
            if name != self.pager.name
            and name in {c.name for c in self.evaluation.composites}
            and any(t.state == ALARM for t in transitions)
        ]
        if others:
            lines.append("also fired: " + ", ".join(sorted(others)))
        quiet = f"{self.config.stack_name}-{self.scenario.stays_quiet}"
        if quiet in others:
            held = False
            lines.append(f"{quiet} fired too: a burst this short should not page through the slow burn")
        else:
            lines.append(f"{quiet} stayed quiet")
        if self.recovered_at is None:
            held = False
            lines.append("the alarms had not all cleared when the rehearsal stopped")
        else:
            lines.append(f"every alarm was OK again at minute {self.recovered_at}")
        return held, lines


def main(argv: list[str] | None = None) -> int:
    service = current_service()
    parser = argparse.ArgumentParser(prog="service-kit gameday", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", required=True, help="invocation-errors or added-latency")
    parser.add_argument("--env", default="dev", help="whose stack, alarms and chaos settings")
    parser.add_argument("--minute-seconds", type=float, default=1.0, help="real seconds per scenario minute")
    parser.add_argument("--locustfile", type=Path, default=service.root / DEFAULT_LOCUSTFILE)
    parser.add_argument("--output", type=Path, default=service.root / ".build" / "gameday")
    parser.add_argument("--cdk-out", type=Path, default=service.root / "cdk.out")
    args = parser.parse_args(argv)

    config = environment(service, args.env)
    known = scenarios(config)
    if args.scenario not in known:
        parser.error(f"--scenario: one of {', '.join(known)}")
    scenario = known[args.scenario]
    template_path = args.cdk_out / f"{config.stack_name}.template.json"
    try:
        alarms = TemplateAlarms.from_template(json.loads(template_path.read_text(encoding="utf-8")))
        return _rehearse(config, scenario, alarms, args)
    except FileNotFoundError:
        print(f"service-kit gameday: no {template_path}: run `make synth` first", file=sys.stderr)
    except (TemplateError, StaleAssetError, LoadRunError, ValueError) as error:
        print(f"service-kit gameday: {error}", file=sys.stderr)
    return 2


def _rehearse(config: ServiceConfig, scenario: Scenario, alarms: TemplateAlarms, args: argparse.Namespace) -> int:
    minutes = STEADY_STATE_MINUTES + scenario.max_injection_minutes + MAX_RECOVERY_MINUTES
    profile = LoadProfile(
        name="gameday",
        description="steady load for the length of a rehearsal",
        stages=(Stage(seconds=minutes * args.minute_seconds, users=BASE_USERS),),
    )
    print(f"Game day rehearsal: {scenario.name} on {config.stack_name} (FIS template {scenario.experiment})")
    print(f"  hypothesis: {scenario.hypothesis}")
    print(f"  one scenario minute = {args.minute_seconds:g} s; at most {minutes} minutes", flush=True)
    faults = FaultInjector()
    options = LocalApiOptions(cdk_out=args.cdk_out, asset=host_asset_dir(config.service))
    args.output.mkdir(parents=True, exist_ok=True)
    log_path = args.output / f"{scenario.name}.local-api.log"
    with log_path.open("w", encoding="utf-8") as log:
        logs = RecordingLogSink(json_lines=True, stream=log)
        with local_api(config, options, faults=faults, logs=logs) as url:
            locust = LocustProcess(
                config, url=url, profile=profile, locustfile=args.locustfile, output=args.output, name=scenario.name
            )
            _wait_for_traffic(logs)
            rehearsal = Rehearsal(config, scenario, alarms, args.minute_seconds)
            try:
                _run_phases(rehearsal, faults, logs, minutes)
            finally:
                locust.stop()
            run = locust.wait()
    recorded = rehearsal.records(logs.snapshot())
    write_records(args.output / f"{scenario.name}.scenario.jsonl", [r for r in recorded if r.at_seconds >= 0])
    held, lines = rehearsal.outcome()
    print(f"Hypothesis {'held' if held else 'did NOT hold'}:")
    for line in lines:
        print(f"  - {line}")
    print(f"Load report: {run.html_report}; requests on the scenario clock: {scenario.name}.scenario.jsonl")
    print(f"Write the post-incident review as docs/game-days.md#{scenario.name} says.")
    return 0 if held else 1


def _run_phases(rehearsal: Rehearsal, faults: FaultInjector, logs: RecordingLogSink, minutes: int) -> None:
    scenario = rehearsal.scenario
    rehearsal.note(0, f"steady state: {BASE_USERS} requests/s, no fault")
    for minute in range(1, minutes + 1):
        time.sleep(max(0.0, rehearsal.started + minute * rehearsal.minute_seconds - time.monotonic()))
        if minute == STEADY_STATE_MINUTES:
            faults.update(**_as_changes(scenario))
            rehearsal.injected_at = minute
            rehearsal.note(minute, f"inject ({scenario.experiment}): {faults.settings.describe()}")
        if minute > STEADY_STATE_MINUTES:
            rehearsal.evaluate(minute, logs.snapshot())
        injecting = faults.settings.active
        over_time = (
            rehearsal.injected_at is not None and minute - rehearsal.injected_at >= scenario.max_injection_minutes
        )
        if injecting and (rehearsal.paged_at is not None or over_time):
            faults.update(latency_ms=0, error_percent=0)
            reason = "stop condition: a P1 alarm is in ALARM" if rehearsal.paged_at else "the experiment's time is up"
            rehearsal.note(minute, f"stop the injection ({reason}); recovery")
        elif not injecting and rehearsal.injected_at is not None and rehearsal.all_clear():
            rehearsal.recovered_at = minute
            rehearsal.note(minute, "every alarm OK: rehearsal over")
            return


def _wait_for_traffic(logs: RecordingLogSink) -> None:
    """The scenario's clock starts with the first request: Locust takes a moment to start its users."""
    deadline = time.monotonic() + TRAFFIC_TIMEOUT_SECONDS
    while not logs.snapshot():
        if time.monotonic() > deadline:
            raise LoadRunError(f"no request reached the local API within {TRAFFIC_TIMEOUT_SECONDS} s")
        time.sleep(0.05)


def _as_changes(scenario: Scenario) -> dict[str, float]:
    settings = scenario.faults
    return {
        "latency_ms": settings.latency_ms,
        "latency_percent": settings.latency_percent,
        "error_percent": settings.error_percent,
    }


if __name__ == "__main__":
    sys.exit(main())
