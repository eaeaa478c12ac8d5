"""The alarm catalogue: every alarm that notifies someone, per environment, read from the synthesized
templates: severity, condition, topic and runbook section."""

from __future__ import annotations

from collections.abc import Mapping

from lambda_service_kit.docs.markdown import table
from lambda_service_kit.docs.stack_template import Template, notifying_alarms


def alarm_catalogue(templates: Mapping[str, Template], *, runbooks_page: str) -> str:
    lines = [
        "# Alarm catalogue",
        "",
        "Generated from the synthesized templates (`cdk.out/`, written by `make synth`) when the site builds:",
        "every alarm that notifies someone, its severity, when it fires, the SNS topic it notifies and the",
        f"[runbook]({runbooks_page}) section its description links to. Alarms that only feed a composite",
        "alarm notify no one; they appear in the condition of the composite.",
        "",
    ]
    for environment, template in templates.items():
        alarms = notifying_alarms(template)
        lines += [
            f"## {environment}",
            "",
            f"{len(alarms)} alarms.",
            "",
            table(
                ["alarm", "severity", "fires when", "notifies", "runbook"],
                [
                    [
                        f"`{alarm.name}`",
                        alarm.severity or "none",
                        alarm.condition,
                        ", ".join(alarm.topics),
                        f"[{alarm.runbook_anchor}]({runbooks_page}#{alarm.runbook_anchor})"
                        if alarm.runbook_anchor
                        else "none",
                    ]
                    for alarm in alarms
                ],
            ),
            "",
        ]
    return "\n".join(lines)
