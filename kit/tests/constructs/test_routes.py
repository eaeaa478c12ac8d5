"""The gateway's routes and the function's routes must agree."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.handlers import api

from lambda_service_kit.routes import API_ROUTES, Route
from lambda_service_kit.testing.events import FakeLambdaContext, rest_event


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda route: f"{route.method} {route.path}")
def test_function_serves_every_route_the_gateway_forwards(route: Route) -> None:
    response = api.handler(rest_event(route.method, route.path, body="{}"), FakeLambdaContext())

    assert response["statusCode"] != 404, f"{route.method} {route.path} is in infra/routes.py but not in handlers"
