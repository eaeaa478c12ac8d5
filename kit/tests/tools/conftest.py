"""The example's cloud assembly as `service-kit synth` (what `make synth` runs) writes it, once per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceDefinition


@pytest.fixture(scope="session")
def kit_cloud_assembly(
    example_service: ServiceDefinition, lambda_asset: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    output = tmp_path_factory.mktemp("cdk.out")
    completed = subprocess.run(
        [sys.executable, "-m", "lambda_service_kit.cli", "synth", "--output", str(output)],
        cwd=example_service.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, f"`service-kit synth` failed:\n{completed.stderr}"
    return output
