"""Bake the template with curated answers and check what it writes, or that it refuses."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import TEMPLATE_DIR, run_cookiecutter

ODD_ANSWERS = {
    "project_name": 'Zoë\'s "Quoted" Café Service',
    "description": "Says 'hello' with \"quotes\", a backslash \\ and ''' + \"\"\" in it",
    "author_name": "O'Brien & Søns <ops>",
    "monthly_budget_usd": "12.5",
    "cost_center": "CC-42 Zoë/Ops",
}
CODE_LIKE_ANSWERS = {
    "project_name": "Evil Service",
    "description": "'''); import os; os.system('echo pwned') #",
    "author_name": '"""; raise SystemExit(3); """',
}
UNRENDERED = re.compile(r"\{\{\s*cookiecutter|\{%-?\s")
LONG_NAME = "The Extremely Long Named Customer Notification Preference Management Service For Europe"

# Supported option sets: each bakes; the bigger tests run the generated project's own checks on some.
OPTION_SETS: dict[str, dict[str, str]] = {
    "defaults": {},
    "python3.12-x86_64": {"python_runtime": "python3.12", "architecture": "x86_64"},
    "python3.13-x86_64-us-east-1": {"architecture": "x86_64", "aws_region": "us-east-1"},
    "python3.12-arm64": {"python_runtime": "python3.12"},
    "tracing-xray": {"tracing": "xray"},
    "tracing-none": {"tracing": "none"},
    "odd-characters": ODD_ANSWERS,
    "code-like-answers": CODE_LIKE_ANSWERS,
    "long-name": {"project_name": LONG_NAME},
    "cognito-auth": {"api_auth": "cognito"},
    "no-auth": {"api_auth": "none"},
}
CHOICES = {
    key: value
    for key, value in json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text()).items()
    if isinstance(value, list)
}


def baked(cookies: Any, answers: dict[str, str]) -> Path:
    result = cookies.bake(extra_context=answers)
    assert result.exit_code == 0, result.exception
    assert result.exception is None
    return Path(result.project_path)


@pytest.mark.parametrize("answers", OPTION_SETS.values(), ids=OPTION_SETS.keys())
def test_every_supported_option_set_bakes_without_leftover_template_text(cookies: Any, answers: dict[str, str]) -> None:
    project = baked(cookies, answers)

    for path in project.rglob("*"):
        if path.is_file():
            assert not UNRENDERED.search(path.read_text(encoding="utf-8")), f"unrendered Jinja in {path}"


@pytest.mark.parametrize("answers", OPTION_SETS.values(), ids=OPTION_SETS.keys())
def test_answers_arrive_as_data_in_service_toml(cookies: Any, answers: dict[str, str]) -> None:
    project = baked(cookies, answers)
    defaults = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())

    service = tomllib.loads((project / "service.toml").read_text(encoding="utf-8"))

    expected = {key: answers.get(key, defaults[key]) for key in ("description", "author_name")}
    assert service["service"]["description"] == expected["description"]
    assert service["service"]["owner"] == expected["author_name"]
    assert service["service"]["name"] == project.name
    assert service["deployment"]["python_runtime"] == answers.get("python_runtime", "python3.13")
    assert service["deployment"]["architecture"] == answers.get("architecture", "arm64")
    assert service["budget"]["monthly_usd"] == float(answers.get("monthly_budget_usd", "50"))
    assert service["service"]["cost_center"] == answers.get("cost_center", defaults["cost_center"])
    assert service["security"]["api_auth"] == answers.get("api_auth", "iam")


@pytest.mark.parametrize("answers", OPTION_SETS.values(), ids=OPTION_SETS.keys())
def test_generated_files_parse(cookies: Any, answers: dict[str, str]) -> None:
    project = baked(cookies, answers)

    tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    for name in ("cdk.json", "package.json", "package-lock.json"):
        json.loads((project / name).read_text(encoding="utf-8"))
    for source in project.rglob("*.py"):
        compile(source.read_text(encoding="utf-8"), str(source), "exec")


def test_names_are_derived_from_the_project_name(cookies: Any) -> None:
    project = baked(cookies, {"project_name": "Zoë's Café Orders"})

    assert project.name == "zoe-s-cafe-orders"
    assert (project / "src" / "zoe_s_cafe_orders" / "handlers" / "api.py").is_file()


def test_long_names_give_a_slug_within_limits(cookies: Any) -> None:
    project = baked(cookies, {"project_name": LONG_NAME})

    assert len(project.name) <= 40
    assert project.name.startswith("the-extremely-long-named")


def test_code_like_answers_stay_text(cookies: Any) -> None:
    project = baked(cookies, CODE_LIKE_ANSWERS)

    assert not any(path.name == "pwned" for path in project.parent.rglob("*"))
    service = tomllib.loads((project / "service.toml").read_text(encoding="utf-8"))
    assert service["service"]["owner"] == CODE_LIKE_ANSWERS["author_name"]


def test_post_generation_prints_next_steps(tmp_path: Path) -> None:
    completed = run_cookiecutter(tmp_path)
    assert completed.returncode == 0, completed.stderr

    assert "cd greeting-service" in completed.stdout
    assert "make install" in completed.stdout
    assert not (tmp_path / "greeting-service" / ".git").exists()


REJECTED_ANSWERS = [
    ("project_slug", "My Service", "lowercase letters, digits and single hyphens"),
    ("project_slug", "9lives", "starting with a letter"),
    ("project_slug", "orders-", "single hyphens"),
    ("project_slug", "x" * 41, "at most 40 characters"),
    ("package_name", "my-service", "importable Python module name"),
    ("package_name", "class", "not a keyword"),
    ("package_name", "json", "does not shadow the standard library"),
    ("aws_region", "mars-1", "AWS region name"),
    ("aws_region", "EU-WEST-1", "AWS region name"),
    ("alarm_email", "not-an-email", "email address"),
    ("alarm_email", "ops@localhost", "email address"),
    ("monthly_budget_usd", "0", "positive number"),
    ("monthly_budget_usd", "-10", "positive number"),
    ("monthly_budget_usd", "fifty", "positive number"),
    ("cost_center", "R&D", "cost-allocation tag value"),
    ("cost_center", "x" * 257, "at most 256 characters"),
    ("description", "   ", "non-empty"),
    ("author_name", "", "non-empty"),
]


@pytest.mark.parametrize(("variable", "value", "expected"), REJECTED_ANSWERS, ids=lambda item: str(item)[:20])
def test_bad_answers_abort_with_one_line_and_write_nothing(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    completed = run_cookiecutter(tmp_path, **{variable: value})

    assert completed.returncode == 1
    messages = [line for line in completed.stderr.splitlines() if line.startswith("ERROR: Invalid answer")]
    assert len(messages) == 1
    assert messages[0].startswith(f"ERROR: Invalid answer for '{variable}': {value!r}: expected ")
    assert expected in messages[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("variable", "value"), [("python_runtime", "python3.9"), ("architecture", "sparc"), ("api_auth", "oauth")]
)
def test_answers_outside_a_choice_are_refused_before_anything_is_written(
    tmp_path: Path, variable: str, value: str
) -> None:
    completed = run_cookiecutter(tmp_path, **{variable: value})

    assert completed.returncode == 1
    assert f"{value} provided for choice variable {variable}" in completed.stderr.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


def test_a_name_without_letters_or_digits_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Its slug would be empty; cookiecutter stops before the hook can, and writes nothing."""
    completed = run_cookiecutter(tmp_path, project_name="   ")

    assert completed.returncode == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("tracing", CHOICES["tracing"])
def test_only_the_chosen_tracing_options_runtime_requirements_are_generated(cookies: Any, tracing: str) -> None:
    project = baked(cookies, {"tracing": tracing})

    requirements = sorted(path.name for path in (project / "requirements").iterdir())
    assert requirements == ["dev.in", "dev.txt", "runtime.in", "runtime.txt"]
    extra = "" if tracing == "none" else f"[{tracing}]"
    assert f"lambda-service-runtime{extra}==" in (project / "requirements" / "runtime.in").read_text()


@pytest.mark.parametrize(("mode", "warned"), [("iam", False), ("cognito", False), ("none", True)])
def test_a_public_api_is_warned_about_at_generation(tmp_path: Path, mode: str, warned: bool) -> None:
    completed = run_cookiecutter(tmp_path, api_auth=mode)
    assert completed.returncode == 0, completed.stderr

    assert ("WARNING: api_auth=none: every route of this API is public" in completed.stdout) is warned


def test_generated_ci_pins_every_action_by_commit_sha(cookies: Any) -> None:
    project = baked(cookies, {})
    workflow = (project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")

    assert yaml.safe_load(workflow)["permissions"] == {"contents": "read"}
    uses = re.findall(r"uses:\s*(\S+)", workflow)
    assert uses
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action) for action in uses), uses
    assert re.search(r"^permissions:\n  contents: read$", workflow, flags=re.MULTILINE)
    assert "${{ github.ref }}" in workflow
    for target in ("install", "lint", "secrets", "test", "synth", "test-integration", "audit"):
        assert f"run: make {target}" in workflow
    # Pull requests are compared with the target branch's API document.
    assert "${{ github.base_ref }}" in workflow
    assert "run: make openapi-breaking BASE=.build/base/openapi.json" in workflow


def test_dependabot_watches_pip_npm_and_actions(cookies: Any) -> None:
    project = baked(cookies, {})
    config = (project / ".github" / "dependabot.yml").read_text(encoding="utf-8")

    ecosystems = [update["package-ecosystem"] for update in yaml.safe_load(config)["updates"]]
    assert sorted(ecosystems) == ["github-actions", "npm", "pip"]
