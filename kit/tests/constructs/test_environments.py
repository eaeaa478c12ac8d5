"""Three environments, and two services in one account: every name that must be unique in an account
(stack, alarms, dashboard, API, CodeDeploy application, metric namespace) carries service and environment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import AccountTarget, ServiceConfig

NAMED = {
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::CloudWatch::CompositeAlarm": "AlarmName",
    "AWS::CloudWatch::Dashboard": "DashboardName",
    "AWS::ApiGateway::RestApi": "Name",
    "AWS::CodeDeploy::Application": "ApplicationName",
    "AWS::Budgets::Budget": "Budget",
}


def account_names(template: Template) -> set[str]:
    """The names the template gives resources whose names are unique per account and region."""
    names = set()
    for resource_type, key in NAMED.items():
        for resource in template.find_resources(resource_type).values():
            value: Any = resource["Properties"][key]
            names.add(value["BudgetName"] if resource_type == "AWS::Budgets::Budget" else value)
    return names


def test_the_example_has_dev_staging_and_prod(example_environments: dict[str, ServiceConfig]) -> None:
    assert list(example_environments) == ["dev", "staging", "prod"]
    assert len({config.stack_name for config in example_environments.values()}) == 3
    assert len({config.metrics_namespace for config in example_environments.values()}) == 3


def test_every_account_wide_name_starts_with_the_stack_name(template: Template, config: ServiceConfig) -> None:
    names = account_names(template)

    assert len(names) > 20
    assert [name for name in names if not name.startswith(config.stack_name)] == []


def test_no_two_environments_share_a_name(templates: dict[str, Template]) -> None:
    seen: dict[str, str] = {}
    for environment, template in templates.items():
        for name in account_names(template):
            assert name not in seen, f"{name} is in {seen.get(name)} and {environment}"
            seen[name] = environment


def test_a_second_service_in_the_account_shares_no_name(
    synth_stack: Callable[..., cdk.Stack],
    example_environments: dict[str, ServiceConfig],
    templates: dict[str, Template],
) -> None:
    prod = example_environments["prod"]
    orders = replace(prod, service=replace(prod.service, name="orders"))

    assert account_names(Template.from_stack(synth_stack(orders))).isdisjoint(account_names(templates["prod"]))
    assert orders.metrics_namespace != prod.metrics_namespace


def test_a_blank_target_is_the_deploying_credentials_default(example_environments: dict[str, ServiceConfig]) -> None:
    dev = example_environments["dev"]
    elsewhere = replace(dev, target=AccountTarget(account="210987654321", region="eu-central-1"))

    assert (dev.account, dev.region) == (None, dev.service.region)
    assert (elsewhere.account, elsewhere.region) == ("210987654321", "eu-central-1")
    assert replace(dev, service=replace(dev.service, region="")).region == ""


@pytest.mark.parametrize("account", ["12345", "abcdefghijkl", "1234567890123"])
def test_an_account_is_twelve_digits(account: str) -> None:
    with pytest.raises(ValueError, match="12-digit"):
        AccountTarget(account=account)
