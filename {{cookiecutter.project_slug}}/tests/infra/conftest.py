"""Each environment's stack, synthesized once for the infra tests (the Lambda asset built first)."""

from __future__ import annotations

import pytest
from aws_cdk.assertions import Template
from lambda_service_kit.tools.build_lambda_asset import Target, build_asset

from app import build_app
from infra.config import ENVIRONMENTS


@pytest.fixture(scope="session")
def templates() -> dict[str, Template]:
    service = ENVIRONMENTS["dev"].service
    build_asset(service, target=Target.lambda_runtime(service), quiet=True)
    app = build_app()
    return {name: Template.from_stack(app.node.find_child(config.stack_name)) for name, config in ENVIRONMENTS.items()}
