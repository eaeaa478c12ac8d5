from __future__ import annotations

from lambda_service_kit.constructs.trace_sampling import RULE_NAME_MAX_LENGTH, sampling_rule_name


def test_short_stack_names_are_the_rule_name() -> None:
    assert sampling_rule_name("orders-prod") == "orders-prod"


def test_long_stack_names_are_cut_to_the_limit_and_stay_distinct() -> None:
    dev = sampling_rule_name("customer-notification-preferences-dev")
    prod = sampling_rule_name("customer-notification-preferences-prod")

    assert len(dev) == len(prod) == RULE_NAME_MAX_LENGTH
    assert dev != prod
