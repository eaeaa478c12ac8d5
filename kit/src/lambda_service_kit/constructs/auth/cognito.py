"""`api_auth = "cognito"`: OAuth 2.0 access tokens from a Cognito user pool, checked per scope.

The pool has no users: it issues tokens to app clients with the client-credentials grant
(service to service). Reading routes (GET, HEAD) need the ``<service>/read`` scope, the others
``<service>/write``. Get a token from the ``TokenUrl`` output with the ``ClientId`` output and the
client's secret (Cognito console or ``aws cognito-idp describe-user-pool-client``), then send it as
``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Aws, CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth.base import Acknowledgements
from lambda_service_kit.constructs.compliance import acknowledge
from lambda_service_kit.routes import Route

READ_METHODS = frozenset({"GET", "HEAD"})
SCOPES = {
    "read": "Call the API's reading routes",
    "write": "Call the API's changing routes",
}
ACCESS_TOKEN_VALIDITY = Duration.hours(1)
NO_USER_SIGN_INS = (
    "No user signs in: the pool only issues client-credentials tokens to app clients, which threat "
    "protection (Plus feature plan, billed per user) does not evaluate."
)

UNKNOWN_ROUTE_STATUS = "404"


class CognitoAuthorization(Construct):
    # A missing or invalid token is a 401 (UNAUTHORIZED); MISSING_AUTHENTICATION_TOKEN means an unknown route.
    unknown_route_status = UNKNOWN_ROUTE_STATUS

    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=config.stack_name,
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True),
            # No person signs in today; should one ever, these apply from the first day.
            password_policy=cognito.PasswordPolicy(
                min_length=14,
                require_digits=True,
                require_lowercase=True,
                require_uppercase=True,
                require_symbols=True,
                temp_password_validity=Duration.days(1),
            ),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.NONE,
            feature_plan=cognito.FeaturePlan.ESSENTIALS,
            deletion_protection=config.is_production,
            removal_policy=RemovalPolicy.RETAIN if config.is_production else RemovalPolicy.DESTROY,
        )
        acknowledge(self.user_pool, "AwsSolutions-COG8", NO_USER_SIGN_INS)
        self.resource_server_id = config.service_name
        resource_server_scopes = {
            name: cognito.ResourceServerScope(scope_name=name, scope_description=description)
            for name, description in SCOPES.items()
        }
        resource_server = self.user_pool.add_resource_server(
            "ResourceServer",
            identifier=self.resource_server_id,
            scopes=list(resource_server_scopes.values()),
        )
        self.client = self.user_pool.add_client(
            "ServiceClient",
            generate_secret=True,
            auth_flows=cognito.AuthFlow(),
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(client_credentials=True),
                scopes=[
                    cognito.OAuthScope.resource_server(resource_server, server_scope)
                    for server_scope in resource_server_scopes.values()
                ],
            ),
            access_token_validity=ACCESS_TOKEN_VALIDITY,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
        )
        # The prefix must be unique in the region across all AWS accounts, hence the account id.
        domain = self.user_pool.add_domain(
            "Domain",
            cognito_domain=cognito.CognitoDomainOptions(
                domain_prefix=f"{config.service_name}-{config.environment}-{Aws.ACCOUNT_ID}"
            ),
        )
        self.authorizer = apigateway.CognitoUserPoolsAuthorizer(self, "Authorizer", cognito_user_pools=[self.user_pool])
        CfnOutput(scope, "UserPoolId", value=self.user_pool.user_pool_id)
        CfnOutput(scope, "ClientId", value=self.client.user_pool_client_id)
        CfnOutput(scope, "TokenUrl", value=f"{domain.base_url()}/oauth2/token")

    def scope_for(self, route: Route) -> str:
        return f"{self.resource_server_id}/{'read' if route.method in READ_METHODS else 'write'}"

    def method_options(self, route: Route) -> dict[str, Any]:
        return {
            "authorization_type": apigateway.AuthorizationType.COGNITO,
            "authorizer": self.authorizer,
            "authorization_scopes": [self.scope_for(route)],
        }

    def acknowledgements(self, route: Route) -> Acknowledgements:
        return ()


def build(scope: Construct, construct_id: str, *, config: ServiceConfig) -> CognitoAuthorization:
    return CognitoAuthorization(scope, construct_id, config=config)
