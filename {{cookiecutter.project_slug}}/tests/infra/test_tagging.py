"""Every taggable resource carries the service's tags, with values AWS accepts."""

from __future__ import annotations

import re

import pytest
from aws_cdk.assertions import Template

from infra.config import ServiceConfig
from infra.tagging import aws_tag_value, service_tags

AWS_TAG_VALUE = re.compile(r"^[\w\s.:/=+\-@]{0,256}$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Platform Team", "Platform Team"),
        ("O'Brien & Søns <ops>", "OBrien Søns ops"),
        ("team@example.com", "team@example.com"),
        ('"""; raise SystemExit(3); """', "raise SystemExit3"),
        ("x" * 300, "x" * 256),
    ],
)
def test_tag_values_keep_only_characters_aws_accepts(text: str, expected: str) -> None:
    assert aws_tag_value(text) == expected
    assert AWS_TAG_VALUE.match(aws_tag_value(text))


TAGGABLE_TYPES = (
    "AWS::Lambda::Function",
    "AWS::IAM::Role",
    "AWS::Logs::LogGroup",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Stage",
)


@pytest.mark.parametrize("resource_type", TAGGABLE_TYPES)
def test_taggable_resources_carry_the_service_tags(
    template: Template, config: ServiceConfig, resource_type: str
) -> None:
    resources = template.find_resources(resource_type)
    assert resources, f"no {resource_type} in the template"
    for logical_id, resource in resources.items():
        tags = resource["Properties"].get("Tags", [])
        values = {tag["Key"]: tag["Value"] for tag in tags}
        assert service_tags(config).items() <= values.items(), logical_id
