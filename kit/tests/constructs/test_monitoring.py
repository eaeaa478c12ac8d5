"""ServiceMonitoring: every alarm reaches a person through its severity's topic and a runbook section, and
every function of the stack is monitored, however it was added."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match, Template

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.constructs.function import ServiceFunction

from tests.constructs.cloudformation import resources

RUNBOOK_LINK = re.compile(r"Runbook: docs/runbooks\.md#([a-z0-9-]+)$")


def alarms_of(template: Template) -> dict[str, dict[str, Any]]:
    return {
        **template.find_resources("AWS::CloudWatch::Alarm"),
        **template.find_resources("AWS::CloudWatch::CompositeAlarm"),
    }


def composite_members(template: Template) -> dict[str, str]:
    """Logical id of each alarm that feeds a composite -> the composite's logical id."""
    members = {}
    for composite_id, composite in template.find_resources("AWS::CloudWatch::CompositeAlarm").items():
        for member in re.findall(r"'Fn::GetAtt': \['([A-Za-z0-9]+)'", str(composite["Properties"]["AlarmRule"])):
            members[member] = composite_id
    return members


def topic_of(template: Template, severity: str) -> str:
    (topic_id,) = [
        logical_id
        for logical_id, topic in resources(template, "AWS::SNS::Topic").items()
        if topic["Properties"]["DisplayName"].endswith(f" {severity} alarms")
    ]
    return topic_id


def test_every_alarm_notifies_or_feeds_a_composite_that_does(template: Template) -> None:
    members = composite_members(template)
    resources_by_id = template.to_json()["Resources"]

    for logical_id, alarm in alarms_of(template).items():
        properties = alarm["Properties"]
        if logical_id in members:
            assert properties["ActionsEnabled"] is False, logical_id
            assert "notifies only through" in properties["AlarmDescription"]
            assert resources_by_id[members[logical_id]]["Properties"]["AlarmActions"]
        else:
            assert properties["AlarmActions"], f"{logical_id} has no action"


def test_every_notifying_alarm_names_its_severity_and_links_a_runbook_section_of_the_example(
    template: Template, example_service: ServiceDefinition
) -> None:
    runbook = (example_service.root / "docs" / "runbooks.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', runbook))
    members = composite_members(template)
    linked = set()
    for logical_id, alarm in alarms_of(template).items():
        if logical_id in members:
            continue
        description = alarm["Properties"]["AlarmDescription"]
        severity = description[:2]
        assert severity in {"P1", "P2", "P3"}, description
        assert "First check:" in description
        link = RUNBOOK_LINK.search(description)
        assert link, description
        assert link.group(1) in anchors, f"{logical_id} links to a missing runbook section #{link.group(1)}"
        linked.add(link.group(1))
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic_of(template, severity)}], logical_id
    assert linked == anchors, f"runbook sections without an alarm: {sorted(anchors - linked)}"


def test_every_alarm_decides_what_missing_data_means(template: Template) -> None:
    for logical_id, alarm in template.find_resources("AWS::CloudWatch::Alarm").items():
        assert alarm["Properties"]["TreatMissingData"] in {"notBreaching", "breaching", "ignore", "missing"}, logical_id


@pytest.fixture(scope="module")
def with_reports_function(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> tuple[ServiceConfig, Template]:
    """The example's dev stack with a second function, added the documented way after the monitoring."""
    config = example_environments["dev"]
    stack = synth_stack(config)
    ServiceFunction(stack, "ReportsFunction", config=config, handler="reports.handler", description="Builds reports")
    return config, Template.from_stack(stack)


def test_a_function_added_to_the_stack_gets_alarms_a_dashboard_row_and_its_logs_searched(
    with_reports_function: tuple[ServiceConfig, Template],
) -> None:
    config, template = with_reports_function

    names = {alarm["Properties"]["AlarmName"] for alarm in template.find_resources("AWS::CloudWatch::Alarm").values()}
    for suffix in ("errors", "throttles", "duration-near-timeout", "concurrency-near-limit"):
        assert f"{config.stack_name}-ReportsFunction-{suffix}" in names
    assert "ReportsFunction: duration" in json.dumps(template.find_resources("AWS::CloudWatch::Dashboard"))
    (cold_starts,) = template.find_resources(
        "AWS::Logs::QueryDefinition", {"Properties": {"Name": f"{config.stack_name}/cold starts"}}
    ).values()
    assert len(cold_starts["Properties"]["LogGroupNames"]) == 2


def test_synth_reports_no_warnings(stack: cdk.Stack) -> None:
    assert Annotations.from_stack(stack).find_warning("*", Match.any_value()) == []
