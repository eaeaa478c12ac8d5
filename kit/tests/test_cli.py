"""`service-kit`: one subcommand per tool, run in the service's folder, plus the queries the Makefile asks."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_service_kit import __version__, cli
from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.project import UnknownEnvironmentError, environment


def service_kit(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, as the Makefile runs it (a fresh import of the service)."""
    return subprocess.run(
        [sys.executable, "-m", "lambda_service_kit.cli", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def example_copy(example_service: ServiceDefinition, tmp_path: Path) -> Path:
    """The example's sources in a folder of the test's own, without what builds and synth wrote."""
    copy = tmp_path / example_service.root.name
    shutil.copytree(example_service.root, copy, ignore=shutil.ignore_patterns(".build", "cdk.out", "__pycache__"))
    return copy


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_stack_name_prints_the_environments_stack(
    environment: str,
    example_environments: dict[str, ServiceConfig],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(example_environments[environment].service.root)

    assert cli.main(["stack-name", "--env", environment]) == 0

    assert capsys.readouterr().out == f"{example_environments[environment].stack_name}\n"


def test_stack_name_defaults_to_dev(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_service.root)

    assert cli.main(["stack-name"]) == 0

    assert capsys.readouterr().out == f"{example_service.stack_name('dev')}\n"


def test_region_prints_the_answers_region(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_service.root)

    assert cli.main(["region"]) == 0

    assert capsys.readouterr().out == f"{example_service.region}\n"


def test_an_unknown_environment_names_the_known_ones(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_service.root)

    known = r"\(known: dev, staging, prod\)"
    with pytest.raises(UnknownEnvironmentError, match=rf"no environment 'qa' in infra\.config {known}"):
        environment(example_service, "qa")
    assert cli.main(["stack-name", "--env", "qa"]) == 2


def test_an_unknown_command_exits_2_naming_the_commands(example_service: ServiceDefinition) -> None:
    completed = service_kit("deploy", cwd=example_service.root)

    assert completed.returncode == 2
    assert "service-kit: unknown command 'deploy'" in completed.stderr
    for command in (*cli.TOOLS, *cli.QUERIES):
        assert command in completed.stderr
    assert completed.stdout == ""


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    usage = capsys.readouterr().out
    assert cli.main(["--version"]) == 0

    assert all(f"service-kit {command}" in usage for command in (*cli.TOOLS, *cli.QUERIES))
    assert capsys.readouterr().out == f"lambda-service-kit {__version__}\n"


def test_every_tool_module_has_a_main() -> None:
    for command, module in cli.TOOLS.items():
        assert callable(getattr(importlib.import_module(module), "main", None)), command


def test_openapi_check_passes_on_the_example_and_fails_on_a_stale_document(
    example_copy: Path, example_service: ServiceDefinition
) -> None:
    document = example_copy / example_service.openapi_path.relative_to(example_service.root)

    assert service_kit("openapi", "--check", cwd=example_copy).returncode == 0

    document.write_text(document.read_text(encoding="utf-8").replace('"maxLength": 100', '"maxLength": 1000'))
    stale = service_kit("openapi", "--check", cwd=example_copy)

    assert stale.returncode == 1
    assert f"{document.resolve()} is stale: run `make openapi`" in stale.stderr


def test_openapi_rewrites_a_stale_document_from_the_declarations(
    example_copy: Path, example_service: ServiceDefinition
) -> None:
    document = example_copy / example_service.openapi_path.relative_to(example_service.root)
    expected = json.loads(document.read_text(encoding="utf-8"))
    document.write_text("{}\n")

    written = service_kit("openapi", cwd=example_copy)

    assert written.returncode == 0, written.stderr
    assert f"wrote {document.resolve()}" in written.stdout
    assert json.loads(document.read_text(encoding="utf-8")) == expected


def test_openapi_refuses_a_body_model_the_gateway_cannot_validate_alike(
    example_copy: Path, example_service: ServiceDefinition
) -> None:
    models = example_copy / "src" / example_service.package / "models" / "greeting.py"
    models.write_text(
        models.read_text(encoding="utf-8").replace(
            '    language: Language = "en"\n', '    language: Language = "en"\n    pair: tuple[int, int] = (0, 0)\n', 1
        )
    )

    refused = service_kit("openapi", cwd=example_copy)

    assert refused.returncode == 1
    assert "JSON Schema draft-04 has no 'prefixItems'" in refused.stderr


def test_a_folder_without_a_service_exits_2_saying_so(tmp_path: Path) -> None:
    completed = service_kit("region", cwd=tmp_path)

    assert completed.returncode == 2
    assert (
        completed.stderr
        == f"service-kit region: no service.toml in {tmp_path.resolve()}: run the kit in the service's folder\n"
    )


def test_an_unsupported_answer_exits_2_naming_it(example_copy: Path) -> None:
    service_file = example_copy / "service.toml"
    service_file.write_text(service_file.read_text(encoding="utf-8").replace('tracing = "otel"', 'tracing = "zipkin"'))

    completed = service_kit("stack-name", cwd=example_copy)

    assert completed.returncode == 2
    assert "observability.tracing = 'zipkin': expected one of otel, xray, none" in completed.stderr
