"""Read what the local API serves from a synthesized CloudFormation template."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lambda_service_kit.tools.local_api.request_validation import RequestValidation

ROOT = "RootResourceId"
PROXY_INTEGRATION = "AWS_PROXY"
DEFAULT_TIMEOUT_SECONDS = 3
DEFAULT_MEMORY_MB = 128
DEFAULT_UNKNOWN_ROUTE_STATUS = 403
BAD_REQUEST_STATUS = 400


class TemplateError(RuntimeError):
    """The template does not describe a REST API this server can serve."""


@dataclass(frozen=True, kw_only=True)
class FunctionSpec:
    logical_id: str
    name: str
    handler: str
    asset_path: str
    environment: dict[str, str]
    timeout_seconds: int
    memory_mb: int
    log_level: str
    log_format: str
    skipped_variables: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Route:
    method: str  # "GET", ... or "ANY"
    resource: str  # "/items/{id}", as API Gateway reports it in the event
    resource_id: str
    function: str  # logical id of the function behind the route
    pattern: re.Pattern[str] = field(compare=False, repr=False)
    validation: RequestValidation = field(default_factory=RequestValidation, compare=False, repr=False)

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if self.method not in ("ANY", method):
            return None
        found = self.pattern.fullmatch(path)
        return None if found is None else found.groupdict()


@dataclass(frozen=True, kw_only=True)
class GatewayResponse:
    status: int | None  # None: the status of the error it answers (StatusCode unset)
    headers: dict[str, str]
    templates: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class LocalApi:
    stack_name: str
    stage: str
    stage_variables: dict[str, str] | None
    binary_media_types: tuple[str, ...]
    routes: tuple[Route, ...]
    functions: dict[str, FunctionSpec]
    gateway_responses: dict[str, GatewayResponse]
    skipped_routes: tuple[str, ...] = ()

    def find_route(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        # Literal path parts win over {parameters}, as in API Gateway.
        for route in sorted(self.routes, key=_specificity):
            parameters = route.match(method, path)
            if parameters is not None:
                return route, parameters
        return None

    def gateway_response(self, response_type: str, *, status: int = BAD_REQUEST_STATUS) -> GatewayResponse:
        """The response of ``response_type`` (a 4xx one), as the template customizes it or API Gateway's own;
        ``status`` when the template sets none."""
        for candidate in (response_type, "DEFAULT_4XX"):
            if candidate in self.gateway_responses:
                found = self.gateway_responses[candidate]
                return replace(found, status=found.status or status)
        return GatewayResponse(
            status=status,
            headers={"Content-Type": "application/json"},
            templates={"application/json": '{"message":$context.error.messageString}'},
        )

    def unknown_route_response(self) -> GatewayResponse:
        """What the gateway answers for a path or method without a route (403 unless customized)."""
        return self.gateway_response("MISSING_AUTHENTICATION_TOKEN", status=DEFAULT_UNKNOWN_ROUTE_STATUS)


def load(template_path: Path, *, stack_name: str) -> LocalApi:
    if not template_path.is_file():
        raise TemplateError(f"No synthesized template at {template_path}: run `make synth` first.")
    resources: dict[str, dict[str, Any]] = json.loads(template_path.read_text(encoding="utf-8"))["Resources"]
    rest_api = _only(resources, "AWS::ApiGateway::RestApi", template_path)
    stage = _only(resources, "AWS::ApiGateway::Stage", template_path)
    routes, skipped = _routes(resources)
    functions = {route.function for route in routes}
    return LocalApi(
        stack_name=stack_name,
        stage=stage["Properties"]["StageName"],
        stage_variables=stage["Properties"].get("Variables") or None,
        binary_media_types=tuple(rest_api["Properties"].get("BinaryMediaTypes", ())),
        routes=tuple(routes),
        functions={logical_id: _function(resources, logical_id) for logical_id in sorted(functions)},
        gateway_responses=_gateway_responses(resources),
        skipped_routes=tuple(skipped),
    )


def _routes(resources: dict[str, dict[str, Any]]) -> tuple[list[Route], list[str]]:
    routes, skipped = [], []
    for method in _of_type(resources, "AWS::ApiGateway::Method").values():
        properties = method["Properties"]
        resource_ref = properties["ResourceId"].get("Ref")
        path = _resource_path(resources, resource_ref)
        integration = properties.get("Integration", {})
        function = _function_of_integration(integration.get("Uri"), resources)
        if integration.get("Type") != PROXY_INTEGRATION or function is None:
            skipped.append(f"{properties['HttpMethod']} {path}")
            continue
        routes.append(
            Route(
                method=properties["HttpMethod"],
                resource=path,
                resource_id=resource_ref or "root",
                function=function,
                pattern=_path_pattern(path),
                validation=_validation(resources, properties),
            )
        )
    return routes, skipped


def _validation(resources: dict[str, dict[str, Any]], method: dict[str, Any]) -> RequestValidation:
    validator_ref = method.get("RequestValidatorId", {}).get("Ref")
    if validator_ref is None:
        return RequestValidation()
    validator = resources[validator_ref]["Properties"]
    return RequestValidation(
        body=bool(validator.get("ValidateRequestBody")),
        parameters=bool(validator.get("ValidateRequestParameters")),
        required_parameters=tuple(
            sorted(name for name, required in method.get("RequestParameters", {}).items() if required is True)
        ),
        models={
            content_type: resources[model["Ref"]]["Properties"]["Schema"]
            for content_type, model in method.get("RequestModels", {}).items()
        },
    )


def _resource_path(resources: dict[str, dict[str, Any]], resource_ref: str | None) -> str:
    parts: list[str] = []
    while resource_ref:
        properties = resources[resource_ref]["Properties"]
        parts.insert(0, properties["PathPart"])
        resource_ref = properties["ParentId"].get("Ref")
    return "/" + "/".join(parts)


def _path_pattern(path: str) -> re.Pattern[str]:
    pieces = []
    for part in path.strip("/").split("/") if path != "/" else []:
        if part.startswith("{") and part.endswith("+}"):
            pieces.append(f"(?P<{part[1:-2]}>.+)")
        elif part.startswith("{") and part.endswith("}"):
            pieces.append(f"(?P<{part[1:-1]}>[^/]+)")
        else:
            pieces.append(re.escape(part))
    return re.compile("/" + "/".join(pieces))


def _specificity(route: Route) -> tuple[int, int, int]:
    parts = route.resource.strip("/").split("/")
    greedy = sum(part.endswith("+}") for part in parts)
    parameters = sum(part.startswith("{") for part in parts)
    return greedy, parameters, route.method == "ANY"


def _function_of_integration(uri: Any, resources: dict[str, dict[str, Any]]) -> str | None:
    """The function's logical id in the integration's URI: ``Fn::GetAtt [<id>, Arn]``, or the ``Ref`` of
    an alias of it (the API calls the function's ``live`` alias; locally, its code is the function's)."""
    if isinstance(uri, dict):
        if "Fn::GetAtt" in uri and uri["Fn::GetAtt"][1] == "Arn":
            return uri["Fn::GetAtt"][0]
        if resources.get(uri.get("Ref", ""), {}).get("Type") == "AWS::Lambda::Alias":
            return _function_of_integration(resources[uri["Ref"]]["Properties"]["FunctionName"], resources)
        if "Ref" in uri and resources.get(uri["Ref"], {}).get("Type") == "AWS::Lambda::Function":
            return uri["Ref"]
        return next(filter(None, (_function_of_integration(value, resources) for value in uri.values())), None)
    if isinstance(uri, list):
        return next(filter(None, (_function_of_integration(value, resources) for value in uri)), None)
    return None


def _function(resources: dict[str, dict[str, Any]], logical_id: str) -> FunctionSpec:
    resource = resources[logical_id]
    if resource["Type"] != "AWS::Lambda::Function":
        raise TemplateError(f"{logical_id} is a {resource['Type']}, not an AWS::Lambda::Function.")
    properties = resource["Properties"]
    variables = properties.get("Environment", {}).get("Variables", {})
    logging = properties.get("LoggingConfig", {})
    return FunctionSpec(
        logical_id=logical_id,
        name=properties.get("FunctionName") if isinstance(properties.get("FunctionName"), str) else logical_id,
        handler=properties["Handler"],
        asset_path=resource.get("Metadata", {}).get("aws:asset:path", ""),
        environment={name: value for name, value in variables.items() if isinstance(value, str)},
        skipped_variables=tuple(sorted(name for name, value in variables.items() if not isinstance(value, str))),
        timeout_seconds=int(properties.get("Timeout", DEFAULT_TIMEOUT_SECONDS)),
        memory_mb=int(properties.get("MemorySize", DEFAULT_MEMORY_MB)),
        log_level=logging.get("ApplicationLogLevel", "INFO"),
        log_format=logging.get("LogFormat", "Text"),
    )


def _gateway_responses(resources: dict[str, dict[str, Any]]) -> dict[str, GatewayResponse]:
    responses = {}
    for resource in _of_type(resources, "AWS::ApiGateway::GatewayResponse").values():
        properties = resource["Properties"]
        headers = {
            name.removeprefix("gatewayresponse.header."): value.strip("'")
            for name, value in properties.get("ResponseParameters", {}).items()
            if name.startswith("gatewayresponse.header.")
        }
        responses[properties["ResponseType"]] = GatewayResponse(
            status=int(properties["StatusCode"]) if "StatusCode" in properties else None,
            headers=headers,
            templates=dict(properties.get("ResponseTemplates", {})),
        )
    return responses


def _of_type(resources: dict[str, dict[str, Any]], resource_type: str) -> dict[str, dict[str, Any]]:
    return {logical_id: resource for logical_id, resource in resources.items() if resource["Type"] == resource_type}


def _only(resources: dict[str, dict[str, Any]], resource_type: str, template_path: Path) -> dict[str, Any]:
    found = list(_of_type(resources, resource_type).values())
    if len(found) != 1:
        raise TemplateError(f"Expected one {resource_type} in {template_path}, found {len(found)}.")
    return found[0]
