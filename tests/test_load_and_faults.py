"""The default bake under load and faults, against `make local`'s server (served by the kit for each run).

One synth, then `make -o synth ...` for the runs after it: each run is bounded (DURATION seconds of
load, at most a few hundred requests; the game day at half a second per scenario minute).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import QUIET_NODE, run_make


def make_fails(project: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_NODE},
        check=False,
    )
    assert completed.returncode != 0, completed.stdout[-3000:]
    return completed.stdout + completed.stderr


def statuses(output: str) -> dict[int, int]:
    """The verdict's count of answers by status (its last line before the verdict)."""
    (line,) = re.findall(r"^ +statuses: (.*)$", output, flags=re.MULTILINE)
    return {int(status): int(count) for status, count in re.findall(r"(\d+): (\d+)", line)}


@pytest.fixture(scope="module")
def synthesized(default_project: Path) -> Path:
    run_make(default_project, "synth")
    return default_project


def test_a_steady_load_without_faults_passes_its_slo_verdict_and_writes_its_reports(synthesized: Path) -> None:
    output = run_make(synthesized, "-o", "synth", "loadtest", "PROFILE=steady", "DURATION=8")

    assert "SLO verdict: PASSED" in output
    assert set(statuses(output)) <= {200, 201}
    report = synthesized / ".build" / "loadtest"
    assert "Response Times" in (report / "steady.html").read_text(encoding="utf-8")
    assert (report / "steady_stats.csv").read_text(encoding="utf-8").startswith("Type,Name,Request Count")


def test_injected_errors_fail_the_verdict(synthesized: Path) -> None:
    output = make_fails(
        synthesized, "-o", "synth", "loadtest", "PROFILE=steady", "DURATION=8", "FAULT_ERROR_PERCENT=20"
    )

    assert "FAIL  availability" in output
    assert "SLO verdict: FAILED" in output
    assert statuses(output).get(502, 0) > 0


def test_a_spike_is_throttled_with_429s_and_never_a_5xx(synthesized: Path) -> None:
    output = run_make(synthesized, "-o", "synth", "loadtest", "PROFILE=spike", "DURATION=15")

    seen = statuses(output)
    assert seen.get(429, 0) > 0, output[-2000:]
    assert not [status for status in seen if status >= 500]
    assert "SLO verdict: PASSED" in output


def test_a_game_day_rehearsal_pages_stops_the_injection_and_recovers(synthesized: Path) -> None:
    output = run_make(synthesized, "-o", "synth", "gameday", "SCENARIO=invocation-errors", "MINUTE_SECONDS=0.5")

    assert re.search(r"minute +\d+: inject \(InvocationErrors\)", output)
    assert re.search(r"availability-fast-burn -> ALARM: P1 pages", output)
    assert "stop the injection (stop condition" in output
    assert re.search(r"availability-fast-burn -> OK", output)
    assert "availability-slow-burn stayed quiet" in output
    assert "Hypothesis held" in output
