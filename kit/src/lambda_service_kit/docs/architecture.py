"""The architecture page: a Mermaid diagram of each environment's deployed resources, drawn from its
synthesized template.

Resources are grouped into the nodes a reader looks for (the API, each function and alias, each topic,
the alarms by severity, the budget...); an arrow means "refers to" in the template (a method invokes the
function, an alarm notifies a topic). Plumbing (IAM roles and policies, permissions, CDK metadata) is
left out; a resource type the kit does not know gets a node of its own, so nothing deployed is hidden.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lambda_service_kit.docs.stack_template import (
    ALARM,
    COMPOSITE_ALARM,
    SEVERITY,
    Template,
    references,
    resources,
)

HIDDEN_PREFIXES = ("AWS::IAM::", "AWS::CDK::", "Custom::", "AWS::Lambda::Permission", "AWS::Lambda::Version")
HIDDEN_TYPES = {"AWS::SNS::Subscription", "AWS::SNS::TopicPolicy", "AWS::KMS::Alias", "AWS::ApiGateway::Account"}
# Resource types folded into one node per group, with the label of that node.
GROUPED_BY_PREFIX = {
    "AWS::ApiGateway::": ("api", "API Gateway REST API"),
    "AWS::WAFv2::": ("waf", "WAF web ACL"),
    "AWS::Cognito::": ("cognito", "Cognito user pool"),
    "AWS::CE::": ("anomaly", "Cost anomaly monitor"),
    "AWS::Logs::": ("logs", "CloudWatch Logs: log groups and saved queries"),
    "AWS::Budgets::": ("budget", "AWS Budgets: monthly budget"),
    "AWS::CloudWatch::Dashboard": ("dashboard", "CloudWatch dashboard"),
    "AWS::KMS::": ("key", "KMS key"),
    "AWS::XRay::": ("xray", "X-Ray sampling rule"),
}
# One node per resource of these types, labelled by the property named.
ONE_NODE_EACH = {
    "AWS::Lambda::Function": ("Lambda function", "FunctionName"),
    "AWS::Lambda::Alias": ("Lambda alias", "Name"),
    "AWS::SNS::Topic": ("SNS topic", "DisplayName"),
}
# Nodes that refer to nearly everything: their arrows would hide the others.
NO_OUTGOING_ARROWS = {"dashboard", "logs"}
CDK_HASH = re.compile(r"[0-9A-F]{8}$")


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    in_alarms: bool = False


def mermaid_diagram(template: Template) -> str:
    """A ``flowchart`` of ``template``'s resources, in Mermaid's syntax."""
    found = resources(template)
    node_of = {logical_id: _node(logical_id, resource) for logical_id, resource in found.items()}
    counts = Counter(node.key for node in node_of.values() if node)
    nodes = {node.key: node for node in node_of.values() if node}
    arrows = sorted(
        {
            (source.key, node_of[target].key)  # type: ignore[union-attr]
            for logical_id, source in node_of.items()
            if source and source.key not in NO_OUTGOING_ARROWS
            for target in references(found[logical_id].get("Properties", {}))
            if node_of.get(target) and node_of[target].key != source.key  # type: ignore[union-attr]
        }
    )
    lines = ["flowchart LR"]
    lines += [f"    {_box(node, counts[node.key])}" for node in nodes.values() if not node.in_alarms]
    alarm_nodes = sorted((node for node in nodes.values() if node.in_alarms), key=lambda node: node.key)
    if alarm_nodes:
        lines.append('    subgraph alarms["CloudWatch alarms"]')
        lines += [f"        {_box(node, counts[node.key])}" for node in alarm_nodes]
        lines.append("    end")
    lines += [f"    {_id(source)} --> {_id(target)}" for source, target in arrows]
    return "\n".join(lines)


def _node(logical_id: str, resource: Mapping[str, Any]) -> Node | None:
    resource_type: str = resource["Type"]
    properties = resource.get("Properties", {})
    if resource_type.startswith(HIDDEN_PREFIXES) or resource_type in HIDDEN_TYPES:
        return None
    if resource_type in (ALARM, COMPOSITE_ALARM):
        return _alarm_node(properties)
    if resource_type in ONE_NODE_EACH:
        kind, name_property = ONE_NODE_EACH[resource_type]
        name = properties.get(name_property)
        return Node(f"{kind} {logical_id}", f"{kind}: {name if isinstance(name, str) else _readable(logical_id)}")
    for prefix, (key, label) in GROUPED_BY_PREFIX.items():
        if resource_type.startswith(prefix):
            return Node(key, label)
    return Node(resource_type, resource_type.removeprefix("AWS::"))


def _alarm_node(properties: Mapping[str, Any]) -> Node:
    severity = SEVERITY.match(str(properties.get("AlarmDescription", "")))
    if not properties.get("AlarmActions"):
        return Node("alarms-quiet", "window alarms, notify no one", in_alarms=True)
    if severity:
        return Node(f"alarms-{severity.group(1)}", f"{severity.group(1)} alarms", in_alarms=True)
    return Node("alarms-other", "other alarms", in_alarms=True)


def _readable(logical_id: str) -> str:
    """A logical ID without the hash the CDK appends: ``ApiFunction685AAB5B`` -> ``ApiFunction``."""
    return CDK_HASH.sub("", logical_id) or logical_id


def _id(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", key)


def _box(node: Node, count: int) -> str:
    if node.in_alarms:
        text = f"{node.label}: {count}"
    else:
        text = f"{node.label} ({count} resources)" if count > 1 else node.label
    return f'{_id(node.key)}["{text.replace(chr(34), "#quot;")}"]'


def architecture_page(templates: Mapping[str, Template]) -> str:
    lines = [
        "# Architecture",
        "",
        "Drawn from each environment's synthesized template (`cdk.out/`, written by `make synth`) when the",
        "site builds: a box per function, alias and topic, the alarms grouped by severity, the rest of the",
        "resources grouped by service (with their count); an arrow means that one refers to the other in",
        "the template. IAM roles and policies, Lambda permissions and CDK metadata are left out.",
        "",
    ]
    for environment, template in templates.items():
        lines += [f"## {environment}", "", "```mermaid", mermaid_diagram(template), "```", ""]
    return "\n".join(lines)
