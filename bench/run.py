"""Bake the default service and measure it: cold start, warm overhead, package, memory, developer loop.

    python -m bench.run                          # the full benchmark (make bench)
    python -m bench.run --quick --output x.json  # every figure with few iterations (the template's tests)
    python -m bench.run --venv V --cdk C         # reuse an installed environment instead of `make install`
    python -m bench.run --compare previous.json  # also each headline figure beside a previous run's

Every figure is printed with its baseline measured in the same run; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench import cold, kit_wheels, loop, report, size, warm
from bench.probing import Subject, XRayDaemon
from bench.project import (
    TEMPLATE_DIR,
    Environment,
    bake,
    bare_handler_dir,
    build_host_asset,
    find_runtime_python,
    function_environment,
    kit_events_module,
    make,
    python_version,
    runtime_sdk,
    service_definition,
    without_bytecode,
)

DEFAULT_OUTPUT = Path(__file__).with_name("results.json")
# The handler runs with the variables the stack gives this environment's function (infra/config.py).
MEASURED_ENVIRONMENT = "prod"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few iterations, default tracing and Python only")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON results")
    parser.add_argument("--work-dir", type=Path, help="bake and build here (default: a temporary folder)")
    parser.add_argument("--venv", type=Path, help="an installed virtualenv of the default bake to reuse")
    parser.add_argument("--cdk", type=Path, help="the CDK CLI to reuse with --venv")
    parser.add_argument("--compare", type=Path, help="a previous results file: each headline figure then and now")
    args = parser.parse_args(argv)
    if bool(args.venv) != bool(args.cdk):
        parser.error("--venv and --cdk go together")
    previous = json.loads(args.compare.read_text()) if args.compare else None
    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        results = benchmark(args.work_dir, args)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as work_dir:
            results = benchmark(Path(work_dir), args)
    if previous is not None:
        results["comparison"] = report.comparison(results, previous, source=str(args.compare))
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(report.table(results))
    print(f"\nJSON: {args.output}")
    return 0


def benchmark(work_dir: Path, args: argparse.Namespace) -> dict[str, object]:
    quick = args.quick
    runs, invocations = (3, 300) if quick else (15, 10_000)
    default_tracing, *other_options = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["tracing"]
    # Quick mode keeps "none" beside the default: the untraced handler is part of the tracing floor.
    tracings = [default_tracing, *(t for t in other_options if not quick or t == "none")]
    wheels = kit_wheels.provide(work_dir)

    _step(f"baking {', '.join(tracings)} into {work_dir}")
    projects, bake_figures = {}, {}
    for tracing in tracings:
        projects[tracing], measured = bake(work_dir / tracing, tracing=tracing)
        if tracing == default_tracing:
            bake_figures["bake_s"] = round(measured.wall_s, 2)
    project = projects[default_tracing]
    if args.venv:
        environment = Environment(venv=args.venv.resolve(), cdk=args.cdk.resolve())
    else:
        _step("make install (virtualenv from the locked requirements, pinned CDK CLI)")
        environment = Environment(venv=project / ".venv", cdk=project / "node_modules" / ".bin" / "cdk")
        bake_figures["install_s"] = round(make(project, "install").wall_s, 2)

    service = service_definition(project, environment)
    package = service["package"]
    lambda_version = service["python_runtime"].removeprefix("python")
    pythons = {python_version(environment.python)[0]: environment.python}
    lambda_python = find_runtime_python(environment, lambda_version)
    if lambda_python and lambda_version not in pythons:
        pythons[lambda_version] = lambda_python
    judged_version = lambda_version if lambda_version in pythons else next(iter(pythons))
    if quick:
        pythons = {judged_version: pythons[judged_version]}

    _step(f"host assets for Python {', '.join(pythons)} and the Lambda runtime's AWS SDK")
    sdk = runtime_sdk(environment, work_dir / "lambda-runtime", list(pythons.values()))
    events = kit_events_module(environment)
    variables = {
        tracing: function_environment(projects[tracing], environment, name=MEASURED_ENVIRONMENT) for tracing in tracings
    }
    subjects: list[Subject] = []
    for version, python in pythons.items():
        bare = bare_handler_dir(work_dir / f"bare-{version}", python)
        subjects.append(Subject(f"bare@{version}", python, "bare_handler", bare, events, (sdk,)))
        for tracing in tracings:
            asset = build_host_asset(projects[tracing], environment, python=python, version=version)
            module = f"{package}.handlers.api"
            for label, runtime_path in ((f"{tracing}@{version}", (sdk,)), (f"{tracing}@{version} no-sdk", ())):
                subjects.append(
                    Subject(label, python, module, asset, events, runtime_path, function_environment=variables[tracing])
                )
    by_label = {subject.label: subject for subject in subjects}
    judged = f"{default_tracing}@{judged_version}"
    bare_judged = by_label[f"bare@{judged_version}"]
    judged_python = pythons[judged_version]
    judged_no_pyc = build_host_asset(project, environment, python=judged_python, version=judged_version, bytecode=False)
    no_pyc = [
        dataclasses.replace(s, label=f"{s.label} no-pyc", code_dir=code_dir)
        for s, code_dir in (
            (bare_judged, without_bytecode(bare_judged.code_dir, work_dir / "no-pyc-bare")),
            (by_label[judged], judged_no_pyc),
        )
    ]
    on_lambda_path = [bare_judged, *(by_label[f"{tracing}@{judged_version}"] for tracing in tracings)]

    with XRayDaemon() as daemon:
        _step(f"cold imports: {len(subjects) + len(no_pyc)} subjects x {runs} runs")
        cold_subjects = cold.measure([*subjects, *no_pyc], daemon, runs=runs)
        _step("INIT work and import contributors")
        init = cold.measure(on_lambda_path, daemon, runs=runs, first_invoke=True)
        contributors = {"subject": judged, **cold.contributors(by_label[judged], daemon, runs=1 if quick else 3)}
        # Lambda samples few requests at production traffic (the X-Ray rule: one a second, then 5% in prod):
        # each traced handler is measured with every request sampled and with none sampled.
        unsampled = [
            dataclasses.replace(subject, label=f"{subject.label} unsampled", sampled=False)
            for subject in (by_label[f"{tracing}@{judged_version}"] for tracing in tracings if tracing != "none")
        ]
        _step(f"warm: {invocations} invocations per handler")
        warm_figures = {
            subject.label: warm.measure(subject, daemon, invocations=invocations)
            for subject in [*on_lambda_path, *unsampled]
        }

        floor = (
            warm.sdk_floor(
                by_label[f"otel@{judged_version}"], warm_figures[f"none@{judged_version}"], iterations=invocations
            )
            if {"otel", "none"} <= set(tracings)
            else {}
        )

    _step("Lambda asset (make build) and its size")
    make(project, "build", environment=environment)
    size_figures = {
        "runtime": f"{service['python_runtime']} {service['architecture']}",
        **size.measure(
            project / ".build" / "lambda", python_tag=f"cpython-{lambda_version.replace('.', '')}", package=package
        ),
    }
    _step("developer loop: make synth, tests")
    synth = loop.synth(project, environment, warm_up=not quick)
    tests = loop.tests(project, environment, whole_suite=not quick)

    results: dict[str, object] = {
        "meta": {
            "quick": quick,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2),
            "pythons": {version: str(python) for version, python in pythons.items()},
            "judged_python": judged_version,
            "judged_label": judged,
            "default_tracing": default_tracing,
            "cold_runs": runs,
            "warm_invocations": invocations,
            "kit_wheels": str(wheels),
            "function_environment": MEASURED_ENVIRONMENT,
        },
        "cold": {
            "subjects": cold_subjects,
            "ratio_to_bare": _ratios(cold_subjects),
            "init": init,
            "contributors": contributors,
            "no_bytecode_penalty": {
                subject.label: round(
                    cold_subjects[subject.label]["process_ms"]
                    / cold_subjects[subject.label.removesuffix(" no-pyc")]["process_ms"],
                    2,
                )
                for subject in no_pyc
            },
        },
        "warm": warm_figures,
        "warm_floor": floor,
        "rss": {
            label: {"peak_mib": figures["rss_after_invocations_mib"], "after": figures["rss_measured_after"]}
            for label, figures in warm_figures.items()
        },
        "size": size_figures,
        "synth": synth,
        "bake": bake_figures,
        "tests": tests,
    }
    results["targets"] = [target.as_dict() for target in report.targets(results)]
    return results


def _ratios(subjects: dict[str, dict[str, object]]) -> dict[str, float]:
    """Each subject's process time over the bare handler's, same Python, same bytecode, same run."""
    ratios = {}
    for label, figures in subjects.items():
        version = label.split("@", 1)[1].split(" ", 1)[0]
        bare_label = f"bare@{version}" + (" no-pyc" if label.endswith(" no-pyc") else "")
        ratios[label] = round(float(figures["process_ms"]) / float(subjects[bare_label]["process_ms"]), 1)
    return ratios


def _step(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
