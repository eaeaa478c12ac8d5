"""The asset leaves out what ``lambda_service_kit.tools.asset_pruning`` lists, and nothing that stays depends on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.tools import asset_pruning
from lambda_service_kit.tools.build_lambda_asset import Target, _fingerprint, find_interpreter

IMPORT_SCRIPT = Path(__file__).with_name("import_from_asset.py")


def test_every_module_left_in_a_pruned_package_imports(
    host_asset: Path, lambda_runtime_modules: Path, function_environment: dict[str, str]
) -> None:
    """A module that imports a pruned one at module level would fail in Lambda the day someone imports it."""
    packages = [package for package in asset_pruning.pruned_packages() if (host_asset / package).is_dir()]
    completed = subprocess.run(
        [sys.executable, "-I", "-S", str(IMPORT_SCRIPT), str(host_asset), str(lambda_runtime_modules), *packages],
        env=function_environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    results = json.loads(next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))[7:])
    assert results["failed"] == {}
    assert results["tried"] > 100


def test_the_asset_holds_nothing_a_rule_prunes(lambda_asset: Path, host_asset: Path) -> None:
    assert asset_pruning.files_to_prune(lambda_asset) == []
    assert asset_pruning.files_to_prune(host_asset) == []


def test_the_asset_is_rebuilt_when_a_rule_changes(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = Target.lambda_runtime(example_service)
    before = _fingerprint(example_service, target, bytecode=True)

    monkeypatch.setitem(asset_pruning.PRUNED, "pydantic/networks.py", "a new rule")

    assert _fingerprint(example_service, target, bytecode=True) != before


def test_dependencies_ship_as_bytecode_and_the_service_as_source(
    example_service: ServiceDefinition, lambda_asset: Path
) -> None:
    target = Target.lambda_runtime(example_service)
    if find_interpreter(target.python_version) is None:
        pytest.skip(f"no python{target.python_version} here to compile bytecode with (set RUNTIME_PYTHON)")

    sources = list(lambda_asset.rglob("*.py"))
    service_sources = list((lambda_asset / example_service.package).rglob("*.py"))

    assert sorted(sources) == sorted(service_sources)
    assert (lambda_asset / "pydantic" / "main.pyc").is_file()
    assert service_sources
    for source in service_sources:
        assert (source.parent / "__pycache__" / f"{source.stem}.{target.bytecode_tag}.pyc").is_file()


def test_bytecode_names_its_files_relative_to_the_asset(example_service: ServiceDefinition, lambda_asset: Path) -> None:
    """Tracebacks through a dependency name its file inside the asset (``pydantic.main``), not the build folder."""
    bytecode = b"".join(path.read_bytes() for path in lambda_asset.rglob("*.pyc"))

    assert bytecode
    assert str(example_service.asset_dir.parent).encode() not in bytecode


def test_pruning_deletes_what_a_rule_matches_keeps_what_kept_names_and_removes_emptied_folders(tmp_path: Path) -> None:
    kept = "opentelemetry/semconv/_incubating/attributes/otel_attributes.py"
    for relative in (
        "pydantic/v1/main.pyc",
        "pydantic/main.pyc",
        "pydantic/mypy.pyc",
        "opentelemetry/semconv/_incubating/attributes/http_attributes.pyc",
        kept,
        "six.dist-info/RECORD",
        "six.dist-info/METADATA",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("")

    pruned = asset_pruning.prune(tmp_path)

    assert sorted(path.relative_to(tmp_path).as_posix() for path in pruned) == [
        "opentelemetry/semconv/_incubating/attributes/http_attributes.pyc",
        "pydantic/mypy.pyc",
        "pydantic/v1/main.pyc",
        "six.dist-info/RECORD",
    ]
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()) == [
        kept,
        "pydantic/main.pyc",
        "six.dist-info/METADATA",
    ]
    assert not (tmp_path / "pydantic" / "v1").exists()


def test_every_rule_gives_its_reason_and_names_the_packages_to_check() -> None:
    assert all(len(reason) > 10 for reason in (*asset_pruning.PRUNED.values(), *asset_pruning.KEPT.values()))
    assert {"aws_lambda_powertools", "pydantic", "opentelemetry"} <= set(asset_pruning.pruned_packages())
    assert not [package for package in asset_pruning.pruned_packages() if "*" in package]
