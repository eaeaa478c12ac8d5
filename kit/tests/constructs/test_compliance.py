"""cdk-nag (AwsSolutions and Serverless packs) runs on every synth of the example and finds nothing unacknowledged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from lambda_service_kit.constructs.compliance import MIN_REASON_LENGTH, acknowledge, add_compliance_checks

from tests.constructs.cloudformation import as_list

PACKS = {"AwsSolutions", "Serverless"}
# X-Ray's write actions accept no resource-level permission: "*" is the only resource they take.
ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS = frozenset({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})


def validation_report(app: cdk.App) -> dict[str, Any]:
    """The report cdk-nag's packs wrote into ``app``'s cloud assembly (aws-cdk-lib 2.262 and later fail the
    synth on a finding, after writing the report)."""
    try:
        directory = app.synth().directory
    except RuntimeError as error:
        if "ValidationFailed" not in str(error):
            raise
        directory = app.outdir
    return json.loads((Path(directory) / "validation-report.json").read_text(encoding="utf-8"))


def findings(report: dict[str, Any]) -> list[str]:
    return [
        f"{violation['ruleName']} at {construct['constructPath']}"
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    ]


def acknowledgement_paths(app: cdk.App) -> dict[str, set[str]]:
    """Every construct path that acknowledged each rule id (CDK keeps only one per id in its report)."""
    paths: dict[str, set[str]] = {}
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                for rule_id in entry.data:
                    paths.setdefault(rule_id, set()).add(construct.node.path)
    return paths


@pytest.fixture(scope="module")
def report(app: cdk.App) -> dict[str, Any]:
    return validation_report(app)


def test_both_rule_packs_run_on_the_app(report: dict[str, Any]) -> None:
    assert {plugin["pluginName"] for plugin in report["pluginReports"]} == PACKS


def test_the_app_has_no_unacknowledged_finding(report: dict[str, Any]) -> None:
    assert findings(report) == []
    assert all(plugin["conclusion"] == "success" for plugin in report["pluginReports"])


def test_every_acknowledgement_names_one_rule_and_gives_a_reason(report: dict[str, Any]) -> None:
    acknowledged = [violation for plugin in report["pluginReports"] for violation in plugin["suppressedViolations"]]

    assert acknowledged, "expected the documented acknowledgements (public /health, runtime, ...)"
    for violation in acknowledged:
        assert violation["acknowledgedId"].split("::", 1)[0] in PACKS
        assert len(violation["reason"]) >= MIN_REASON_LENGTH, violation["ruleName"]
        # Acknowledged on a construct of a stack, never on the app as a whole.
        assert "/" in violation["acknowledgedAt"], violation["ruleName"]


def test_every_acknowledged_finding_lies_under_a_construct_that_acknowledged_it(
    app: cdk.App, report: dict[str, Any]
) -> None:
    acknowledged_at = acknowledgement_paths(app)

    for plugin in report["pluginReports"]:
        for violation in plugin["suppressedViolations"]:
            owners = acknowledged_at[violation["acknowledgedId"]]
            for construct in violation["violatingConstructs"]:
                path = construct["constructPath"]
                assert any(path == owner or path.startswith(owner + "/") for owner in owners), (
                    f"{violation['acknowledgedId']} at {path} is silenced by an acknowledgement elsewhere: {owners}"
                )


def test_a_new_finding_fails_the_checks() -> None:
    app = cdk.App()
    stack = cdk.Stack(app, "Probe")
    iam.Role(
        stack,
        "Role",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")],
    )
    add_compliance_checks(app)

    assert any(finding.startswith("AwsSolutions-IAM4") for finding in findings(validation_report(app)))


def test_a_granular_finding_is_acknowledged_on_its_construct_only() -> None:
    app = cdk.App()
    stack = cdk.Stack(app, "Probe")
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    role.add_to_policy(iam.PolicyStatement(actions=["xray:PutTraceSegments"], resources=["*"]))
    acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "X-Ray accepts no resource-level permission.")
    add_compliance_checks(app)

    assert not [finding for finding in findings(validation_report(app)) if finding.startswith("AwsSolutions-IAM5")]
    assert acknowledgement_paths(app) == {"AwsSolutions::AwsSolutions-IAM5[Resource::*]": {"Probe/Role"}}


def test_an_acknowledgement_needs_a_reason() -> None:
    stack = cdk.Stack(cdk.App(), "Probe")

    with pytest.raises(ValueError, match="needs a reason"):
        acknowledge(stack, "AwsSolutions-IAM4", "because")


def test_no_policy_allows_a_wildcard_action_or_a_wildcard_resource_it_could_name(template: Template) -> None:
    """Beyond cdk-nag: a wildcard resource only for the actions that take no other."""
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]

    assert statements
    for statement in statements:
        actions = set(as_list(statement["Action"]))
        assert all("*" not in action for action in actions), statement
        if not actions <= ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS:
            assert all(resource != "*" for resource in as_list(statement["Resource"])), statement
