"""The assets the asset tests look at, built once per session (an unchanged build is reused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.config import LAMBDA_ASSET_DIR  # TODO
from lambda_service_kit.tools.build_lambda_asset import Target, build_asset
from lambda_service_kit.tools.lambda_runtime_sdk import link_runtime_sdk


@pytest.fixture(scope="session")
def host_asset() -> Path:
    return build_asset(target=Target.host(), output=LAMBDA_ASSET_DIR.with_name("lambda-host"), quiet=True)


@pytest.fixture(scope="session")
def lambda_runtime_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return link_runtime_sdk(tmp_path_factory.mktemp("lambda-runtime"))


@pytest.fixture(scope="session")
def lambda_asset() -> Path:
    return build_asset(target=Target.lambda_runtime(), quiet=True)
