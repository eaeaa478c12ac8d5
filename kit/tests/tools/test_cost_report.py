"""`service-kit cost`: the fixture template's report as JSON or a table, and the budget check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_service_kit.tools.cost_report import main

from tests.tools.cost_fixture import FIXED_USD, PER_MILLION_USD, PRICES, REGION, TEMPLATE, TRAFFIC


def arguments(*, requests: int) -> list[str]:
    return [
        *("--stack", "fixture", "--template", str(TEMPLATE), "--prices", str(PRICES), "--region", REGION),
        *("--requests-per-month", str(requests), "--duration-ms", f"{TRAFFIC.duration_ms:g}"),
        *("--response-kb", f"{TRAFFIC.response_kb:g}", "--log-kb", f"{TRAFFIC.log_kb:g}"),
        *("--access-log-kb", f"{TRAFFIC.access_log_kb:g}", "--trace-sampling", f"{TRAFFIC.trace_sampling:g}"),
        *("--custom-metrics", str(TRAFFIC.custom_metrics)),
    ]


def test_json_report_and_budget_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "cost.json"

    assert main([*arguments(requests=100_000), "--format", "json", "--json", str(output)]) == 0

    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(output.read_text())
    check = printed["budget_check"]
    assert check["monthly_budget_usd"] == 40
    assert check["expected_monthly_usd"] == pytest.approx(FIXED_USD + PER_MILLION_USD * 0.1, abs=0.01)
    assert check["covered"] is True
    assert check["requests_per_month_covered"] == pytest.approx((40 - FIXED_USD) / PER_MILLION_USD * 1_000_000, abs=5)
    assert printed["not_priced"] == [{"logical_id": "Nat", "type": "AWS::EC2::NatGateway"}]
    assert printed["assumptions"]["duration_ms"] == TRAFFIC.duration_ms


def test_over_budget_is_reported_and_can_fail_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(arguments(requests=1_000_000)) == 0
    table = capsys.readouterr().out

    assert "does NOT cover" in table
    assert "NOT PRICED" in table
    assert "Nat (AWS::EC2::NatGateway)" in table
    assert "taken 2026-01-02" in table
    assert main([*arguments(requests=1_000_000), "--fail-over-budget"]) == 1


def test_a_missing_template_asks_for_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--stack", "absent", "--cdk-out", str(tmp_path), "--region", "eu-west-1"]) == 2
    assert "make synth" in capsys.readouterr().err


def test_the_region_comes_from_the_cloud_assembly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fixture.template.json").write_text(TEMPLATE.read_text())
    manifest = {"artifacts": {"fixture": {"environment": f"aws://unknown-account/{REGION}"}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))

    assert main(["--stack", "fixture", "--cdk-out", str(tmp_path), "--prices", str(PRICES), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["price_region"] == REGION


def test_an_unknown_region_is_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fixture.template.json").write_text(TEMPLATE.read_text())

    assert main(["--stack", "fixture", "--cdk-out", str(tmp_path)]) == 2
    assert "pass --region" in capsys.readouterr().err
