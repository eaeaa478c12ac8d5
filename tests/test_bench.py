"""`make bench` runs on a fresh bake and produces every figure (quick mode: few iterations, no timing asserted)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from bench import report
from tests.conftest import QUIET_NODE, TEMPLATE_DIR, SharedEnvironment

FIGURES = ("cold", "warm", "warm_floor", "size", "synth", "rss", "bake", "tests", "targets", "comparison")
# The last full run, committed: what a quick run is compared with here.
LAST_FULL_RUN = TEMPLATE_DIR / "bench" / "results.json"


def test_quick_benchmark_produces_every_figure(shared_environment: SharedEnvironment, tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench.run", "--quick", "--output", str(output), "--work-dir", str(tmp_path)]
    command += ["--compare", str(LAST_FULL_RUN)]
    environment_arguments = ["--venv", str(shared_environment.venv), "--cdk", str(shared_environment.cdk)]

    completed = subprocess.run(
        [*command, *environment_arguments],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_NODE},
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    results = json.loads(output.read_text())
    assert set(FIGURES) <= set(results)
    judged = results["meta"]["judged_label"]
    bare = f"bare@{results['meta']['judged_python']}"
    assert {judged, f"{judged} no-sdk", f"{judged} no-pyc", bare, f"{bare} no-pyc"} <= set(results["cold"]["subjects"])
    assert results["cold"]["subjects"][judged]["botocore_loaded"] is True
    assert results["cold"]["subjects"][f"{judged} no-sdk"]["botocore_loaded"] is False
    assert results["cold"]["ratio_to_bare"][judged] > 1
    assert results["cold"]["init"][judged]["status"] == 201
    # The wheels the session's pip finds (built by its fixture, or kit/dist under `make test`): none built here.
    assert results["meta"]["kit_wheels"] in os.environ["PIP_FIND_LINKS"].split()
    assert results["cold"]["contributors"]["packages_ms"]
    assert results["warm"][judged]["us_per_invoke"] > results["warm"][bare]["us_per_invoke"] > 0
    assert results["warm"][judged]["output_lines_per_invoke"] >= 1
    assert results["warm"][judged]["spans_sent"] is True
    assert results["warm"][f"{judged} unsampled"]["spans_sent"] is False
    assert results["warm"][f"{judged} unsampled"]["us_per_invoke"] > results["warm"][bare]["us_per_invoke"]
    floor = results["warm_floor"]
    assert floor["sdk_two_spans_us"] > 0
    assert floor["floor_us"] == round(floor["untraced_handler_us"] + floor["sdk_two_spans_us"], 1)
    assert results["rss"][judged]["peak_mib"] > 0
    size = results["size"]
    assert 0 < size["zipped_mib"] < size["unzipped_mib"]
    assert size["bytecode"]["compiled"] == size["bytecode"]["sources"] > 0
    assert size["aws_sdk_bundled"] is False
    shipped = {item["name"] for item in size["contents"]}
    assert {"greeting_service", "lambda_service_runtime"} <= shipped
    assert "lambda_service_kit" not in shipped  # the kit's tools and constructs stay out of the asset
    assert results["synth"]["make_synth_s"] > 0
    synth = results["synth"]
    assert synth["peak_tree_rss_mib"] > synth["peak_tree_pss_mib"] > 0
    assert synth["peak_tree_rss_mib"] >= synth["largest_process_rss_mib"] > 0
    assert "node program.js (jsii kernel)" in synth["process_peaks_mib"]
    assert "node cdk" not in synth["process_peaks_mib"]  # make synth runs the app without the CLI
    assert "node cdk" in synth["cdk_cli_synth"]["process_peaks_mib"]
    # Every environment's service stack and its CI stack (the deploy role).
    stacks = [f"greeting-service-{env}{ci}.template.json" for env in ("dev", "prod", "staging") for ci in ("-ci", "")]
    assert results["synth"]["stacks"] == stacks
    assert results["bake"]["bake_s"] > 0
    assert "passed" in results["tests"]["unit_summary"]
    assert len(results["targets"]) == 9
    assert "Targets" in completed.stdout
    compared = {row["figure"]: row for row in results["comparison"]["figures"]}
    committed = {target["figure"]: target["measured"] for target in json.loads(LAST_FULL_RUN.read_text())["targets"]}
    assert {figure: compared[figure]["previous"] for figure in committed} == committed
    assert f"Compared with {LAST_FULL_RUN}" in completed.stdout


def test_comparison_gives_previous_now_and_change_in_percent() -> None:
    previous = json.loads(LAST_FULL_RUN.read_text())
    now = copy.deepcopy(previous)
    now["size"]["zipped_mib"] = previous["size"]["zipped_mib"] * 0.9
    now["synth"]["make_synth_s"] = previous["synth"]["make_synth_s"] * 1.25
    del previous["rss"]  # an older results file, without the peak RSS

    compared = {row["figure"]: row for row in report.comparison(now, previous, source="old.json")["figures"]}

    assert compared["asset zipped"]["change_percent"] == -10.0
    assert compared["make synth, wall"]["change_percent"] == 25.0
    assert compared["cold import, default handler / bare handler"]["change_percent"] == 0.0
    assert compared["handler peak RSS after 1,000 invocations"]["previous"] is None
    assert compared["handler peak RSS after 1,000 invocations"]["change_percent"] is None
    assert compared["asset zipped"]["now"] == now["size"]["zipped_mib"]
