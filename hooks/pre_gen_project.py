"""Validate the answers before cookiecutter writes any file.

The answers arrive as JSON data, never as Python source, so an answer that
contains quotes or code stays a plain string. Each rule returns a message
naming the answer, its value and what is expected; the first failure aborts
generation with exit code 1 and nothing written. Choice answers (runtime, architecture,
tracing, api_auth) need no rule here: cookiecutter refuses a value outside cookiecutter.json's
list before this hook runs.
"""

from __future__ import annotations

import json
import keyword
import math
import re
import sys
from collections.abc import Callable, Mapping

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""

SLUG_MAX_LENGTH = 40
SLUG_PATTERN = re.compile(r"^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$")
PACKAGE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
# An address SNS accepts for an email subscription: one @, a dotted domain, no spaces.
EMAIL_PATTERN = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
EMAIL_MAX_LENGTH = 254
# What AWS accepts in a tag value: letters and digits of any script, spaces and _ . : / = + - @
TAG_VALUE_PATTERN = re.compile(r"^[\w .:/=+\-@]+$")
TAG_VALUE_MAX_LENGTH = 256
# GitHub's owner/name: an owner of letters, digits and single inner hyphens; a name of letters, digits, . _ -
GITHUB_REPOSITORY_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}$")

AWS_REGIONS = frozenset(
    {
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "cn-north-1",
        "cn-northwest-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-gov-east-1",
        "us-gov-west-1",
        "us-west-1",
        "us-west-2",
    }
)
# Names the generated project already uses at the top level of its import path.
RESERVED_PACKAGE_NAMES = frozenset(
    {
        "app",
        "infra",
        "tests",
        "tools",
        "aws_cdk",
        "aws_lambda_powertools",
        "pydantic",
        "constructs",
        "boto3",
        "botocore",
        "lambda_service_kit",
        "lambda_service_runtime",
    }
)


def check_slug(slug: str) -> str | None:
    if len(slug) > SLUG_MAX_LENGTH or not SLUG_PATTERN.match(slug):
        return (
            f"expected lowercase letters, digits and single hyphens, starting with a letter, "
            f"at most {SLUG_MAX_LENGTH} characters (it names the folder, the CloudFormation "
            f"stacks and the metric namespace)"
        )
    return None


def check_package_name(name: str) -> str | None:
    if not PACKAGE_PATTERN.match(name) or keyword.iskeyword(name):
        return "expected an importable Python module name: lowercase letters, digits and underscores, not a keyword"
    if name in sys.stdlib_module_names or name in RESERVED_PACKAGE_NAMES:
        return "expected a name that does not shadow the standard library or a package the project uses"
    return None


def check_region(region: str) -> str | None:
    if region not in AWS_REGIONS:
        return "expected an AWS region name such as eu-west-1 or us-east-1"
    return None


def check_email(email: str) -> str | None:
    if len(email) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(email):
        return "expected an email address such as team-alerts@example.com"
    return None


def check_budget(budget: str) -> str | None:
    try:
        amount = float(budget)
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount) or amount <= 0:
        return "expected a positive number of US dollars such as 50 or 12.5"
    return None


def check_tag_value(value: str) -> str | None:
    if not value.strip() or len(value) > TAG_VALUE_MAX_LENGTH or not TAG_VALUE_PATTERN.match(value):
        return (
            f"expected a cost-allocation tag value: letters, digits, spaces and _ . : / = + - @, "
            f"at most {TAG_VALUE_MAX_LENGTH} characters"
        )
    return None


def check_github_repository(repository: str) -> str | None:
    if not GITHUB_REPOSITORY_PATTERN.match(repository) or repository.split("/")[1] in {".", ".."}:
        return "expected a GitHub repository as owner/name, such as platform-team/greeting-service"
    return None


def check_not_blank(value: str) -> str | None:
    if not value.strip():
        return "expected a non-empty value"
    return None


RULES: dict[str, Callable[[str], str | None]] = {
    "project_name": check_not_blank,
    "project_slug": check_slug,
    "package_name": check_package_name,
    "description": check_not_blank,
    "author_name": check_not_blank,
    "aws_region": check_region,
    "alarm_email": check_email,
    "monthly_budget_usd": check_budget,
    "cost_center": check_tag_value,
    "github_repository": check_github_repository,
}


def find_error(answers: Mapping[str, object]) -> str | None:
    """Return the message for the first invalid answer, or None when all are valid."""
    for variable, rule in RULES.items():
        value = answers.get(variable)
        problem = rule(value) if isinstance(value, str) else "expected a text value"
        if problem:
            return f"Invalid answer for '{variable}': {value!r}: {problem}."
    return None


def main() -> int:
    error = find_error(json.loads(ANSWERS_JSON))
    if error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
