"""`api_auth = "none"`: every route is public. Chosen explicitly at generation; see SECURITY.md.

Use it only for data that anyone may read and write; the stage's throttling (and the web ACL where
it is on) are then the only guard.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import aws_apigateway as apigateway
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth.base import Acknowledgements
from lambda_service_kit.routes import Route

REASON = "The API is public by decision (api_auth = none in service.toml, warned about at generation)."

UNKNOWN_ROUTE_STATUS = "404"


class NoAuthorization:
    unknown_route_status = UNKNOWN_ROUTE_STATUS

    def method_options(self, route: Route) -> dict[str, Any]:
        return {"authorization_type": apigateway.AuthorizationType.NONE}

    def acknowledgements(self, route: Route) -> Acknowledgements:
        return (("AwsSolutions-APIG4", REASON), ("AwsSolutions-COG4", REASON))


def build(scope: Construct, construct_id: str, *, config: ServiceConfig) -> NoAuthorization:
    return NoAuthorization()
