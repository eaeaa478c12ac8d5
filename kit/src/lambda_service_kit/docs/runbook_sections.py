"""One runbook section per alarm and one alarm per runbook section, in every environment's template."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lambda_service_kit.docs.stack_template import Template, notifying_alarms

SECTION_ANCHOR = re.compile(r'<a id="([A-Za-z0-9_-]+)"></a>')


class RunbookMismatchError(ValueError):
    """An alarm without a runbook section, or a section no alarm links to."""


def section_anchors(runbooks: str) -> set[str]:
    """The sections of the runbooks page: each starts with ``<a id="<anchor>"></a>``."""
    return set(SECTION_ANCHOR.findall(runbooks))


def runbook_mismatches(templates: Mapping[str, Template], runbooks: str) -> list[str]:
    """What is wrong between the alarms and the runbooks page, one line each; empty when they match."""
    sections = section_anchors(runbooks)
    linked: set[str] = set()
    problems = []
    for environment, template in templates.items():
        for alarm in notifying_alarms(template):
            if alarm.runbook_anchor is None:
                problems.append(f"{environment}: alarm {alarm.name} links no runbook section")
                continue
            linked.add(alarm.runbook_anchor)
            if alarm.runbook_anchor not in sections:
                problems.append(f"{environment}: alarm {alarm.name} links #{alarm.runbook_anchor}, a missing section")
    problems += [f"runbook section #{anchor} belongs to no alarm" for anchor in sorted(sections - linked)]
    return problems


def check_runbook_sections(templates: Mapping[str, Template], runbooks: str) -> None:
    problems = runbook_mismatches(templates, runbooks)
    if problems:
        raise RunbookMismatchError("runbooks and alarms disagree:\n  " + "\n  ".join(problems))
