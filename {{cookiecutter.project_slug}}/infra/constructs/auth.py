"""How the API authorizes callers: one strategy per `api_auth` answer, chosen in service.toml.

Each strategy lives in its own file, ``infra/constructs/auth_<api_auth>.py``; generation kept only
the one chosen. A strategy gives the options of every non-public method, and the cdk-nag findings
it accepts on that method with the reason. Public routes (``Route(public=True)``) never reach it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Protocol

from constructs import Construct

from infra.config import ServiceConfig
from infra.routes import Route

# (rule, reason) pairs, applied with infra.compliance.acknowledge to one method.
Acknowledgements = tuple[tuple[str, str], ...]

PUBLIC_ROUTE_ACKNOWLEDGEMENTS: Acknowledgements = (
    ("AwsSolutions-APIG4", "Public by design (public=True in infra/routes.py): reveals no data, e.g. /health."),
    ("AwsSolutions-COG4", "Public by design (public=True in infra/routes.py): no authorizer of any kind."),
)


class ApiAuthorization(Protocol):
    # API Gateway reports an unknown route and, with IAM authorization, an unsigned request as the
    # same MISSING_AUTHENTICATION_TOKEN error: its status is 404 unless that would mislead.
    unknown_route_status: str

    def method_options(self, route: Route) -> dict[str, Any]:
        """Keyword arguments for ``Resource.add_method`` of a non-public route."""
        ...

    def acknowledgements(self, route: Route) -> Acknowledgements:
        """The cdk-nag findings this strategy accepts on a non-public route's method, with reasons."""
        ...


class AuthStrategyMissingError(RuntimeError):
    """service.toml names an `api_auth` whose file was not generated."""


def api_authorization(scope: Construct, construct_id: str, *, config: ServiceConfig) -> ApiAuthorization:
    """The strategy that ``config.security.api_auth`` names, built in ``scope``."""
    return _strategy_module(config).build(scope, construct_id, config=config)


def unknown_route_status(config: ServiceConfig) -> int:
    """The status API Gateway answers an unknown route (or, with IAM, an unsigned request) with."""
    return int(_strategy_module(config).UNKNOWN_ROUTE_STATUS)


def _strategy_module(config: ServiceConfig) -> ModuleType:
    module_name = f"infra.constructs.auth_{config.security.api_auth}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise AuthStrategyMissingError(
            f"service.toml sets api_auth = {config.security.api_auth!r} but {module_name} does not exist: "
            "generate the project with that answer to get its file."
        ) from error
