"""The built asset serves every route of openapi.json with nothing else importable: what Lambda will run."""

from __future__ import annotations

import os
from pathlib import Path

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.routes import load_document
from lambda_service_kit.testing import rest_event
from lambda_service_kit.testing.asset import serve_from_asset
from lambda_service_kit.testing.examples import example_requests


def test_every_route_answers_from_the_asset_alone(host_asset: Path, service: ServiceDefinition) -> None:
    # One request per route, made of its models' examples: a new route needs only those.
    examples = example_requests(load_document(service.openapi_path))
    events = [
        rest_event(
            example.method,
            example.path,
            body=example.body,
            headers=example.headers,
            query=example.query,
            resource=example.resource,
            path_parameters=example.path_parameters,
        )
        for example in examples
    ]

    run = serve_from_asset(
        host_asset, handler=f"{service.package}.handlers.api.handler", events=events, environment=dict(os.environ)
    )

    statuses = {
        (example.method, example.resource): response["statusCode"]
        for example, response in zip(examples, run.responses, strict=True)
    }
    assert statuses == {(example.method, example.resource): example.status for example in examples}
    assert not run.loaded_modules & {"aws_cdk", "pytest", "infra", "lambda_service_kit", "boto3"}
