"""The pre-generation hook's rules, unit by unit (the bake tests cover the wiring)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

HOOKS_DIR = Path(__file__).resolve().parents[1] / "hooks"


def load_hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HOOKS_DIR / f"{name}.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pre_gen = load_hook("pre_gen_project")

VALID_ANSWERS = {
    "project_name": "Greeting Service",
    "project_slug": "greeting-service",
    "package_name": "greeting_service",
    "description": "Says hello.",
    "author_name": "Platform Team",
    "aws_region": "eu-west-1",
    "python_runtime": "python3.13",
    "architecture": "arm64",
    "alarm_email": "alerts@example.com",
    "monthly_budget_usd": "50",
    "tracing": "otel",
    "cost_center": "unassigned",
    "api_auth": "iam",
    "github_repository": "platform-team/greeting-service",
}


def test_valid_answers_pass() -> None:
    assert pre_gen.find_error(VALID_ANSWERS) is None


@pytest.mark.parametrize("slug", ["a", "orders", "orders-api", "orders-api-v2", "x" * 40])
def test_accepts_slugs_usable_as_folder_stack_and_namespace(slug: str) -> None:
    assert pre_gen.check_slug(slug) is None


@pytest.mark.parametrize(
    "slug",
    ["", "Orders", "orders api", "1orders", "-orders", "orders-", "orders--api", "orders_api", "örders", "x" * 41],
)
def test_rejects_other_slugs(slug: str) -> None:
    assert pre_gen.check_slug(slug)


@pytest.mark.parametrize("name", ["orders", "orders_api", "_private", "v2_api"])
def test_accepts_importable_package_names(name: str) -> None:
    assert pre_gen.check_package_name(name) is None


@pytest.mark.parametrize(
    "name", ["orders-api", "2fast", "class", "json", "logging", "infra", "tests", "pydantic", "Orders"]
)
def test_rejects_unimportable_or_shadowing_package_names(name: str) -> None:
    assert pre_gen.check_package_name(name)


@pytest.mark.parametrize("region", ["eu-west-1", "us-east-1", "ap-southeast-7", "us-gov-west-1", "cn-north-1"])
def test_accepts_aws_regions(region: str) -> None:
    assert pre_gen.check_region(region) is None


@pytest.mark.parametrize("region", ["eu-west-9", "EU-WEST-1", "mars-1", "", "eu-west-1 "])
def test_rejects_unknown_regions(region: str) -> None:
    assert pre_gen.check_region(region)


@pytest.mark.parametrize("repository", ["platform-team/greeting-service", "Org2/svc.api_v2", "a/b"])
def test_accepts_github_repositories(repository: str) -> None:
    assert pre_gen.check_github_repository(repository) is None


@pytest.mark.parametrize(
    "repository", ["", "greeting-service", "a/b/c", "-org/svc", "org-/svc", "org--x/svc", "org/", "org/..", "o rg/svc"]
)
def test_rejects_what_is_not_a_github_repository(repository: str) -> None:
    assert pre_gen.check_github_repository(repository)


@pytest.mark.parametrize("email", ["alerts@example.com", "team.ops+pager@mail.example.co.uk", "o'brien@example.ie"])
def test_accepts_addresses_sns_would(email: str) -> None:
    assert pre_gen.check_email(email) is None


@pytest.mark.parametrize(
    "email",
    ["", "alerts", "alerts@", "@example.com", "alerts@example", "a b@example.com", "a@b@example.com", "a@-x.com"],
)
def test_rejects_other_addresses(email: str) -> None:
    assert pre_gen.check_email(email)


@pytest.mark.parametrize("budget", ["50", "12.5", "0.01", "1000000"])
def test_accepts_positive_budgets(budget: str) -> None:
    assert pre_gen.check_budget(budget) is None


@pytest.mark.parametrize("budget", ["0", "-5", "abc", "", "nan", "inf", "1e999"])
def test_rejects_other_budgets(budget: str) -> None:
    assert pre_gen.check_budget(budget)


@pytest.mark.parametrize("value", ["unassigned", "CC-1234", "Platform Team", "R+D", "Zoë/ops@eu"])
def test_accepts_cost_centers_aws_takes_as_tag_values(value: str) -> None:
    assert pre_gen.check_tag_value(value) is None


@pytest.mark.parametrize("value", ["", "   ", "R&D", "ops<team>", "a'b", "tab\there", "x" * 257])
def test_rejects_cost_centers_aws_would_refuse(value: str) -> None:
    assert pre_gen.check_tag_value(value)


def test_the_message_names_the_answer_its_value_and_what_is_expected() -> None:
    message = pre_gen.find_error({**VALID_ANSWERS, "aws_region": "mars-1"})

    assert (
        message
        == "Invalid answer for 'aws_region': 'mars-1': expected an AWS region name such as eu-west-1 or us-east-1."
    )


def test_reports_the_first_invalid_answer_in_question_order() -> None:
    message = pre_gen.find_error({**VALID_ANSWERS, "aws_region": "mars-1", "alarm_email": "nope"})

    assert message is not None
    assert message.startswith("Invalid answer for 'aws_region'")


def test_a_non_text_answer_is_refused() -> None:
    message = pre_gen.find_error({**VALID_ANSWERS, "monthly_budget_usd": 50})

    assert message == "Invalid answer for 'monthly_budget_usd': 50: expected a text value."


def test_rules_cover_every_free_text_question_of_cookiecutter_json() -> None:
    """Choice questions need no rule: cookiecutter refuses a value outside the list (tests/test_bake.py)."""
    import json

    questions = json.loads((HOOKS_DIR.parent / "cookiecutter.json").read_text())
    free_text = {key for key, default in questions.items() if not key.startswith("_") and isinstance(default, str)}

    assert set(pre_gen.RULES) == free_text
