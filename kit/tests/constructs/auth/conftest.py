"""The example's stack under each authorization strategy, with its cdk-nag report: synthesized once each.

The strategy is the ``api_auth`` answer; a strategy's test module overrides ``template`` with that
strategy's, from ``synthesized_with``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.compliance import add_compliance_checks


@dataclass(frozen=True)
class Synthesized:
    config: ServiceConfig
    template: Template
    validation_report: dict[str, Any]


@pytest.fixture(scope="session")
def synthesized_with(synth_stack: Callable[..., cdk.Stack]) -> Callable[[str, ServiceConfig], Synthesized]:
    """``(api_auth, config)`` -> the example's stack for ``config`` with that answer, cached for the session."""
    cache: dict[tuple[str, str], Synthesized] = {}

    def synthesized(api_auth: str, config: ServiceConfig) -> Synthesized:
        key = (api_auth, config.environment)
        if key not in cache:
            chosen = replace(config, service=replace(config.service, api_auth=api_auth))
            stack = synth_stack(chosen)
            app = stack.node.root
            add_compliance_checks(app)
            assembly = app.synth()
            cache[key] = Synthesized(
                config=chosen,
                template=Template.from_json(assembly.get_stack_by_name(stack.stack_name).template),
                validation_report=json.loads((Path(assembly.directory) / "validation-report.json").read_text()),
            )
        return cache[key]

    return synthesized
