"""`api_auth = "cognito"`: a user pool issues client-credentials tokens; each method checks a scope."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.routes import API_ROUTES


def only(template: Template, resource_type: str) -> dict[str, Any]:
    found = template.find_resources(resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.values()))["Properties"]


def test_the_user_pool_admits_no_self_sign_up_and_requires_mfa(template: Template, config: ServiceConfig) -> None:
    pool = only(template, "AWS::Cognito::UserPool")

    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["MfaConfiguration"] == "ON"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] >= 14
    assert pool["DeletionProtection"] == ("ACTIVE" if config.is_production else "INACTIVE")


def test_a_resource_server_offers_read_and_write_scopes(template: Template, config: ServiceConfig) -> None:
    server = only(template, "AWS::Cognito::UserPoolResourceServer")

    assert server["Identifier"] == config.service_name
    assert {scope["ScopeName"] for scope in server["Scopes"]} == {"read", "write"}


def test_the_app_client_uses_client_credentials_with_a_secret(template: Template) -> None:
    client = only(template, "AWS::Cognito::UserPoolClient")

    assert client["GenerateSecret"] is True
    assert client["AllowedOAuthFlows"] == ["client_credentials"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    server_id = next(iter(template.find_resources("AWS::Cognito::UserPoolResourceServer")))
    assert client["AllowedOAuthScopes"] == [
        {"Fn::Join": ["", [{"Ref": server_id}, f"/{scope}"]]} for scope in ("read", "write")
    ]


def test_non_public_methods_need_a_token_with_the_right_scope(template: Template, config: ServiceConfig) -> None:
    authorizer_id = next(iter(template.find_resources("AWS::ApiGateway::Authorizer")))
    assert only(template, "AWS::ApiGateway::Authorizer")["Type"] == "COGNITO_USER_POOLS"
    methods = template.find_resources("AWS::ApiGateway::Method")
    by_method = {method["Properties"]["HttpMethod"]: method["Properties"] for method in methods.values()}

    for route in API_ROUTES:
        properties = by_method[route.method]
        if route.public:
            assert properties["AuthorizationType"] == "NONE"
            continue
        scope = "read" if route.method in {"GET", "HEAD"} else "write"
        assert properties["AuthorizationType"] == "COGNITO_USER_POOLS"
        assert properties["AuthorizerId"] == {"Ref": authorizer_id}
        assert properties["AuthorizationScopes"] == [f"{config.service_name}/{scope}"]


def test_the_stack_outputs_what_a_client_needs(template: Template) -> None:
    for output in ("UserPoolId", "ClientId", "TokenUrl"):
        assert template.find_outputs(output), output


def test_unknown_routes_are_404(template: Template) -> None:
    """An unknown route is a 404; a missing token is API Gateway's 401."""
    responses = template.find_resources("AWS::ApiGateway::GatewayResponse").values()
    by_type = {response["Properties"]["ResponseType"]: response["Properties"] for response in responses}

    assert by_type["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
