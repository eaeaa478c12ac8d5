from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lambda_service_kit.tools.lambda_runtime_sdk import RUNTIME_PROVIDED_MODULES, link_runtime_sdk


def test_links_the_runtime_provided_sdk_and_nothing_else(tmp_path: Path) -> None:
    folder = link_runtime_sdk(tmp_path / "sdk")

    probe = "import sys; sys.path.append(sys.argv[1]); import boto3, botocore; print(boto3.__name__)"
    completed = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe, str(folder)], capture_output=True, text=True, check=False
    )

    assert completed.returncode == 0, completed.stderr
    assert len([path for path in folder.iterdir() if path.is_symlink()]) == len(RUNTIME_PROVIDED_MODULES)


def test_linking_twice_keeps_the_links(tmp_path: Path) -> None:
    first = sorted(path.name for path in link_runtime_sdk(tmp_path).iterdir())

    assert sorted(path.name for path in link_runtime_sdk(tmp_path).iterdir()) == first
