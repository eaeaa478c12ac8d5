from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from app import build_app
from infra.config import ENVIRONMENTS, ServiceConfig
from infra.service_stack import ServiceStack
from tools.build_lambda_asset import Target, build_asset


@pytest.fixture(scope="session")
def app() -> cdk.App:
    """The same app that `make synth` runs, with the Lambda asset it needs."""
    build_asset(target=Target.lambda_runtime(), quiet=True)
    return build_app()


@pytest.fixture(scope="session")
def templates(app: cdk.App) -> dict[str, Template]:
    """Each environment's synthesized template."""
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


@pytest.fixture
def stack(app: cdk.App, templates: dict[str, Template], config: ServiceConfig) -> cdk.Stack:
    """The environment's stack, already synthesized."""
    return app.node.find_child(config.stack_name)  # type: ignore[return-value]


@pytest.fixture(scope="session")
def synth_stack(templates: dict[str, Template]) -> Callable[..., cdk.Stack]:
    """Build a stack from a configuration of the test's own (the asset is built by ``templates``)."""

    def synth(config: ServiceConfig, *, context: dict[str, str] | None = None) -> cdk.Stack:
        app = cdk.App(context=context)
        return ServiceStack(app, config.stack_name, config=config, env=cdk.Environment(region=config.region))

    return synth
