"""Every taggable resource carries the cost-allocation tags, with values AWS accepts.

Which resources are taggable comes from the CDK's L1 classes, generated from the CloudFormation
resource specification of the pinned aws-cdk-lib: a class that implements ITaggable or
ITaggableV2 (``Tags``, or ``ResourceTags`` for Cost Explorer), or that has a ``resource_tags``
property (AWS::Budgets::Budget). No list to maintain, no network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.tagging import aws_tag_value, service_tags

AWS_TAG_VALUE = re.compile(r"^[\w\s.:/=+\-@]{0,256}$")
TAG_PROPERTIES = ("Tags", "ResourceTags", "UserPoolTags")


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


def taggable_logical_ids(stack: cdk.Stack) -> dict[str, bool]:
    """Every CloudFormation resource of ``stack``: logical id -> whether its type takes tags."""
    found = {}
    for construct in stack.node.find_all():
        if not isinstance(construct, cdk.CfnResource):
            continue
        logical_id = stack.resolve(construct.logical_id)
        if type(construct) is cdk.CfnResource and construct.cfn_resource_type.startswith("AWS::"):
            pytest.fail(f"{logical_id} is a raw CfnResource of {construct.cfn_resource_type}: taggability unknown")
        found[logical_id] = (
            cdk.TagManager.is_taggable(construct)
            or cdk.TagManager.is_taggable_v2(construct)
            or hasattr(type(construct), "resource_tags")
        )
    return found


def tags_of(resource: dict) -> dict[str, str] | None:
    properties = resource.get("Properties", {})
    for name in TAG_PROPERTIES:
        tags = properties.get(name)
        if isinstance(tags, list):
            return {tag["Key"]: tag["Value"] for tag in tags}
        if isinstance(tags, dict):
            return tags
    return None


def untagged_resources(stack: cdk.Stack, config: ServiceConfig) -> list[str]:
    resources = Template.from_stack(stack).to_json()["Resources"]  # synth first: some logical ids end in a hash
    taggable = taggable_logical_ids(stack)
    expected = service_tags(config)
    assert sum(taggable.values()) >= 5, "the walk found too few taggable resources to be trusted"
    untagged = []
    for logical_id, resource in resources.items():
        assert logical_id in taggable, f"{logical_id} ({resource['Type']}) has no L1 construct"
        tags = tags_of(resource) or {}
        if taggable[logical_id] and not expected.items() <= tags.items():
            untagged.append(f"{logical_id} ({resource['Type']}): {tags}")
    return untagged


def test_every_taggable_resource_of_the_template_carries_the_cost_allocation_tags(
    stack: cdk.Stack, config: ServiceConfig
) -> None:
    untagged = untagged_resources(stack, config)

    assert not untagged, "taggable resources without the cost-allocation tags:\n" + "\n".join(untagged)


def test_optional_cost_resources_are_tagged_too(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> None:
    dev = example_environments["dev"]
    config = replace(dev, cost=replace(dev.cost, time_to_live_days=7, anomaly_threshold_usd=5.0))

    untagged = untagged_resources(synth_stack(config), config)

    assert not untagged, "taggable resources without the cost-allocation tags:\n" + "\n".join(untagged)


def test_the_walk_knows_types_that_take_tags_from_those_that_do_not(stack: cdk.Stack, template: Template) -> None:
    taggable = taggable_logical_ids(stack)
    types = {resource["Type"]: taggable[logical_id] for logical_id, resource in template.to_json()["Resources"].items()}

    assert types["AWS::Lambda::Function"] is True
    assert types["AWS::Budgets::Budget"] is True
    assert types["AWS::ApiGateway::Deployment"] is False
    assert types["AWS::Lambda::Permission"] is False


def test_the_tags_name_the_service_its_environment_owner_and_cost_center(config: ServiceConfig) -> None:
    assert service_tags(config) == {
        "service": config.service_name,
        "environment": config.environment,
        "owner": aws_tag_value(config.owner),
        "cost-center": aws_tag_value(config.cost.cost_center),
    }
