"""What every alarm says: severity, meaning, first check and runbook link, in that order."""

from __future__ import annotations

from lambda_service_kit.constructs.alarm_text import AlarmText, Severity, component_description


def test_a_description_leads_with_the_severity_and_ends_with_the_runbook_link() -> None:
    text = AlarmText(
        severity=Severity.P2,
        meaning="Orders fail.",
        first_check="the error graph.",
        runbook_anchor="orders-fail",
    )

    assert text.description("https://example.com/runbooks.md") == (
        f"P2 ({Severity.P2.value}). Orders fail. First check: the error graph. "
        "Runbook: https://example.com/runbooks.md#orders-fail"
    )


def test_every_severity_says_how_fast_to_act() -> None:
    assert [severity.name for severity in Severity] == ["P1", "P2", "P3"]
    assert all(severity.value for severity in Severity)


def test_a_component_says_which_composite_notifies_for_it() -> None:
    description = component_description("svc-dev-availability-fast-burn", "5 minute")

    assert description.startswith("Component (5 minute window) of svc-dev-availability-fast-burn;")
    assert "notifies only through that composite alarm" in description
