"""The X-Ray sampling rule for the API: the configured share of requests is traced end to end.

API Gateway takes the sampling decision and passes it to Lambda, whose tracing
options follow it, so this one rule sets the sampling rate of the whole service.
"""

from __future__ import annotations

import hashlib

from aws_cdk import aws_xray as xray
from constructs import Construct

from lambda_service_kit.config import ServiceConfig

RULE_NAME_MAX_LENGTH = 32
PRIORITY = 100  # lower than X-Ray's default rule (10000), so this one applies first


class TraceSampling(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, api_name: str) -> None:
        super().__init__(scope, construct_id)
        self.rule = xray.CfnSamplingRule(
            self,
            "Rule",
            sampling_rule=xray.CfnSamplingRule.SamplingRuleProperty(
                rule_name=sampling_rule_name(config.stack_name),
                priority=PRIORITY,
                fixed_rate=config.observability.trace_sample_rate,
                reservoir_size=1,  # at least one request a second is traced
                service_name=f"{api_name}/{config.environment}",
                service_type="*",
                host="*",
                http_method="*",
                url_path="*",
                resource_arn="*",
                version=1,
            ),
        )


def sampling_rule_name(stack_name: str) -> str:
    """Rule names are at most 32 characters: long stack names keep a prefix and a short hash."""
    if len(stack_name) <= RULE_NAME_MAX_LENGTH:
        return stack_name
    digest = hashlib.sha256(stack_name.encode()).hexdigest()[:6]
    return f"{stack_name[: RULE_NAME_MAX_LENGTH - 7]}-{digest}"
