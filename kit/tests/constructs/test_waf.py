"""ApiFirewall: AWS managed rule groups and a per-IP rate limit in front of the stage, where configured."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.waf import MANAGED_RULE_GROUPS

from tests.constructs.cloudformation import only, resources


def test_a_web_acl_guards_the_stage_where_configured(template: Template, config: ServiceConfig) -> None:
    if not config.security.waf_enabled:
        assert resources(template, "AWS::WAFv2::WebACL") == {}
        assert resources(template, "AWS::WAFv2::WebACLAssociation") == {}
        return

    acl_id, acl = only(template, "AWS::WAFv2::WebACL")
    _, association = only(template, "AWS::WAFv2::WebACLAssociation")
    stage_id, _ = only(template, "AWS::ApiGateway::Stage")
    assert acl["Properties"]["Scope"] == "REGIONAL"
    assert acl["Properties"]["DefaultAction"] == {"Allow": {}}
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    assert stage_id in str(association["Properties"]["ResourceArn"])


def test_the_rate_rule_comes_first_then_the_managed_groups(
    templates: dict[str, Template], example_environments: dict[str, ServiceConfig]
) -> None:
    config = example_environments["prod"]
    assert config.security.waf_enabled, "the example's production has a web ACL"
    _, acl = only(templates["prod"], "AWS::WAFv2::WebACL")
    rules = sorted(acl["Properties"]["Rules"], key=lambda rule: rule["Priority"])

    assert [rule["Name"] for rule in rules] == ["RateLimitPerIp", *MANAGED_RULE_GROUPS]
    rate, *groups = rules
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP",
        "EvaluationWindowSec": 300,
        "Limit": config.security.waf_rate_limit_per_5_minutes,
    }
    for rule in groups:
        assert rule["OverrideAction"] == {"None": {}}
        assert rule["Statement"]["ManagedRuleGroupStatement"] == {"VendorName": "AWS", "Name": rule["Name"]}
        assert rule["VisibilityConfig"]["CloudWatchMetricsEnabled"] is True
