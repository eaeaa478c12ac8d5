"""One declaration per route, in the route's own module: what the function serves and the API promises.

    routes = Routes()

    @routes.get("/greetings/{language}", path=GreetingPath, query=GreetingQuery, response=Greeting)
    def read_greeting(path: GreetingPath, query: GreetingQuery) -> Greeting: ...

Each declaration names the method and path, whether the route is public, the models of its path
parameters, query string and body, and the model and status of its answer. The function routes and
validates with it (``routes.router`` is a Powertools ``Router``; the endpoint gets the validated models
as ``path=``, ``query=`` and ``body=``); ``service-kit openapi`` writes the OpenAPI document from it, and
the gateway's methods, authorization and request validation are synthesized from that document.
``discover(package)`` finds the ``routes`` of every module of a package, so a new route module needs no
other edit.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import ModuleType
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel

from lambda_service_runtime.requests import parse_json_body, parse_parameters

JSON_CONTENT_TYPE = "application/json"
Endpoint = Callable[..., Any]


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One route as declared: everything the document, the gateway and the function derive from it."""

    method: str
    path: str  # "/greetings/{language}", as OpenAPI and API Gateway spell it
    endpoint: Endpoint = field(compare=False)
    public: bool = False  # skips the API's authorization (api_auth): only for routes that reveal nothing
    path_model: type[BaseModel] | None = None
    query_model: type[BaseModel] | None = None
    body_model: type[BaseModel] | None = None
    response_model: type[BaseModel] | None = None
    status: HTTPStatus = HTTPStatus.OK

    @property
    def operation_id(self) -> str:
        return self.endpoint.__name__

    @property
    def summary(self) -> str:
        return (self.endpoint.__doc__ or self.operation_id.replace("_", " ").capitalize()).strip().splitlines()[0]


class Routes:
    """The routes of one module: a Powertools router plus the declarations the API document is made of."""

    def __init__(self) -> None:
        self.router = Router()
        self.operations: list[Operation] = []

    def get(self, path: str, **declaration: Any) -> Callable[[Endpoint], Endpoint]:
        return self.route("GET", path, **declaration)

    def post(self, path: str, **declaration: Any) -> Callable[[Endpoint], Endpoint]:
        return self.route("POST", path, **declaration)

    def put(self, path: str, **declaration: Any) -> Callable[[Endpoint], Endpoint]:
        return self.route("PUT", path, **declaration)

    def patch(self, path: str, **declaration: Any) -> Callable[[Endpoint], Endpoint]:
        return self.route("PATCH", path, **declaration)

    def delete(self, path: str, **declaration: Any) -> Callable[[Endpoint], Endpoint]:
        return self.route("DELETE", path, **declaration)

    def route(
        self,
        method: str,
        path: str,
        *,
        public: bool = False,
        path_parameters: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        body: type[BaseModel] | None = None,
        response: type[BaseModel] | None = None,
        status: int = HTTPStatus.OK,
    ) -> Callable[[Endpoint], Endpoint]:
        def declare(endpoint: Endpoint) -> Endpoint:
            operation = Operation(
                method=method.upper(),
                path=path,
                endpoint=endpoint,
                public=public,
                path_model=path_parameters,
                query_model=query,
                body_model=body,
                response_model=response,
                status=HTTPStatus(status),
            )
            self.operations.append(operation)
            self.router.route(_powertools_rule(path), operation.method)(self._serve(operation))
            return endpoint

        return declare

    def _serve(self, operation: Operation) -> Callable[..., Response]:
        def serve(**path_values: str) -> Response:
            # Powertools passes the values of the path's parameters, as it matched them, by name.
            event = self.router.current_event
            inputs: dict[str, BaseModel] = {}
            if operation.path_model is not None:
                inputs["path"] = parse_parameters(path_values, operation.path_model, location="path")
            if operation.query_model is not None:
                inputs["query"] = parse_parameters(
                    event.query_string_parameters, operation.query_model, location="query"
                )
            if operation.body_model is not None:
                inputs["body"] = parse_json_body(event, operation.body_model)
            return _response(operation, operation.endpoint(**inputs))

        serve.__name__ = operation.operation_id
        return serve


def discover(package: ModuleType) -> tuple[Routes, ...]:
    """The ``routes`` of every module in ``package`` (``handlers.routes``), in module-name order."""
    found = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda module: module.name):
        declared = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "routes", None)
        if isinstance(declared, Routes):
            found.append(declared)
    return tuple(found)


def operations(package: ModuleType) -> tuple[Operation, ...]:
    return tuple(operation for routes in discover(package) for operation in routes.operations)


def _powertools_rule(path: str) -> str:
    """``/greetings/{language}`` as Powertools routes it: ``/greetings/<language>``."""
    return path.replace("{", "<").replace("}", ">")


def _response(operation: Operation, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    body = result.model_dump_json() if isinstance(result, BaseModel) else json.dumps(result)
    return Response(status_code=operation.status.value, content_type=JSON_CONTENT_TYPE, body=body)
