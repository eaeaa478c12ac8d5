"""The architecture diagram is drawn from the synthesized template: what deploys is what is drawn."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lambda_service_kit.docs.architecture import architecture_page, mermaid_diagram
from lambda_service_kit.docs.stack_template import notifying_alarms


def boxes(diagram: str) -> dict[str, str]:
    return dict(re.findall(r'^\s+(\w+)\["([^"]*)"\]$', diagram, re.MULTILINE))


def arrows(diagram: str) -> set[tuple[str, str]]:
    return set(re.findall(r"^\s+(\w+) --> (\w+)$", diagram, re.MULTILINE))


def test_the_diagram_has_the_api_the_function_each_topic_the_alarms_and_the_budget(
    template_documents: dict[str, dict[str, Any]],
) -> None:
    prod = template_documents["prod"]
    diagram = mermaid_diagram(prod)
    labels = set(boxes(diagram).values())

    assert diagram.startswith("flowchart LR\n")
    topics = [r["Properties"]["DisplayName"] for r in prod["Resources"].values() if r["Type"] == "AWS::SNS::Topic"]
    assert {f"SNS topic: {topic}" for topic in topics} <= labels
    assert "Lambda function: ApiFunction" in labels
    assert any(label.startswith("API Gateway REST API (") for label in labels)
    assert "AWS Budgets: monthly budget" in labels
    severities = Counter(alarm.severity for alarm in notifying_alarms(prod))
    assert {"P1", "P2", "P3"} <= set(severities)
    assert {f"{severity} alarms: {count}" for severity, count in severities.items()} <= labels
    assert 'subgraph alarms["CloudWatch alarms"]' in diagram
    assert not any("IAM" in label or "Permission" in label for label in labels)


def test_arrows_follow_the_templates_references(template_documents: dict[str, dict[str, Any]]) -> None:
    diagram = mermaid_diagram(template_documents["prod"])
    ids = {label: box for box, label in boxes(diagram).items()}
    function = ids["Lambda function: ApiFunction"]
    alias = next(box for label, box in ids.items() if label.startswith("Lambda alias: "))
    api = next(box for label, box in ids.items() if label.startswith("API Gateway REST API"))
    p1_topic = next(box for label, box in ids.items() if label.endswith("P1 alarms") and label.startswith("SNS"))

    assert (api, alias) in arrows(diagram)  # the methods' integration invokes the live alias
    assert (alias, function) in arrows(diagram)
    assert ("alarms_P1", p1_topic) in arrows(diagram)  # P1 alarms notify the P1 topic
    assert all(source != "dashboard" for source, _ in arrows(diagram))


def test_an_alias_gets_its_box_and_an_unknown_resource_type_one_of_its_own() -> None:
    template = {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {"FunctionName": "worker", "Environment": {"Variables": {"QUEUE": {"Ref": "Queue"}}}},
            },
            "HandlerVersion": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Handler"}}},
            "Live": {
                "Type": "AWS::Lambda::Alias",
                "Properties": {"Name": "live", "FunctionName": {"Ref": "Handler"}},
            },
            "Role": {"Type": "AWS::IAM::Role", "Properties": {}},
        }
    }

    diagram = mermaid_diagram(template)

    assert set(boxes(diagram).values()) == {"SQS::Queue", "Lambda function: worker", "Lambda alias: live"}
    assert arrows(diagram) == {
        ("Lambda_function_Handler", "AWS__SQS__Queue"),
        ("Lambda_alias_Live", "Lambda_function_Handler"),
    }


def test_the_page_has_one_diagram_per_environment(template_documents: dict[str, dict[str, Any]]) -> None:
    page = architecture_page(template_documents)

    assert page.count("```mermaid\nflowchart LR") == len(template_documents)
    for environment in template_documents:
        assert f"## {environment}\n" in page
