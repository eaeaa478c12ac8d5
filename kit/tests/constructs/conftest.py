"""What the construct tests share beyond the kit's fixtures: the example's routes and an untraced variant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.project import routes
from lambda_service_kit.routes import Route


@pytest.fixture(scope="session")
def example_routes(example_service: ServiceDefinition) -> Sequence[Route]:
    """The routes of the example's OpenAPI document (``openapi.json``)."""
    return routes(example_service)


@pytest.fixture(scope="session")
def untraced_config(example_environments: dict[str, ServiceConfig]) -> ServiceConfig:
    """The example's dev environment as if generated with ``tracing = "none"``."""
    dev = example_environments["dev"]
    return replace(dev, service=replace(dev.service, tracing="none"))


@pytest.fixture(scope="session")
def untraced_template(synth_stack: Callable[..., cdk.Stack], untraced_config: ServiceConfig) -> Template:
    return Template.from_stack(synth_stack(untraced_config))
