"""The built asset serves every route with nothing else importable: what Lambda will run."""

from __future__ import annotations

import json
import os
from pathlib import Path

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.testing import rest_event
from lambda_service_kit.testing.asset import serve_from_asset

from infra.routes import API_ROUTES

# A request each route accepts; a new route needs one here.
EXAMPLE_BODIES = {("POST", "/greetings"): '{"name": "Ada"}'}
EXPECTED_STATUS = {"GET": 200, "POST": 201}


def test_every_route_answers_from_the_asset_alone(host_asset: Path, service: ServiceDefinition) -> None:
    events = [
        rest_event(route.method, route.path, body=EXAMPLE_BODIES.get((route.method, route.path)), headers={})
        for route in API_ROUTES
    ]

    run = serve_from_asset(
        host_asset, handler=f"{service.package}.handlers.api.handler", events=events, environment=dict(os.environ)
    )

    statuses = {
        (route.method, route.path): response["statusCode"]
        for route, response in zip(API_ROUTES, run.responses, strict=True)
    }
    assert statuses == {(route.method, route.path): EXPECTED_STATUS[route.method] for route in API_ROUTES}
    assert json.loads(run.responses[0]["body"]) == {"status": "ok"}
    assert not run.loaded_modules & {"aws_cdk", "pytest", "infra", "lambda_service_kit", "boto3"}
