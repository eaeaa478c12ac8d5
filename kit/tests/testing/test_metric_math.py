"""The metric math the kit's alarms synthesize, evaluated as CloudWatch does."""

from __future__ import annotations

import pytest

from lambda_service_kit.testing.metric_math import MetricMathError, evaluate


@pytest.mark.parametrize(
    ("expression", "values", "expected"),
    [
        ("IF(requests > 0, (errors / requests) / 0.010000, 0)", {"requests": 200, "errors": 4}, 2.0),
        ("IF(requests > 0, (errors / requests) / 0.010000, 0)", {"requests": 0, "errors": 0}, 0.0),
        ("(100 - within_threshold) / 100 / 0.050000", {"within_threshold": 90}, 2.0),
        ("-a + 2 * 3 - 4 / 2", {"a": 1}, 3.0),
        ("a >= 2", {"a": 2}, 1.0),
        ("a != 2", {"a": 2}, 0.0),
        ("1.5e2 / 3", {}, 50.0),
    ],
)
def test_expressions_evaluate_like_cloudwatch(expression: str, values: dict[str, float], expected: float) -> None:
    assert evaluate(expression, values) == pytest.approx(expected)


def test_a_metric_without_a_datapoint_leaves_the_expression_without_one() -> None:
    assert evaluate("(100 - within_threshold) / 100 / 0.05", {"within_threshold": None}) is None
    assert evaluate("IF(requests > 0, errors / requests, 0)", {"requests": None, "errors": None}) is None


def test_if_picks_one_branch_and_a_division_by_zero_has_no_datapoint() -> None:
    assert evaluate("IF(requests > 0, errors / requests, 7)", {"requests": 0, "errors": 0}) == 7.0
    assert evaluate("errors / requests", {"requests": 0, "errors": 1}) is None


@pytest.mark.parametrize("expression", ["requests +", "unknown_id * 2", "IF(1, 2)", "1 2", "a % b"])
def test_what_it_cannot_read_is_an_error(expression: str) -> None:
    with pytest.raises(MetricMathError):
        evaluate(expression, {"requests": 1, "a": 1, "b": 2})
