"""The CI stack of the example (``infra/ci_stack.py``): GitHub's OIDC provider, created or imported, and a
deploy role that one repository's jobs in one GitHub environment can assume, allowed only what a deploy
needs; cdk-nag finds nothing unacknowledged."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template
from botocore.stub import Stubber

from lambda_service_kit.config import CiConfig, ServiceConfig
from lambda_service_kit.constructs.compliance import add_compliance_checks
from lambda_service_kit.tools.github_oidc import existing_provider

from tests.constructs.auth.test_strategies import unacknowledged
from tests.constructs.cloudformation import as_list, only, resources

EXISTING = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"


def ci_stack(config: ServiceConfig, ci: CiConfig, context: dict[str, str] | None = None) -> tuple[Template, dict]:
    from infra.ci_stack import CiStack

    app = cdk.App(context=context)
    stack = CiStack(app, f"{config.stack_name}-ci", config=config, ci=ci, env=cdk.Environment(region=config.region))
    add_compliance_checks(app)
    assembly = app.synth()
    report = json.loads((Path(assembly.directory) / "validation-report.json").read_text())
    return Template.from_json(assembly.get_stack_by_name(stack.stack_name).template), report


@pytest.fixture(scope="module")
def ci() -> CiConfig:
    from infra.config import CI

    return CI


@pytest.fixture(scope="module")
def created(example_environments: dict[str, ServiceConfig], ci: CiConfig) -> tuple[Template, dict[str, Any]]:
    return ci_stack(example_environments["prod"], ci)


def statements(template: Template) -> list[dict[str, Any]]:
    return [
        statement
        for policy in resources(template, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def test_the_example_is_deployed_from_the_repository_its_answers_name(ci: CiConfig) -> None:
    assert ci.github_repository == "platform-team/greeting-service"


def test_the_provider_is_githubs_for_sts(created: tuple[Template, dict[str, Any]]) -> None:
    _, provider = only(created[0], "AWS::IAM::OIDCProvider")

    assert provider["Properties"]["Url"] == "https://token.actions.githubusercontent.com"
    assert provider["Properties"]["ClientIdList"] == ["sts.amazonaws.com"]


def test_only_the_repositorys_jobs_in_the_environment_can_assume_the_role(
    created: tuple[Template, dict[str, Any]], ci: CiConfig
) -> None:
    provider_id, _ = only(created[0], "AWS::IAM::OIDCProvider")
    _, role = only(created[0], "AWS::IAM::Role")
    (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]

    assert role["Properties"]["RoleName"] == "greeting-service-prod-github-deploy"
    assert role["Properties"]["MaxSessionDuration"] == 3600
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Principal"] == {"Federated": {"Fn::GetAtt": [provider_id, "Arn"]}}
    assert trust["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": f"repo:{ci.github_repository}:environment:prod",
        }
    }


def test_the_role_may_assume_the_cdk_bootstrap_roles_read_its_stack_and_call_its_stage(
    created: tuple[Template, dict[str, Any]],
) -> None:
    by_action = {action: statement for statement in statements(created[0]) for action in as_list(statement["Action"])}

    assert set(by_action) == {"sts:AssumeRole", "cloudformation:DescribeStacks", "execute-api:Invoke"}
    assumed = json.dumps(by_action["sts:AssumeRole"]["Resource"])
    for kind in ("deploy", "file-publishing", "lookup"):
        assert f":role/cdk-hnb659fds-{kind}-role-" in assumed
    assert "stack/greeting-service-prod/*" in json.dumps(by_action["cloudformation:DescribeStacks"]["Resource"])
    assert ":*/prod/*" in json.dumps(by_action["execute-api:Invoke"]["Resource"])
    assert all(statement["Effect"] == "Allow" for statement in statements(created[0]))


def test_the_ci_stack_has_no_unacknowledged_cdk_nag_finding(created: tuple[Template, dict[str, Any]]) -> None:
    report = created[1]

    assert "AwsSolutions" in {plugin["pluginName"] for plugin in report["pluginReports"]}
    assert unacknowledged(report) == []


@pytest.mark.parametrize("source", ["config", "context"])
def test_an_existing_provider_is_imported_not_created(
    example_environments: dict[str, ServiceConfig], ci: CiConfig, source: str
) -> None:
    if source == "config":
        template, _ = ci_stack(example_environments["dev"], replace(ci, oidc_provider_arn=EXISTING))
    else:
        template, _ = ci_stack(example_environments["dev"], ci, context={"github-oidc-provider-arn": EXISTING})

    assert resources(template, "AWS::IAM::OIDCProvider") == {}
    _, role = only(template, "AWS::IAM::Role")
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Federated": EXISTING}


@pytest.mark.parametrize("repository", ["greeting-service", "a/b/c", "/name", "owner/"])
def test_a_repository_is_owner_slash_name(repository: str) -> None:
    with pytest.raises(ValueError, match="owner/name"):
        CiConfig(github_repository=repository)


def test_the_lookup_finds_the_accounts_github_provider_among_others() -> None:
    import boto3

    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")  # noqa: S106
    with Stubber(iam) as stub:
        other = "arn:aws:iam::123456789012:oidc-provider/accounts.google.com"
        stub.add_response(
            "list_open_id_connect_providers", {"OpenIDConnectProviderList": [{"Arn": other}, {"Arn": EXISTING}]}
        )
        stub.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": [{"Arn": other}]})

        assert existing_provider(iam) == EXISTING
        assert existing_provider(iam) == ""
