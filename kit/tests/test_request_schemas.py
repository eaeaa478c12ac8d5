"""The checked-in request schemas the API's models are built from."""

from __future__ import annotations

import json

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.request_schemas import load_schema, schema_path


def test_a_schema_is_read_from_its_file_in_the_schema_folder(example_service: ServiceDefinition) -> None:
    path = schema_path(example_service.schema_dir, "GreetingRequest")

    assert path == example_service.root / "infra" / "schemas" / "GreetingRequest.json"
    assert load_schema(example_service.schema_dir, "GreetingRequest") == json.loads(path.read_text(encoding="utf-8"))
    assert load_schema(example_service.schema_dir, "GreetingRequest")["$schema"].startswith(
        "http://json-schema.org/draft-04/"
    )
