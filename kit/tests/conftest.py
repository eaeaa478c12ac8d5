"""The service the kit's tests work on: the template's default bake, as a user gets it.

The kit is tested as services use it, on the stack the template composes (``infra/service_stack.py``)
and the routes it declares. Baked once per session, nothing installed: this environment already has
the kit and its dependencies. The function's environment is the dev stack's, set before any test
imports runtime code (its settings are read at import).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template
from cookiecutter.main import cookiecutter

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.project import environments
from lambda_service_kit.routes import load_document

TEMPLATE_DIR = Path(__file__).resolve().parents[2]


def _bake_example() -> Path:
    """The default bake in a folder of its own, made anew each session."""
    output = Path(tempfile.mkdtemp(prefix="kit-example-"))
    project = Path(cookiecutter(str(TEMPLATE_DIR), no_input=True, output_dir=str(output)))
    sys.path[:0] = [str(project), str(project / "src")]
    return project


EXAMPLE_ROOT = _bake_example()


def pytest_sessionfinish(session: pytest.Session) -> None:
    shutil.rmtree(EXAMPLE_ROOT.parent, ignore_errors=True)


EXAMPLE = ServiceDefinition.load(EXAMPLE_ROOT)
ENVIRONMENTS = environments(EXAMPLE)
os.environ.update({**ENVIRONMENTS["dev"].function_environment(), "AWS_REGION": EXAMPLE.region})


@pytest.fixture(scope="session")
def example_service() -> ServiceDefinition:
    """The baked service's answers and folders (its ``src/``, ``infra/`` and ``requirements/``)."""
    return EXAMPLE


@pytest.fixture(scope="session")
def example_document(example_service: ServiceDefinition) -> dict[str, Any]:
    """The example's OpenAPI document (``openapi.json``), as the template ships it."""
    return load_document(example_service.openapi_path)


@pytest.fixture(scope="session")
def example_environments() -> dict[str, ServiceConfig]:
    return dict(ENVIRONMENTS)


@pytest.fixture(scope="session")
def lambda_asset(example_service: ServiceDefinition) -> Path:
    """The example's asset for its Lambda runtime (what synth packages), built once."""
    from lambda_service_kit.tools.build_lambda_asset import Target, build_asset

    return build_asset(example_service, target=Target.lambda_runtime(example_service), quiet=True)


@pytest.fixture(scope="session")
def synth_stack(lambda_asset: Path) -> Callable[..., cdk.Stack]:
    """Build the example's stack (``infra/service_stack.py``) from a configuration of the test's own."""
    from infra.service_stack import ServiceStack

    def synth(config: ServiceConfig, *, context: dict[str, str] | None = None) -> cdk.Stack:
        app = cdk.App(context=context)
        return ServiceStack(app, config.stack_name, config=config, env=cdk.Environment(region=config.region))

    return synth


@pytest.fixture(scope="session")
def app(lambda_asset: Path) -> cdk.App:
    """The example's app, as `make synth` runs it."""
    from app import build_app

    return build_app()


@pytest.fixture(scope="session")
def templates(app: cdk.App) -> dict[str, Template]:
    """Each environment's synthesized template."""
    return {name: Template.from_stack(app.node.find_child(config.stack_name)) for name, config in ENVIRONMENTS.items()}


@pytest.fixture(params=sorted(ENVIRONMENTS))
def environment(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def config(environment: str) -> ServiceConfig:
    return ENVIRONMENTS[environment]


@pytest.fixture
def template(templates: dict[str, Template], environment: str) -> Template:
    return templates[environment]


@pytest.fixture
def stack(app: cdk.App, templates: dict[str, Template], config: ServiceConfig) -> cdk.Stack:
    """The environment's stack, already synthesized."""
    found: cdk.Stack = app.node.find_child(config.stack_name)  # type: ignore[assignment]
    return found
