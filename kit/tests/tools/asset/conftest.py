"""The example's assets the asset tests look at, built once per session (an unchanged build is reused).

``lambda_asset`` (the Lambda runtime's build) comes from the kit's tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.tools.build_lambda_asset import Target, build_asset, host_asset_dir
from lambda_service_kit.tools.lambda_runtime_sdk import link_runtime_sdk


@pytest.fixture(scope="session")
def host_asset(example_service: ServiceDefinition) -> Path:
    """The example's asset for this machine, which a local interpreter can import."""
    return build_asset(example_service, target=Target.host(), output=host_asset_dir(example_service), quiet=True)


@pytest.fixture(scope="session")
def lambda_runtime_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AWS SDK the Lambda runtime provides beside the asset."""
    return link_runtime_sdk(tmp_path_factory.mktemp("lambda-runtime"))


@pytest.fixture(scope="session")
def function_environment(example_environments: dict[str, ServiceConfig]) -> dict[str, str]:
    """What the dev stack gives the function, as a bare interpreter's whole environment."""
    dev = example_environments["dev"]
    return {**dev.function_environment(), "AWS_REGION": dev.region}
