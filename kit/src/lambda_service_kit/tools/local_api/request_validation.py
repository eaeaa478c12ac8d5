"""What API Gateway's request validator checks before a function runs, done the same way locally.

A method with a request validator refuses, with a 400 and before any invocation, a request that lacks
a required path parameter, query string or header (``RequestParameters``, checked for presence), or
whose JSON body does not match the model of its content type (``RequestModels``, JSON Schema draft-04).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft4Validator
from werkzeug.wrappers import Request

DEFAULT_CONTENT_TYPE = "application/json"
INVALID_BODY = "Invalid request body"


@dataclass(frozen=True)
class Refusal:
    """Why the gateway refuses a request: the gateway response type and the message it carries."""

    response_type: str
    message: str


def check(
    validation: RequestValidation, request: Request, *, path_parameters: Mapping[str, str], body: bytes
) -> Refusal | None:
    if validation.parameters and (missing := _missing(validation.required_parameters, request, path_parameters)):
        return Refusal("BAD_REQUEST_PARAMETERS", f"Missing required request parameters: [{', '.join(missing)}]")
    if validation.body and (schema := validation.models.get(request.mimetype or DEFAULT_CONTENT_TYPE)):
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than the parser goes
            return Refusal("BAD_REQUEST_BODY", INVALID_BODY)
        if not Draft4Validator(schema).is_valid(document):
            return Refusal("BAD_REQUEST_BODY", INVALID_BODY)
    return None


@dataclass(frozen=True, kw_only=True)
class RequestValidation:
    """A method's request validator, as the template sets it."""

    body: bool = False
    parameters: bool = False
    required_parameters: tuple[str, ...] = ()  # "method.request.querystring.name", ...
    models: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # content type -> draft-04 schema


def _missing(required: Iterable[str], request: Request, path_parameters: Mapping[str, str]) -> list[str]:
    present = {
        "path": {name for name, value in path_parameters.items() if value},
        "querystring": {name for name in request.args if any(request.args.getlist(name))},
        "header": {name.lower() for name, value in request.headers.items() if value.strip()},
    }
    missing = []
    for parameter in required:
        location, name = parameter.removeprefix("method.request.").split(".", 1)
        if (name.lower() if location == "header" else name) not in present[location]:
            missing.append(name)
    return missing
