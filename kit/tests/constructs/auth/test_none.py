"""`api_auth = "none"`: chosen at generation, every route is public."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth import unknown_route_status

from tests.constructs.auth.conftest import Synthesized
from tests.constructs.cloudformation import gateway_responses, methods_by_route


@pytest.fixture
def template(synthesized_with: Callable[[str, ServiceConfig], Synthesized], config: ServiceConfig) -> Template:
    return synthesized_with("none", config).template


def test_every_method_is_public(template: Template) -> None:
    methods = methods_by_route(template)

    assert methods
    assert {properties["AuthorizationType"] for properties in methods.values()} == {"NONE"}
    assert template.find_resources("AWS::ApiGateway::Authorizer") == {}
    assert template.find_resources("AWS::Cognito::UserPool") == {}


def test_unknown_routes_are_404(template: Template) -> None:
    assert gateway_responses(template)["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert unknown_route_status("none") == 404
