"""`api_auth = "cognito"`: a user pool issues client-credentials tokens; each method checks a scope."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth import unknown_route_status
from lambda_service_kit.constructs.auth.cognito import READ_METHODS
from lambda_service_kit.routes import Route

from tests.constructs.auth.conftest import Synthesized
from tests.constructs.cloudformation import gateway_responses, methods_by_route, only


@pytest.fixture
def template(synthesized_with: Callable[[str, ServiceConfig], Synthesized], config: ServiceConfig) -> Template:
    return synthesized_with("cognito", config).template


def test_the_user_pool_admits_no_self_sign_up_requires_mfa_and_is_kept_in_production(
    template: Template, config: ServiceConfig
) -> None:
    _, pool = only(template, "AWS::Cognito::UserPool")

    properties = pool["Properties"]
    assert properties["UserPoolName"] == config.stack_name
    assert properties["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert properties["MfaConfiguration"] == "ON"
    assert properties["Policies"]["PasswordPolicy"]["MinimumLength"] >= 14
    assert properties["DeletionProtection"] == ("ACTIVE" if config.is_production else "INACTIVE")
    assert pool["DeletionPolicy"] == ("Retain" if config.is_production else "Delete")


def test_a_resource_server_offers_read_and_write_scopes(template: Template, config: ServiceConfig) -> None:
    _, server = only(template, "AWS::Cognito::UserPoolResourceServer")

    assert server["Properties"]["Identifier"] == config.service_name
    assert {scope["ScopeName"] for scope in server["Properties"]["Scopes"]} == {"read", "write"}


def test_the_app_client_uses_client_credentials_with_a_secret(template: Template) -> None:
    _, client = only(template, "AWS::Cognito::UserPoolClient")
    server_id, _ = only(template, "AWS::Cognito::UserPoolResourceServer")

    properties = client["Properties"]
    assert properties["GenerateSecret"] is True
    assert properties["AllowedOAuthFlows"] == ["client_credentials"]
    assert properties["AllowedOAuthFlowsUserPoolClient"] is True
    assert properties["AllowedOAuthScopes"] == [
        {"Fn::Join": ["", [{"Ref": server_id}, f"/{scope}"]]} for scope in ("read", "write")
    ]


def test_non_public_methods_need_a_token_with_the_scope_of_their_method(
    template: Template, config: ServiceConfig, example_routes: Sequence[Route]
) -> None:
    authorizer_id, authorizer = only(template, "AWS::ApiGateway::Authorizer")
    methods = methods_by_route(template)

    assert authorizer["Properties"]["Type"] == "COGNITO_USER_POOLS"
    for route in example_routes:
        properties = methods[(route.method, route.path)]
        if route.public:
            assert properties["AuthorizationType"] == "NONE"
            continue
        scope = "read" if route.method in READ_METHODS else "write"
        assert properties["AuthorizationType"] == "COGNITO_USER_POOLS"
        assert properties["AuthorizerId"] == {"Ref": authorizer_id}
        assert properties["AuthorizationScopes"] == [f"{config.service_name}/{scope}"]


def test_the_stack_outputs_what_a_client_needs_to_get_a_token(template: Template) -> None:
    for output in ("UserPoolId", "ClientId", "TokenUrl"):
        assert template.find_outputs(output), output


def test_unknown_routes_are_404(template: Template) -> None:
    """An unknown route is a 404; a missing or invalid token is API Gateway's 401."""
    assert gateway_responses(template)["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert unknown_route_status("cognito") == 404
