"""The cost model prices the fixture template as it is priced by hand (``cost_fixture.py``)."""

from __future__ import annotations

import json

import pytest

from lambda_service_kit.tools.cost_model import FIXED, PER_MILLION, PRICES_FILE, CostReport, PriceBook, build_report

from tests.tools.cost_fixture import (
    EXPECTED_FIXED,
    EXPECTED_PER_MILLION,
    FIXED_USD,
    PER_MILLION_USD,
    PRICES,
    REGION,
    TEMPLATE,
    TRAFFIC,
)


@pytest.fixture
def report() -> CostReport:
    template = json.loads(TEMPLATE.read_text())
    return build_report(template, stack="fixture", prices=PriceBook.load(REGION, PRICES), traffic=TRAFFIC)


def test_fixed_monthly_cost_matches_the_hand_computation(report: CostReport) -> None:
    lines = {line.item: line.usd for line in report.fixed}

    assert lines == pytest.approx(EXPECTED_FIXED)
    assert report.fixed_usd == pytest.approx(sum(EXPECTED_FIXED.values()))
    assert report.fixed_usd == pytest.approx(FIXED_USD)


def test_cost_per_million_requests_matches_the_hand_computation(report: CostReport) -> None:
    lines = {line.item: line.usd for line in report.per_million}

    assert lines == pytest.approx(EXPECTED_PER_MILLION)
    assert report.per_million_usd == pytest.approx(sum(EXPECTED_PER_MILLION.values()))
    assert report.per_million_usd == pytest.approx(PER_MILLION_USD, abs=1e-4)


def test_unknown_types_are_listed_not_ignored_and_free_ones_counted(report: CostReport) -> None:
    assert report.not_priced == [("Nat", "AWS::EC2::NatGateway")]
    assert report.free == {
        "AWS::ApiGateway::Deployment": 1,
        "AWS::Budgets::Budget": 1,
        "AWS::KMS::Alias": 1,
        "AWS::SNS::Topic": 1,
    }


def test_every_line_states_its_unit_price_and_when_prices_were_taken(report: CostReport) -> None:
    for line in report.fixed + report.per_million:
        described = line.as_dict()
        assert described["unit_price_usd"] > 0
        assert described["unit"]
        assert described["prices_taken_on"] == "2026-01-02"
        assert described["resources"]


@pytest.mark.parametrize("region", ["eu-west-1", "us-east-1", "us-west-2"])
def test_the_price_file_prices_everything_the_model_uses(region: str) -> None:
    book = PriceBook.load(region)
    data = json.loads(PRICES_FILE.read_text())
    fixture_keys = set(json.loads(PRICES.read_text())["regions"][REGION])

    assert book.region == region
    assert set(book.prices) == fixture_keys
    assert data["taken_on"]
    assert all(price.source in data["sources"] for price in book.prices.values())
    assert book["lambda_gb_second_arm64"].usd < book["lambda_gb_second_x86_64"].usd


def test_a_region_without_prices_falls_back_and_says_so() -> None:
    template = json.loads(TEMPLATE.read_text())
    report = build_report(template, stack="fixture", prices=PriceBook.load("ap-south-2"), traffic=TRAFFIC)

    assert report.prices.region == "us-east-1"
    assert "No prices for ap-south-2: us-east-1 prices used." in report.notes


def test_the_model_prices_the_types_the_monitoring_adds() -> None:
    for resource_type in (
        "AWS::CloudWatch::Alarm",
        "AWS::CloudWatch::CompositeAlarm",
        "AWS::CloudWatch::Dashboard",
        "AWS::KMS::Key",
        "AWS::WAFv2::WebACL",
        "AWS::Budgets::Budget",
    ):
        assert resource_type in FIXED
    assert "AWS::Lambda::Function" in PER_MILLION
