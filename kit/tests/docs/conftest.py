"""The example's synthesized templates as ``make synth`` writes them: the JSON the docs plugin reads."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Template


@pytest.fixture(scope="session")
def template_documents(templates: dict[str, Template]) -> dict[str, dict[str, Any]]:
    return {environment: template.to_json() for environment, template in templates.items()}
