"""`api_auth = "iam"`: callers sign requests with AWS SigV4 and need `execute-api:Invoke` on the route.

Grant access to a caller's role with a policy such as
``{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/POST/greetings"}``.
"""  # noqa: E501

from __future__ import annotations

from typing import Any

from aws_cdk import aws_apigateway as apigateway
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth.base import Acknowledgements
from lambda_service_kit.routes import Route

UNKNOWN_ROUTE_STATUS = "403"


class IamAuthorization:
    # An unsigned request is reported like an unknown route: a 404 would tell its caller the route does not exist.
    unknown_route_status = UNKNOWN_ROUTE_STATUS

    def method_options(self, route: Route) -> dict[str, Any]:
        return {"authorization_type": apigateway.AuthorizationType.IAM}

    def acknowledgements(self, route: Route) -> Acknowledgements:
        return (
            (
                "AwsSolutions-COG4",
                "Callers authenticate with AWS IAM (SigV4) instead of a Cognito user pool (api_auth = iam).",
            ),
        )


def build(scope: Construct, construct_id: str, *, config: ServiceConfig) -> IamAuthorization:
    return IamAuthorization()
