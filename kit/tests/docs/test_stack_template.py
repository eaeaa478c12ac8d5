"""Reading the synthesized template: every alarm that notifies, with its severity, condition, topic, runbook."""

from __future__ import annotations

from typing import Any

from lambda_service_kit.docs.stack_template import notifying_alarms, references


def test_every_alarm_with_an_action_is_catalogued_and_no_other(template_documents: dict[str, dict[str, Any]]) -> None:
    for template in template_documents.values():
        with_actions = {
            logical_id
            for logical_id, resource in template["Resources"].items()
            if resource["Type"].startswith("AWS::CloudWatch::") and resource["Properties"].get("AlarmActions")
        }
        without = {
            logical_id
            for logical_id, resource in template["Resources"].items()
            if resource["Type"] == "AWS::CloudWatch::Alarm" and not resource["Properties"].get("AlarmActions")
        }

        catalogued = {alarm.logical_id for alarm in notifying_alarms(template)}

        assert catalogued == with_actions
        assert without, "the SLO window alarms notify no one"
        assert not catalogued & without


def test_each_alarm_names_its_severity_topic_and_runbook_section(template_documents: dict[str, dict[str, Any]]) -> None:
    prod = template_documents["prod"]
    alarms = {alarm.name: alarm for alarm in notifying_alarms(prod)}

    fast_burn = alarms["greeting-service-prod-availability-fast-burn"]
    assert fast_burn.severity == "P1"
    assert fast_burn.topics == ("greeting-service-prod P1 alarms",)
    assert fast_burn.runbook_anchor == "availability-fast-burn"
    assert fast_burn.condition.startswith("all of: availability burn rate ≥ 14.4 over 1 x 1 h;")
    errors = alarms["greeting-service-prod-ApiFunction-errors"]
    assert (errors.severity, errors.condition) == ("P2", "Errors (Sum) ≥ 1 over 1 x 5 min")
    assert [alarm.severity for alarm in alarms.values()] == sorted(alarm.severity for alarm in alarms.values())


def test_references_find_ref_and_get_att_anywhere_in_properties() -> None:
    properties = {
        "A": {"Ref": "Topic"},
        "B": [{"Fn::Join": ["", [{"Fn::GetAtt": ["Function", "Arn"]}, "/x"]]}],
        "C": {"Fn::GetAtt": "Key.Arn"},
    }

    assert sorted(references(properties)) == ["Function", "Key", "Topic"]
