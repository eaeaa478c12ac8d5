"""The alarm catalogue: a section per environment, a row per notifying alarm, linked to its runbook."""

from __future__ import annotations

from typing import Any

from lambda_service_kit.docs.alarm_catalogue import alarm_catalogue
from lambda_service_kit.docs.stack_template import notifying_alarms


def test_every_alarm_of_every_environment_has_a_row_with_its_runbook_link(
    template_documents: dict[str, dict[str, Any]],
) -> None:
    page = alarm_catalogue(template_documents, runbooks_page="runbooks.md")

    for environment, template in template_documents.items():
        section = page.partition(f"## {environment}\n")[2].partition("\n## ")[0]
        alarms = notifying_alarms(template)
        assert f"{len(alarms)} alarms." in section
        for alarm in alarms:
            row = next(line for line in section.splitlines() if line.startswith(f"| `{alarm.name}` |"))
            assert f"| {alarm.severity} |" in row
            assert f"[{alarm.runbook_anchor}](runbooks.md#{alarm.runbook_anchor})" in row
            assert all(topic in row for topic in alarm.topics)
