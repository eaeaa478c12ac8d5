"""The developer loop: how long a person waits for bake, synth and the tests, and what synth holds in memory."""

from __future__ import annotations

import os
from pathlib import Path

from bench.process import Measured, run
from bench.project import QUIET_NODE, Environment, make

MIB_PER_KIB = 1 / 1024


def _developer_environment() -> dict[str, str]:
    """A developer's shell: bytecode is cached between runs (this machine exports PYTHONDONTWRITEBYTECODE=1)."""
    environment = {**os.environ, **QUIET_NODE}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def synth(project: Path, environment: Environment, *, warm_up: bool) -> dict[str, object]:
    """``make synth`` once the asset is built (its fingerprint makes the build step a no-op), and its parts.

    ``warm_up`` runs it once before the measured run, so the figure is the one a person re-running synth sees.
    ``make synth`` runs ``service-kit synth``, the app without the CDK CLI; ``cdk_cli_synth`` is the same app
    synthesized by the pinned CDK CLI (what ``make deploy`` and ``make diff`` run), measured the same way.
    """
    make(project, "build", environment=environment)
    if warm_up:
        make(project, "synth", environment=environment)
    measured = make(project, "synth", environment=environment, sample_tree=True)
    with_venv = {
        **_developer_environment(),
        "PATH": f"{environment.venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "CDK_DISABLE_CLI_TELEMETRY": "true",  # as the Makefile sets it
    }
    cli = run(
        [str(environment.cdk), "synth", "--quiet", "--output", str(project / "cdk.out" / "bench-cli")],
        cwd=project,
        env=with_venv,
        sample_tree=True,
    )
    app = run(
        [str(environment.python), "app.py"],
        cwd=project,
        env={**_developer_environment(), "CDK_OUTDIR": str(project / "cdk.out" / "bench-app")},
        sample_tree=True,
    )
    import_cdk = run([str(environment.python), "-c", "import aws_cdk"], cwd=project, env=_developer_environment())
    version = run(
        [str(environment.python), "-c", "import importlib.metadata as m; print(m.version('aws-cdk-lib'))"],
        cwd=project,
    )
    return {
        "make_synth_s": _seconds(measured),
        **_memory(measured),
        "cdk_cli_synth": {"s": _seconds(cli), **_memory(cli)},
        "app_py_s": _seconds(app),
        "app_py_peak_tree_rss_mib": _mib(app.peak_tree_rss_kib),
        "app_py_peak_tree_pss_mib": _mib(app.peak_tree_pss_kib),
        "import_aws_cdk_s": _seconds(import_cdk),
        "aws_cdk_lib": version.output.strip(),
        "stacks": sorted(path.name for path in (project / "cdk.out").glob("*.template.json")),
    }


def _memory(measured: Measured) -> dict[str, object]:
    """The three peak-memory figures of a command (bench/process.py says what each one counts)."""
    return {
        "peak_tree_rss_mib": _mib(measured.peak_tree_rss_kib),
        "peak_tree_pss_mib": _mib(measured.peak_tree_pss_kib),
        "largest_process_rss_mib": _mib(measured.max_rss_kib),
        "process_peaks_mib": {
            kind: _mib(kib) for kind, kib in sorted(measured.process_peaks_kib.items(), key=lambda item: -item[1])
        },
    }


def tests(project: Path, environment: Environment, *, whole_suite: bool) -> dict[str, object]:
    """Wall time of the generated unit tests (and, unless quick, of the whole generated suite).

    The first run after a bake compiles every module; the figure is the second, as a person re-running
    the tests sees it.
    """
    pytest = [str(environment.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    first = run([*pytest, "tests/unit"], cwd=project, env=_developer_environment())
    unit = run([*pytest, "tests/unit"], cwd=project, env=_developer_environment())
    figures: dict[str, object] = {
        "unit_s": _seconds(unit),
        "unit_first_run_s": _seconds(first),
        "unit_summary": _summary_line(unit),
    }
    if whole_suite:
        suite = run([*pytest], cwd=project, env=_developer_environment())
        figures.update({"suite_s": _seconds(suite), "suite_summary": _summary_line(suite)})
    return figures


def _summary_line(measured: Measured) -> str:
    lines = [line.strip("= ") for line in measured.output.splitlines() if " passed" in line]
    return lines[-1] if lines else ""


def _seconds(measured: Measured) -> float:
    return round(measured.wall_s, 2)


def _mib(kib: int) -> float:
    return round(kib * MIB_PER_KIB, 1)
