"""cdk-nag (AwsSolutions and Serverless packs) runs on every synth and finds nothing unacknowledged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam

from app import build_app
from lambda_service_kit.constructs.compliance import MIN_REASON_LENGTH, acknowledge, add_compliance_checks
from lambda_service_kit.tools.build_lambda_asset import Target, build_asset

PACKS = {"AwsSolutions", "Serverless"}


def validation_report(app: cdk.App) -> dict[str, Any]:
    assembly = app.synth()
    return json.loads((Path(assembly.directory) / "validation-report.json").read_text(encoding="utf-8"))


def findings(report: dict[str, Any]) -> list[str]:
    return [
        f"{violation['ruleName']} at {construct['constructPath']}"
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    ]


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    build_asset(target=Target.lambda_runtime(), quiet=True)
    return validation_report(build_app())


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


def acknowledgement_paths(app: cdk.App) -> dict[str, set[str]]:
    """Every construct path that acknowledged each rule id (CDK keeps only one per id in its report)."""
    paths: dict[str, set[str]] = {}
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                for rule_id in entry.data:
                    paths.setdefault(rule_id, set()).add(construct.node.path)
    return paths


def test_every_acknowledged_finding_lies_under_a_construct_that_acknowledged_it() -> None:
    app = build_app()
    report = validation_report(app)
    acknowledged_at = acknowledgement_paths(app)

    for plugin in report["pluginReports"]:
        for violation in plugin["suppressedViolations"]:
            for construct in violation["violatingConstructs"]:
                path = construct["constructPath"]
                owners = acknowledged_at[violation["acknowledgedId"]]
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


def test_an_acknowledgement_needs_a_reason() -> None:
    stack = cdk.Stack(cdk.App(), "Probe")

    with pytest.raises(ValueError, match="needs a reason"):
        acknowledge(stack, "AwsSolutions-IAM4", "because")
