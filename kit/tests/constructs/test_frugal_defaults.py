"""What the constructs create together: nothing that bills by the hour, a fixed cost the budget barely notices."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.tools.cost_model import PriceBook, Traffic, build_report

# Resource types billed every hour they exist, whether or not a request comes.
ALWAYS_ON_TYPES = frozenset(
    {
        "AWS::EC2::NatGateway",
        "AWS::EC2::Instance",
        "AWS::EC2::EIP",
        "AWS::EC2::VPCEndpoint",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBCluster",
        "AWS::ElastiCache::CacheCluster",
        "AWS::ElastiCache::ReplicationGroup",
        "AWS::OpenSearchService::Domain",
        "AWS::ECS::Service",
        "AWS::EKS::Cluster",
    }
)
# What an idle environment may cost a month at list prices before free tiers. The default monitoring
# and FinOps resources take about 8 USD: dashboard 3, SLO composite alarms 2, KMS key 1, alarms and
# custom metrics the rest (a generated service's docs/decisions/0002-monitoring-cost.md). A fixed
# ceiling, not a share of the budget: `service-kit cost` says whether the budget covers the expected spend.
MAX_IDLE_FIXED_USD = 10.0
# Where the web ACL is on (prod by default): 5 USD for the ACL and 1 USD for each of its four rules.
WEB_ACL_FIXED_USD = 9.0


def test_no_resource_bills_by_the_hour(template: Template) -> None:
    types = {resource["Type"] for resource in template.to_json()["Resources"].values()}

    assert not types & ALWAYS_ON_TYPES


def test_no_provisioned_concurrency(template: Template) -> None:
    for resource_type in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
        for resource in template.find_resources(resource_type).values():
            assert "ProvisionedConcurrencyConfig" not in resource.get("Properties", {})


def test_the_cost_report_prices_every_resource_and_the_fixed_cost_is_small(
    template: Template, config: ServiceConfig
) -> None:
    report = build_report(
        template.to_json(), stack=config.stack_name, prices=PriceBook.load(config.region), traffic=Traffic()
    )

    assert report.not_priced == []
    assert report.budgets_usd == [config.cost.monthly_budget_usd]
    ceiling = MAX_IDLE_FIXED_USD + (WEB_ACL_FIXED_USD if config.security.waf_enabled else 0)
    assert report.fixed_usd <= ceiling


def test_api_stage_is_throttled(template: Template, config: ServiceConfig) -> None:
    (stage,) = template.find_resources("AWS::ApiGateway::Stage").values()
    (settings,) = stage["Properties"]["MethodSettings"]

    assert 0 < settings["ThrottlingRateLimit"] <= config.api.throttling_rate_limit
    assert 0 < settings["ThrottlingBurstLimit"] <= config.api.throttling_burst_limit
