"""How the API authorizes callers: one strategy per ``api_auth`` answer (service.toml).

Each strategy is a module of this package, imported statically; ``config.service.api_auth`` picks
one. A strategy gives the options of every non-public method and the cdk-nag findings it accepts on
that method, with the reason. Public routes (``Route(public=True)``) never reach it.
"""

from __future__ import annotations

from types import ModuleType

from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth import cognito, iam, none
from lambda_service_kit.constructs.auth.base import PUBLIC_ROUTE_ACKNOWLEDGEMENTS, Acknowledgements, ApiAuthorization

STRATEGIES: dict[str, ModuleType] = {"iam": iam, "cognito": cognito, "none": none}

__all__ = ["PUBLIC_ROUTE_ACKNOWLEDGEMENTS", "Acknowledgements", "ApiAuthorization", "api_authorization"]


def api_authorization(scope: Construct, construct_id: str, *, config: ServiceConfig) -> ApiAuthorization:
    """The strategy that ``config.service.api_auth`` names, built in ``scope``."""
    strategy: ApiAuthorization = STRATEGIES[config.service.api_auth].build(scope, construct_id, config=config)
    return strategy


def unknown_route_status(api_auth: str) -> int:
    """The status API Gateway answers an unknown route (or, with IAM, an unsigned request) with."""
    return int(STRATEGIES[api_auth].UNKNOWN_ROUTE_STATUS)
