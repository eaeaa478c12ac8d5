"""TraceSampling: one X-Ray rule samples the configured share of the API's requests."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.trace_sampling import PRIORITY, RULE_NAME_MAX_LENGTH, sampling_rule_name

from tests.constructs.cloudformation import only


def test_the_rule_samples_the_configured_share_of_the_stage(template: Template, config: ServiceConfig) -> None:
    assert config.tracing_enabled, "the example traces (tracing = otel)"
    _, rule = only(template, "AWS::XRay::SamplingRule")

    sampling = rule["Properties"]["SamplingRule"]
    assert sampling["RuleName"] == sampling_rule_name(config.stack_name)
    assert sampling["FixedRate"] == config.observability.trace_sample_rate
    assert sampling["ServiceName"] == f"{config.stack_name}/{config.environment}"
    assert sampling["Priority"] == PRIORITY
    assert sampling["ReservoirSize"] == 1


def test_an_untraced_service_has_no_rule(untraced_template: Template) -> None:
    assert untraced_template.find_resources("AWS::XRay::SamplingRule") == {}


def test_short_stack_names_are_the_rule_name() -> None:
    assert sampling_rule_name("orders-prod") == "orders-prod"


def test_long_stack_names_are_cut_to_the_limit_and_stay_distinct() -> None:
    dev = sampling_rule_name("customer-notification-preferences-dev")
    prod = sampling_rule_name("customer-notification-preferences-prod")

    assert len(dev) == len(prod) == RULE_NAME_MAX_LENGTH
    assert dev != prod
