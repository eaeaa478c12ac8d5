"""A template whose cost is worked out by hand below, and its price book (``fixtures/cost-fixture.*.json``).

The fixture prices are round numbers, with a 720-hour month, so each expected figure can be read off
the line that computes it.
"""

from __future__ import annotations

from pathlib import Path

from lambda_service_kit.tools.cost_model import Traffic

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATE = FIXTURES / "cost-fixture.template.json"
PRICES = FIXTURES / "cost-fixture.prices.json"
REGION = "test-region-1"
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
FIXED_USD = 38.436
PER_MILLION_USD = 10.2302
