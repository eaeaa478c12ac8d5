from __future__ import annotations

import pytest
from aws_cdk.assertions import Template

from app import build_app
from infra.config import ENVIRONMENTS, ServiceConfig
from tools.build_lambda_asset import Target, build_asset


@pytest.fixture(scope="session")
def templates() -> dict[str, Template]:
    """Each environment's synthesized template, from the same app that `make synth` runs."""
    build_asset(target=Target.lambda_runtime(), quiet=True)
    app = build_app()
    return {name: Template.from_stack(app.node.find_child(config.stack_name)) for name, config in ENVIRONMENTS.items()}


@pytest.fixture(params=sorted(ENVIRONMENTS))
def environment(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def config(environment: str) -> ServiceConfig:
    return ENVIRONMENTS[environment]


@pytest.fixture
def template(templates: dict[str, Template], environment: str) -> Template:
    return templates[environment]
