"""``example_requests``: one callable request per operation, made of the document's examples."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambda_service_kit.testing.examples import MissingExampleError, example_requests


def test_the_example_gives_one_request_per_operation_from_its_examples(example_document: dict[str, Any]) -> None:
    requests = {(request.method, request.resource): request for request in example_requests(example_document)}

    assert set(requests) == {("GET", "/health"), ("POST", "/greetings"), ("GET", "/greetings/{language}")}
    read = requests[("GET", "/greetings/{language}")]
    assert (read.path, read.path_parameters, read.query, read.body, read.status) == (
        "/greetings/fr",
        {"language": "fr"},
        {"name": ["Ada"]},
        None,
        200,
    )
    create = requests[("POST", "/greetings")]
    assert (json.loads(create.body or ""), create.status, create.headers) == (
        {"name": "Ada"},
        201,
        {"Content-Type": "application/json"},
    )


def test_a_required_field_without_an_example_is_named() -> None:
    document = {
        "paths": {
            "/things": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                    },
                    "responses": {"201": {"description": "made"}},
                }
            }
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"size": {"type": "integer"}}, "required": ["size"]}}
        },
    }

    with pytest.raises(MissingExampleError, match="size"):
        example_requests(document)
