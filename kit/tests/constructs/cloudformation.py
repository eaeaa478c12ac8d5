"""Reading a synthesized template: resources of a type, the one resource of a type, the routes of the API."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Template

Resource = dict[str, Any]


def resources(template: Template, resource_type: str, *, under: str = "") -> dict[str, Resource]:
    """The resources of ``resource_type`` whose logical id starts with ``under`` (a construct id)."""
    return {
        logical_id: resource
        for logical_id, resource in template.find_resources(resource_type).items()
        if logical_id.startswith(under)
    }


def only(template: Template, resource_type: str, *, under: str = "") -> tuple[str, Resource]:
    """The logical id and the resource of the one ``resource_type`` (under ``under``), failing when not one."""
    found = resources(template, resource_type, under=under)
    assert len(found) == 1, f"expected one {resource_type} under {under!r}, found {sorted(found)}"
    return next(iter(found.items()))


def as_list(value: Any) -> list[Any]:
    """An IAM statement's Action or Resource, which CloudFormation writes as a list or a single value."""
    return value if isinstance(value, list) else [value]


def methods_by_route(template: Template) -> dict[tuple[str, str], dict[str, Any]]:
    """Each API method's properties by (HTTP method, path), the path rebuilt from the resources' parents."""
    api_resources = template.find_resources("AWS::ApiGateway::Resource")

    def path_of(reference: dict[str, Any]) -> str:
        parts = []
        while "Ref" in reference:
            properties = api_resources[reference["Ref"]]["Properties"]
            parts.insert(0, properties["PathPart"])
            reference = properties["ParentId"]
        return "/" + "/".join(parts)

    return {
        (method["Properties"]["HttpMethod"], path_of(method["Properties"]["ResourceId"])): method["Properties"]
        for method in template.find_resources("AWS::ApiGateway::Method").values()
    }


def gateway_responses(template: Template) -> dict[str, dict[str, Any]]:
    """The API's gateway responses by response type."""
    return {
        response["Properties"]["ResponseType"]: response["Properties"]
        for response in template.find_resources("AWS::ApiGateway::GatewayResponse").values()
    }
