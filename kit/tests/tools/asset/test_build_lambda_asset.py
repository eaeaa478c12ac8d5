"""`service-kit build`: the asset is complete, built for the Lambda runtime, and rebuilt only when its inputs change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.testing import events
from lambda_service_kit.tools.build_lambda_asset import (
    FINGERPRINT_FILE,
    Target,
    _requirements_to_bundle,
    build_asset,
    find_interpreter,
)

INVOKE_SCRIPT = Path(__file__).with_name("invoke_from_asset.py")


def test_the_handler_imports_and_answers_from_the_asset_alone(
    example_service: ServiceDefinition,
    host_asset: Path,
    lambda_runtime_modules: Path,
    function_environment: dict[str, str],
    tmp_path: Path,
) -> None:
    """Only the standard library, the asset, the runtime's AWS SDK and the event builder are importable.

    The asset is pruned (``lambda_service_kit.tools.asset_pruning``): every route and error path must
    import what it needs from it.
    """
    events_dir = tmp_path / "events"
    events_dir.mkdir()
    shutil.copy(events.__file__, events_dir / "api_events.py")
    completed = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(INVOKE_SCRIPT),
            str(host_asset),
            str(events_dir),
            str(lambda_runtime_modules),
            example_service.package,
        ],
        cwd=tmp_path,
        env=function_environment,
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


def test_the_asset_is_built_for_the_lambda_runtime_and_architecture(
    example_service: ServiceDefinition, lambda_asset: Path
) -> None:
    target = Target.lambda_runtime(example_service)
    machine = {"arm64": "aarch64", "x86_64": "x86_64"}[target.architecture]

    extensions = list(lambda_asset.glob("pydantic_core/_pydantic_core.*.so"))

    assert (target.python_version, target.architecture) == (
        example_service.python_runtime.removeprefix("python"),
        example_service.architecture,
    )
    assert [path.name for path in extensions] == [
        f"_pydantic_core.{target.abi.replace('cp', 'cpython-')}-{machine}-linux-gnu.so"
    ]


def test_the_asset_ships_only_the_service_package_and_its_dependencies(
    example_service: ServiceDefinition, lambda_asset: Path
) -> None:
    top_level = {path.name for path in lambda_asset.iterdir() if not path.name.endswith(".dist-info")}

    assert {example_service.package, "lambda_service_runtime"} <= top_level
    assert not top_level & {"boto3", "botocore", "aws_cdk", "pytest", "infra", "tests", "lambda_service_kit", "bin"}


def test_the_asset_ships_bytecode_for_the_runtime(example_service: ServiceDefinition, lambda_asset: Path) -> None:
    target = Target.lambda_runtime(example_service)
    if find_interpreter(target.python_version) is None:
        pytest.skip(f"no python{target.python_version} here to compile bytecode with (set RUNTIME_PYTHON)")

    handler_bytecode = (
        lambda_asset / example_service.package / "handlers" / "__pycache__" / f"api.{target.bytecode_tag}.pyc"
    )

    assert handler_bytecode.is_file()


def test_an_unchanged_asset_is_not_rebuilt(example_service: ServiceDefinition, lambda_asset: Path) -> None:
    fingerprint = lambda_asset / FINGERPRINT_FILE
    before = fingerprint.stat().st_mtime_ns

    rebuilt = build_asset(example_service, target=Target.lambda_runtime(example_service), quiet=True)

    assert rebuilt == lambda_asset
    assert fingerprint.stat().st_mtime_ns == before


def test_an_interpreter_is_found_by_its_version_or_not_at_all() -> None:
    running = f"{sys.version_info.major}.{sys.version_info.minor}"

    found = find_interpreter(running)

    assert found is not None
    version = subprocess.run(
        [found, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == str(sys.version_info[:2])
    assert find_interpreter("2.0") is None


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
