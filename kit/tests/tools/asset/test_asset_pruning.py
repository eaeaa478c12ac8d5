"""The asset leaves out what tools.asset_pruning lists, and nothing that stays depends on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra.config import LAMBDA_ASSET_DIR, PACKAGE_NAME  # TODO
from tests.runtime_environment import TEST_ENVIRONMENT
from lambda_service_kit.tools import asset_pruning
from lambda_service_kit.tools.build_lambda_asset import Target, _fingerprint, _requirements_to_bundle, find_interpreter

IMPORT_SCRIPT = Path(__file__).with_name("import_from_asset.py")


def test_every_module_left_in_a_pruned_package_imports(host_asset: Path, lambda_runtime_modules: Path) -> None:
    """A module that imports a pruned one at module level would fail in Lambda the day someone imports it."""
    packages = [package for package in asset_pruning.pruned_packages() if (host_asset / package).is_dir()]
    completed = subprocess.run(
        [sys.executable, "-I", "-S", str(IMPORT_SCRIPT), str(host_asset), str(lambda_runtime_modules), *packages],
        env={"PATH": os.environ.get("PATH", ""), **TEST_ENVIRONMENT},
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


def test_the_asset_is_rebuilt_when_a_rule_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    target = Target.lambda_runtime()
    before = _fingerprint(target, bytecode=True)

    monkeypatch.setitem(asset_pruning.PRUNED, "pydantic/networks.py", "a new rule")

    assert _fingerprint(target, bytecode=True) != before


def test_dependencies_ship_as_bytecode_and_the_service_as_source(lambda_asset: Path) -> None:
    target = Target.lambda_runtime()
    if find_interpreter(target.python_version) is None:
        pytest.skip(f"no python{target.python_version} here to compile bytecode with (set RUNTIME_PYTHON)")

    sources = list(lambda_asset.rglob("*.py"))
    service_sources = list((lambda_asset / PACKAGE_NAME).rglob("*.py"))

    assert sorted(sources) == sorted(service_sources)
    assert (lambda_asset / "pydantic" / "main.pyc").is_file()
    assert service_sources
    for source in service_sources:
        assert (source.parent / "__pycache__" / f"{source.stem}.{target.bytecode_tag}.pyc").is_file()


def test_bytecode_names_its_files_relative_to_the_asset(lambda_asset: Path) -> None:
    """Tracebacks through a dependency show ``pydantic/main.py``, not the folder the asset was built in."""
    bytecode = b"".join(path.read_bytes() for path in lambda_asset.rglob("*.pyc"))

    assert bytecode
    assert str(LAMBDA_ASSET_DIR.parent).encode() not in bytecode


def test_requirements_only_the_runtime_sdk_needs_are_left_out() -> None:
    lock = """\
aws-lambda-powertools==3.37.0  # via -r runtime.in
aws-xray-sdk==2.15.0      # via -r runtime.in
botocore==1.44.8          # via aws-xray-sdk
jmespath==1.1.0           # via aws-lambda-powertools, botocore
python-dateutil==2.9.0.post0  # via botocore
six==1.17.0               # via python-dateutil
urllib3==2.8.0 ; python_version >= "3.10"  # via botocore
"""

    bundled = _requirements_to_bundle(lock)

    assert bundled == ["aws-lambda-powertools==3.37.0", "aws-xray-sdk==2.15.0", "jmespath==1.1.0"]
