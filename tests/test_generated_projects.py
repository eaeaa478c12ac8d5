"""Run baked projects' own checks (lint, tests, synth) and read what synth wrote."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SharedEnvironment, bake, run_make
from tests.security_scans import assert_templates_pass_scans
from tests.test_bake import LONG_NAME, ODD_ANSWERS


def synthesized(project: Path, environment: str) -> dict[str, Any]:
    return json.loads((project / "cdk.out" / f"{project.name}-{environment}.template.json").read_text())


def resources_of(template: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [resource for resource in template["Resources"].values() if resource["Type"] == resource_type]


def test_default_project_installs_lints_tests_and_synths(default_project: Path) -> None:
    run_make(default_project, "lint", "test", "synth")

    for environment, retention in (("dev", 14), ("prod", 90)):
        template = synthesized(default_project, environment)
        counts = Counter(resource["Type"] for resource in template["Resources"].values())
        assert counts["AWS::ApiGateway::RestApi"] == 1
        assert counts["AWS::ApiGateway::Stage"] == 1
        assert counts["AWS::Lambda::Function"] == 1
        (stage,) = resources_of(template, "AWS::ApiGateway::Stage")
        assert stage["Properties"]["StageName"] == environment
        (function,) = resources_of(template, "AWS::Lambda::Function")
        assert function["Properties"]["Runtime"] == "python3.13"
        assert function["Properties"]["Architectures"] == ["arm64"]
        assert function["Properties"]["LoggingConfig"]["LogFormat"] == "JSON"
        log_groups = resources_of(template, "AWS::Logs::LogGroup")
        assert len(log_groups) == 2  # the function's and the API's access logs
        assert all(group["Properties"]["RetentionInDays"] == retention for group in log_groups)
    assert_templates_pass_scans(default_project)


def test_default_project_carries_budget_anomaly_monitor_and_cost_tags(default_project: Path) -> None:
    run_make(default_project, "synth")

    for environment in ("dev", "prod"):
        template = synthesized(default_project, environment)
        (budget,) = resources_of(template, "AWS::Budgets::Budget")
        notifications = {
            (item["Notification"]["NotificationType"], item["Notification"]["Threshold"])
            for item in budget["Properties"]["NotificationsWithSubscribers"]
        }
        assert notifications == {("ACTUAL", 50), ("ACTUAL", 80), ("ACTUAL", 100), ("FORECASTED", 100)}
        assert budget["Properties"]["Budget"]["BudgetLimit"] == {"Amount": 50, "Unit": "USD"}
        (function,) = resources_of(template, "AWS::Lambda::Function")
        tags = {tag["Key"]: tag["Value"] for tag in function["Properties"]["Tags"]}
        assert tags == {
            "service": "greeting-service",
            "environment": environment,
            "owner": "Platform Team",
            "cost-center": "unassigned",
        }
    assert len(resources_of(synthesized(default_project, "prod"), "AWS::CE::AnomalyMonitor")) == 1


def test_make_cost_prices_the_synthesized_template(default_project: Path) -> None:
    run_make(default_project, "synth")

    table = run_make(default_project, "cost", "ENV=prod", "REQUESTS=2000000")

    assert "Cost report for greeting-service-prod (eu-west-1), before deploy" in table
    assert "Lambda compute (arm64, 512 MB)" in table
    assert "API Gateway REST requests" in table
    assert "Budget: 50.00 USD covers it" in table
    assert "NOT PRICED" not in table
    report = json.loads((default_project / "cdk.out" / "greeting-service-prod.cost.json").read_text())
    assert report["budget_check"]["requests_per_month"] == 2_000_000
    assert report["budget_check"]["covered"] is True
    assert report["not_priced"] == []
    assert all(line["prices_taken_on"] == report["prices_taken_on"] for line in report["per_million_requests"]["lines"])


def test_default_project_has_no_committed_secret(default_project: Path) -> None:
    output = run_make(default_project, "secrets")

    assert "0 suspected secret(s)" in output


def test_default_project_audits_both_locked_requirement_files(default_project: Path) -> None:
    # A real audit asks the vulnerability service over the network; --dry-run stops before it.
    output = run_make(default_project, "audit", "AUDIT_FLAGS=--dry-run")

    assert "--requirement requirements/runtime.txt --requirement requirements/dev.txt --dry-run" in output
    assert re.search(r"would have audited \d+ packages", output), output[-2000:]


def test_default_project_invokes_its_handler_locally(default_project: Path) -> None:
    output = run_make(default_project, "invoke", "METHOD=POST", "ROUTE=/greetings", 'BODY={"name": "Ada"}')

    assert '"statusCode": 201' in output
    assert '"message": "Hello, Ada!"' in output


@pytest.mark.parametrize(
    "answers",
    [
        {**ODD_ANSWERS, "python_runtime": "python3.12", "architecture": "x86_64", "api_auth": "cognito"},
        {"project_name": LONG_NAME, "aws_region": "us-east-1", "tracing": "xray", "api_auth": "none"},
        {"tracing": "none", "architecture": "x86_64"},
    ],
    ids=[
        "odd-characters-python3.12-x86_64-cognito",
        "long-name-us-east-1-tracing-xray-no-auth",
        "tracing-none-x86_64",
    ],
)
def test_other_option_sets_lint_test_and_synth(
    tmp_path: Path, shared_environment: SharedEnvironment, answers: dict[str, str]
) -> None:
    project = bake(tmp_path, **answers)
    shared_environment.adopt(project)

    run_make(project, "lint", "test", "synth", shared=shared_environment)

    (function,) = resources_of(synthesized(project, "prod"), "AWS::Lambda::Function")
    assert function["Properties"]["Runtime"] == answers.get("python_runtime", "python3.13")
    assert function["Properties"]["Architectures"] == [answers.get("architecture", "arm64")]
    assert_templates_pass_scans(project)
