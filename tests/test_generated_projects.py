"""Run baked projects' own checks (lint, tests, synth) and read what synth wrote."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEMPLATE_DIR, SharedEnvironment, bake, run_make
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


# What the default bake synthesizes, type by type, environment by environment: what it had before the kit
# (commit f801b43) plus the safe deploys (alias, version, CodeDeploy group and its gate alarms). Moving
# machinery into the kit must not add, drop or multiply a resource.
EXPECTED_RESOURCES = json.loads((TEMPLATE_DIR / "tests" / "default_bake_resources.json").read_text())
# The default bake's own Python, tests included: the service holds what its team owns, the kit the rest.
MAX_PYTHON_LINES = 1500


def test_default_project_synthesizes_the_resources_it_had_before_the_kit(default_project: Path) -> None:
    run_make(default_project, "synth")

    for environment, expected in EXPECTED_RESOURCES.items():
        template = synthesized(default_project, environment)
        counts = Counter(resource["Type"] for resource in template["Resources"].values())
        assert dict(sorted(counts.items())) == expected, environment


def test_default_project_holds_only_what_its_team_owns(default_project: Path) -> None:
    ignored = {".venv", "node_modules", "cdk.out", ".build"}
    sources = [
        path for path in default_project.rglob("*.py") if not ignored & set(path.relative_to(default_project).parts)
    ]

    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in sources)

    assert lines <= MAX_PYTHON_LINES, f"{lines} lines of Python in the default bake"
    assert not (default_project / "tools").exists()
    assert not (default_project / "infra" / "constructs").exists()


def test_default_project_pins_the_kit_built_from_this_repository(default_project: Path, kit_version: str) -> None:
    service_kit = default_project / ".venv" / "bin" / "service-kit"
    installed = subprocess.run([service_kit, "--version"], capture_output=True, text=True, check=True).stdout

    assert f"lambda-service-kit {kit_version}" in installed
    assert f"lambda-service-kit=={kit_version}" in (default_project / "requirements" / "dev.txt").read_text()
    assert f"lambda-service-runtime=={kit_version}" in (default_project / "requirements" / "runtime.txt").read_text()


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
def test_other_option_sets_lint_test_synth_and_build_their_docs(
    tmp_path: Path, shared_environment: SharedEnvironment, answers: dict[str, str]
) -> None:
    project = bake(tmp_path, **answers)
    shared_environment.adopt(project)

    # `make docs` synthesizes, then builds the site strictly: every alarm has its runbook section, and
    # every section its alarm, in this option set too.
    run_make(project, "lint", "test", "docs", shared=shared_environment)

    (function,) = resources_of(synthesized(project, "prod"), "AWS::Lambda::Function")
    assert function["Properties"]["Runtime"] == answers.get("python_runtime", "python3.13")
    assert function["Properties"]["Architectures"] == [answers.get("architecture", "arm64")]
    assert_templates_pass_scans(project)


def test_api_auth_and_tracing_can_change_after_generation(
    tmp_path: Path, shared_environment: SharedEnvironment
) -> None:
    """service.toml's comments say how: api_auth and `make openapi`; tracing, the runtime's extra and `make lock`."""
    project = bake(tmp_path)
    service_file = project / "service.toml"
    answers = service_file.read_text(encoding="utf-8")
    service_file.write_text(
        answers.replace('api_auth = "iam"', 'api_auth = "cognito"').replace('tracing = "otel"', 'tracing = "none"')
    )
    runtime_in = project / "requirements" / "runtime.in"
    runtime_in.write_text(runtime_in.read_text().replace("lambda-service-runtime[otel]", "lambda-service-runtime"))

    run_make(project, "lock", "openapi", "test", "synth", shared=shared_environment)

    assert "opentelemetry" not in (project / "requirements" / "runtime.txt").read_text()
    template = synthesized(project, "dev")
    assert len(resources_of(template, "AWS::Cognito::UserPool")) == 1
    (function,) = resources_of(template, "AWS::Lambda::Function")
    assert function["Properties"]["Environment"]["Variables"]["TRACING"] == "none"
    assert "TracingConfig" not in function["Properties"]  # no active tracing, no X-Ray daemon
