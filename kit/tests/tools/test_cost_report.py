"""`make cost` against a fixture template whose cost is worked out by hand below.

The fixture prices (tests/unit/fixtures/cost-fixture.prices.json) are round numbers, with a
720-hour month, so each expected figure can be read off the line that computes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_service_kit.tools.cost_model import FIXED, PER_MILLION, PRICES_FILE, CostReport, PriceBook, Traffic, build_report
from lambda_service_kit.tools.cost_report import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATE = FIXTURES / "cost-fixture.template.json"
PRICES = FIXTURES / "cost-fixture.prices.json"
TRAFFIC = Traffic(duration_ms=200, response_kb=2, log_kb=1, access_log_kb=0.5, trace_sampling=0.1, custom_metrics=2)
GB_PER_KB_PER_MILLION = 1_000_000 / (1024 * 1024)  # GB moved by a million requests of 1 KB

# Fixed monthly cost, by hand.
EXPECTED_FIXED = {
    # ThrottleAlarm 1 + ErrorRateAlarm 3 metrics (math) + LatencyAnomalyAlarm 1 metric x 3 (anomaly band)
    "CloudWatch alarm metrics (standard)": 7 * 0.10,
    "CloudWatch alarm metrics (high resolution)": 1 * 0.30,  # LatencyAlarmHighResolution, 10-second period
    "CloudWatch composite alarms": 0.50,
    "CloudWatch dashboards": 3.00,
    "KMS customer managed keys": 1.00,
    "WAF web ACLs": 5.00,
    "WAF rules and rule groups": 3 * 1.00,
    # Orders/Latency, Orders/Errors (alarm and metric filter: one metric), and 2 from the code
    "CloudWatch custom metrics": 4 * 0.30,
    "Budgets with actions": (720 / 24) * 0.10,  # one budget, however many actions
    # 2 provisioned environments x 1 GB x 720 h x 3600 s
    "Lambda provisioned concurrency (arm64, 1024 MB)": 2 * 1 * 720 * 3600 * 0.000004,
}
# Variable cost per million requests, by hand: 200 ms, 2 KB responses, 1 KB logs, 0.5 KB access logs.
EXPECTED_PER_MILLION = {
    "Lambda requests": 2 * 0.20,  # both functions run once per request
    "Lambda compute (arm64, 1024 MB)": 1_000_000 * 0.2 * 1.0 * 0.00001,
    "Lambda compute (x86_64, 512 MB)": 1_000_000 * 0.2 * 0.5 * 0.00002,
    "API Gateway REST requests": 3.50,
    "Data transfer out (responses)": 2 * GB_PER_KB_PER_MILLION * 0.09,
    "CloudWatch Logs ingestion": 1 * GB_PER_KB_PER_MILLION * 0.50,
    "CloudWatch Logs storage (steady state, uncompressed)": 1 * GB_PER_KB_PER_MILLION * 12 * 0.03,  # 365 days
    "API access logs ingestion": 0.5 * GB_PER_KB_PER_MILLION * 0.50,
    "WAF requests": 0.60,
    "X-Ray traces recorded (sampled)": 0.1 * 5.00,
}


@pytest.fixture
def report() -> CostReport:
    template = json.loads(TEMPLATE.read_text())
    return build_report(template, stack="fixture", prices=PriceBook.load("test-region-1", PRICES), traffic=TRAFFIC)


def test_fixed_monthly_cost_matches_the_hand_computation(report: CostReport) -> None:
    lines = {line.item: line.usd for line in report.fixed}

    assert lines == pytest.approx(EXPECTED_FIXED)
    assert report.fixed_usd == pytest.approx(sum(EXPECTED_FIXED.values()))
    assert report.fixed_usd == pytest.approx(38.436)


def test_cost_per_million_requests_matches_the_hand_computation(report: CostReport) -> None:
    lines = {line.item: line.usd for line in report.per_million}

    assert lines == pytest.approx(EXPECTED_PER_MILLION)
    assert report.per_million_usd == pytest.approx(sum(EXPECTED_PER_MILLION.values()))
    assert report.per_million_usd == pytest.approx(10.2302, abs=1e-4)


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


def test_json_report_and_budget_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "cost.json"
    arguments = [*_arguments(requests=100_000), "--format", "json", "--json", str(output)]

    assert main(arguments) == 0

    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(output.read_text())
    check = printed["budget_check"]
    assert check["monthly_budget_usd"] == 40
    assert check["expected_monthly_usd"] == pytest.approx(38.436 + 10.2302 * 0.1, abs=0.01)
    assert check["covered"] is True
    assert check["requests_per_month_covered"] == pytest.approx((40 - 38.436) / 10.2302 * 1_000_000, abs=5)
    assert printed["not_priced"] == [{"logical_id": "Nat", "type": "AWS::EC2::NatGateway"}]


def test_over_budget_is_reported_and_can_fail_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_arguments(requests=1_000_000)) == 0
    table = capsys.readouterr().out

    assert "does NOT cover" in table
    assert "NOT PRICED" in table
    assert "Nat (AWS::EC2::NatGateway)" in table
    assert "taken 2026-01-02" in table
    assert main([*_arguments(requests=1_000_000), "--fail-over-budget"]) == 1


def test_a_missing_template_asks_for_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--stack", "absent", "--cdk-out", str(tmp_path), "--region", "eu-west-1"]) == 2
    assert "make synth" in capsys.readouterr().err


def test_the_region_comes_from_the_cloud_assembly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fixture.template.json").write_text(TEMPLATE.read_text())
    manifest = {"artifacts": {"fixture": {"environment": "aws://unknown-account/test-region-1"}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))

    assert main(["--stack", "fixture", "--cdk-out", str(tmp_path), "--prices", str(PRICES), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["price_region"] == "test-region-1"


@pytest.mark.parametrize("region", ["eu-west-1", "us-east-1", "us-west-2"])
def test_the_price_file_prices_everything_the_model_uses(region: str) -> None:
    book = PriceBook.load(region)
    data = json.loads(PRICES_FILE.read_text())
    fixture_keys = set(json.loads(PRICES.read_text())["regions"]["test-region-1"])

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


def test_the_model_prices_the_types_monitoring_will_add() -> None:
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


def _arguments(*, requests: int) -> list[str]:
    return [
        "--stack",
        "fixture",
        "--template",
        str(TEMPLATE),
        "--prices",
        str(PRICES),
        "--region",
        "test-region-1",
        "--requests-per-month",
        str(requests),
        "--duration-ms",
        "200",
        "--response-kb",
        "2",
        "--log-kb",
        "1",
        "--access-log-kb",
        "0.5",
        "--trace-sampling",
        "0.1",
        "--custom-metrics",
        "2",
    ]
