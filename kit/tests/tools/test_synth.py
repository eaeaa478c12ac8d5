"""`service-kit synth` runs the app as `cdk synth` does, without the CLI, and writes the same cloud assembly."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.tools.synth import app_environment, synth, synth_context

# What the app writes that differs between any two runs: stack traces through jsii's temporary folders.
RUN_SPECIFIC = {"validation-report.json"}
RUN_SPECIFIC_SUFFIX = ".metadata.json"


def with_this_python(environment: dict[str, str]) -> dict[str, str]:
    """cdk.json runs `python3 app.py`: this test's interpreter must be the python3 the CLI finds."""
    return {**environment, "PATH": os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])}


def test_service_kit_synth_writes_the_cloud_assembly_cdk_synth_writes(
    example_service: ServiceDefinition, kit_cloud_assembly: Path, tmp_path: Path
) -> None:
    cli = os.environ.get("CDK_CLI")
    if not cli:
        pytest.skip("CDK_CLI names no CDK CLI (`make kit-test` sets it)")
    by_cli, by_tool = tmp_path / "cli", kit_cloud_assembly

    subprocess.run(
        [cli, "synth", "--quiet", "--output", str(by_cli)],
        cwd=example_service.root,
        env=with_this_python(dict(os.environ)),
        check=True,
        capture_output=True,
    )

    files = sorted(path.relative_to(by_cli) for path in by_cli.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(by_tool) for path in by_tool.rglob("*") if path.is_file())
    compared = [name for name in files if name.name not in RUN_SPECIFIC and not name.name.endswith(RUN_SPECIFIC_SUFFIX)]
    assert {f"{example_service.stack_name(env)}.template.json" for env in ("dev", "staging", "prod")} <= {
        name.name for name in compared
    }
    for name in compared:
        assert (by_tool / name).read_bytes() == (by_cli / name).read_bytes(), name


def test_the_app_gets_cdk_json_context_and_the_keys_the_cli_adds(example_service: ServiceDefinition) -> None:
    settings = json.loads((example_service.root / "cdk.json").read_text())

    context = synth_context(settings, project_context={}, user_context={})

    assert settings["context"].items() <= context.items()
    assert context["aws:cdk:enable-path-metadata"] is True
    assert context["aws:cdk:enable-asset-metadata"] is True
    assert context["aws:cdk:disable-version-reporting"] is True  # cdk.json: "versionReporting": false
    assert context["aws:cdk:bundling-stacks"] == ["**"]


def test_cdk_json_context_wins_over_cached_lookups_and_user_defaults() -> None:
    settings = {"context": {"shared": "cdk.json"}}

    context = synth_context(
        settings,
        project_context={"shared": "cdk.context.json", "cached": "lookup"},
        user_context={"shared": "user", "cached": "user", "own": "user"},
    )

    assert (context["shared"], context["cached"], context["own"]) == ("cdk.json", "lookup", "user")


def test_the_jsii_kernel_gets_small_semi_spaces_unless_node_options_set_them(tmp_path: Path) -> None:
    assert app_environment({}, tmp_path, {"NODE_OPTIONS": "--trace-warnings"})["NODE_OPTIONS"] == (
        "--trace-warnings --max-semi-space-size=1"
    )
    assert app_environment({}, tmp_path, {"NODE_OPTIONS": "--max-semi-space-size=8"})["NODE_OPTIONS"] == (
        "--max-semi-space-size=8"
    )
    environment = app_environment({"key": "value"}, tmp_path, {})
    assert json.loads(environment["CDK_CONTEXT_JSON"]) == {"key": "value"}
    assert environment["CDK_OUTDIR"] == str(tmp_path)


FAKE_APP = """
import os, pathlib, shutil, sys
out = pathlib.Path(os.environ["CDK_OUTDIR"])
shutil.copy(sys.argv[1], out / "manifest.json")
if pathlib.Path("report.json").exists():
    shutil.copy("report.json", out / "validation-report.json")
pathlib.Path(sys.argv[2]).write_text(os.environ["CDK_CONTEXT_JSON"])
"""


def fake_project(tmp_path: Path, manifest: dict[str, object], report: dict[str, object] | None = None) -> Path:
    """A project whose app writes ``manifest`` (and ``report``, the validation report) as its cloud assembly
    and records the context it was given."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(FAKE_APP)
    (project / "manifest.json").write_text(json.dumps(manifest))
    if report is not None:
        (project / "report.json").write_text(json.dumps(report))
    app = f"{shlex.quote(sys.executable)} app.py manifest.json context.json"
    (project / "cdk.json").write_text(json.dumps({"app": app, "context": {"from": "cdk.json"}}))
    return project


def stack_with_metadata(entries: list[dict[str, str]]) -> dict[str, object]:
    stack = {"type": "aws:cloudformation:stack", "metadata": {"/service-dev/Function": entries}}
    return {"version": "54.0.0", "artifacts": {"service-dev": stack}}


def test_a_clean_app_synthesizes_with_its_context(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = fake_project(tmp_path, stack_with_metadata([{"type": "aws:cdk:logicalId", "data": "Function"}]))

    assert synth(project, tmp_path / "out", cdk=tmp_path / "no-cli") == 0

    assert json.loads((project / "context.json").read_text())["from"] == "cdk.json"
    assert "Synthesized service-dev" in capsys.readouterr().err


def test_an_error_annotation_fails_synth_and_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entries = [{"type": "aws:cdk:error", "data": "memory too low"}, {"type": "aws:cdk:warning", "data": "old API"}]
    project = fake_project(tmp_path, stack_with_metadata(entries))

    assert synth(project, tmp_path / "out", cdk=tmp_path / "no-cli") == 1

    printed = capsys.readouterr().err
    assert "[Error at /service-dev/Function] memory too low" in printed
    assert "[Warning at /service-dev/Function] old API" in printed


def validation_report(conclusion: str) -> dict[str, object]:
    return {"version": "54.0.0", "pluginReports": [{"pluginName": "AwsSolutions", "conclusion": conclusion}]}


def test_a_failed_validation_fails_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = fake_project(tmp_path, stack_with_metadata([]), report=validation_report("failure"))

    assert synth(project, tmp_path / "out", cdk=tmp_path / "no-cli") == 1

    assert "AwsSolutions found" in capsys.readouterr().err


def test_a_report_left_by_an_earlier_failure_does_not_fail_the_next_synth(tmp_path: Path) -> None:
    project = fake_project(tmp_path, stack_with_metadata([]))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "validation-report.json").write_text(json.dumps(validation_report("failure")))

    assert synth(project, tmp_path / "out", cdk=tmp_path / "no-cli") == 0


def test_missing_context_hands_over_to_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = {"version": "54.0.0", "artifacts": {}, "missing": [{"key": "vpc-provider:account=1:region=x"}]}
    project = fake_project(tmp_path, manifest)
    cli = tmp_path / "cdk"
    cli.write_text(f'#!/bin/sh\necho "$@" > {shlex.quote(str(tmp_path / "cli-arguments"))}\n')
    cli.chmod(0o755)

    assert synth(project, tmp_path / "out", cdk=cli) == 0

    assert "vpc-provider:account=1:region=x" in capsys.readouterr().err
    assert (tmp_path / "cli-arguments").read_text().split() == ["synth", "--quiet", "--output", str(tmp_path / "out")]


def test_missing_context_without_the_cli_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = fake_project(tmp_path, {"version": "54.0.0", "artifacts": {}, "missing": [{"key": "lookup"}]})

    assert synth(project, tmp_path / "out", cdk=tmp_path / "no-cli") == 2

    assert "need the CDK CLI" in capsys.readouterr().err
