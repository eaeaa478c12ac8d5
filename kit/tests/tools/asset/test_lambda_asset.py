"""The built asset is complete: the handler imports and answers with nothing else on the path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra.config import PACKAGE_NAME  # TODO
from tests.runtime_environment import TEST_ENVIRONMENT
from lambda_service_kit.tools.build_lambda_asset import Target, find_interpreter

INVOKE_SCRIPT = Path(__file__).with_name("invoke_from_asset.py")
EVENTS_DIR = Path(__file__).parents[2] / "tools"


def test_handler_imports_and_answers_from_the_asset_alone(
    host_asset: Path, lambda_runtime_modules: Path, tmp_path: Path
) -> None:
    """Only the standard library, the asset, the runtime's AWS SDK and the event builder are importable.

    The asset is pruned (tools.asset_pruning): every route and error path must import what it needs from it.
    """
    environment = {"PATH": os.environ.get("PATH", ""), **TEST_ENVIRONMENT}
    completed = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(INVOKE_SCRIPT),
            str(host_asset),
            str(EVENTS_DIR),
            str(lambda_runtime_modules),
            PACKAGE_NAME,
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    result_line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
    results = json.loads(result_line.removeprefix("RESULT "))
    assert results["health"] == 200
    assert results["greeting"]["statusCode"] == 201
    assert json.loads(results["greeting"]["body"])["message"] == "Hello, Ada!"
    assert results["invalid_body"] == 422
    assert results["unknown_route"] == 404
    assert results["unexpected_error"] == 500
    assert results["leaked"] == []
    assert results["cdk_importable"] is False


def test_asset_is_built_for_the_lambda_runtime_and_architecture(lambda_asset: Path) -> None:
    target = Target.lambda_runtime()
    machine = {"arm64": "aarch64", "x86_64": "x86_64"}[target.architecture]

    extensions = list(lambda_asset.glob("pydantic_core/_pydantic_core.*.so"))

    expected = f"_pydantic_core.{target.abi.replace('cp', 'cpython-')}-{machine}-linux-gnu.so"
    assert [path.name for path in extensions] == [expected]


def test_asset_ships_only_the_runtime_package_and_its_dependencies(lambda_asset: Path) -> None:
    top_level = {path.name for path in lambda_asset.iterdir() if not path.name.endswith(".dist-info")}

    assert PACKAGE_NAME in top_level
    assert not top_level & {"boto3", "botocore", "aws_cdk", "pytest", "infra", "tests", "tools", "bin"}


def test_asset_ships_bytecode_for_the_runtime(lambda_asset: Path) -> None:
    target = Target.lambda_runtime()
    if find_interpreter(target.python_version) is None:
        pytest.skip(f"no python{target.python_version} here to compile bytecode with (set RUNTIME_PYTHON)")
    tag = target.abi.replace("cp", "cpython-")

    handler_bytecode = lambda_asset / PACKAGE_NAME / "handlers" / "__pycache__" / f"api.{tag}.pyc"

    assert handler_bytecode.is_file()
