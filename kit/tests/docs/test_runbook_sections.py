"""One runbook section per alarm, one alarm per section: the example's runbooks match, a change is caught."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.docs.runbook_sections import (
    RunbookMismatchError,
    check_runbook_sections,
    runbook_mismatches,
    section_anchors,
)


@pytest.fixture(scope="module")
def runbooks(example_service: ServiceDefinition) -> str:
    return (example_service.root / "docs" / "runbooks.md").read_text(encoding="utf-8")


def test_the_examples_runbooks_have_a_section_for_every_alarm_and_no_other(
    template_documents: dict[str, dict[str, Any]], runbooks: str
) -> None:
    assert runbook_mismatches(template_documents, runbooks) == []
    check_runbook_sections(template_documents, runbooks)


def test_an_alarm_without_its_section_is_named_per_environment(
    template_documents: dict[str, dict[str, Any]], runbooks: str
) -> None:
    without = runbooks.replace('<a id="api-4xx-rate"></a>', "")

    problems = runbook_mismatches(template_documents, without)

    assert problems == [
        f"{environment}: alarm greeting-service-{environment}-api-4xx-rate links #api-4xx-rate, a missing section"
        for environment in template_documents
    ]
    with pytest.raises(RunbookMismatchError, match="api-4xx-rate"):
        check_runbook_sections(template_documents, without)


def test_a_section_without_an_alarm_is_named(template_documents: dict[str, dict[str, Any]], runbooks: str) -> None:
    extra = runbooks + '\n<a id="queue-depth"></a>\n## Queue depth (P2)\n'

    assert runbook_mismatches(template_documents, extra) == ["runbook section #queue-depth belongs to no alarm"]


def test_an_alarm_whose_description_links_no_runbook_is_named(
    template_documents: dict[str, dict[str, Any]], runbooks: str
) -> None:
    prod = template_documents["prod"]
    resources = dict(prod["Resources"])
    logical_id, alarm = next(
        (key, value)
        for key, value in resources.items()
        if value["Type"] == "AWS::CloudWatch::Alarm" and value["Properties"].get("AlarmActions")
    )
    unlinked = {**alarm["Properties"], "AlarmDescription": "P2 (urgent). No link."}
    resources[logical_id] = {**alarm, "Properties": unlinked}

    problems = runbook_mismatches({"prod": {**prod, "Resources": resources}}, runbooks)

    assert f"prod: alarm {alarm['Properties']['AlarmName']} links no runbook section" in problems


def test_sections_are_the_anchors_of_the_page() -> None:
    assert section_anchors('<a id="a-b"></a>\n## A\n<a id="c"></a>\n') == {"a-b", "c"}
