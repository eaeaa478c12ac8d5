"""`api_auth = "none"`: chosen at generation, every route is public."""

from __future__ import annotations

from aws_cdk.assertions import Template


def test_every_method_is_public(template: Template) -> None:
    methods = template.find_resources("AWS::ApiGateway::Method")

    assert methods
    assert {method["Properties"]["AuthorizationType"] for method in methods.values()} == {"NONE"}
    assert template.find_resources("AWS::ApiGateway::Authorizer") == {}


def test_unknown_routes_are_404(template: Template) -> None:
    """An unknown route is a 404."""
    responses = template.find_resources("AWS::ApiGateway::GatewayResponse").values()
    by_type = {response["Properties"]["ResponseType"]: response["Properties"] for response in responses}

    assert by_type["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
