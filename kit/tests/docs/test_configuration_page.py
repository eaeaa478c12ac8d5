"""The configuration reference: every answer and every field of every environment, as configured."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.docs.configuration_page import configuration_page


def test_every_answer_and_every_section_field_is_listed(
    example_service: ServiceDefinition, example_environments: dict[str, ServiceConfig]
) -> None:
    page = configuration_page(example_service, example_environments)

    assert f"| `region` | `{example_service.region}` |" in page
    assert "| `root` |" not in page
    for section in ("function", "api", "observability", "cost", "security"):
        assert f"## `{section}`" in page
        for field in dataclasses.fields(getattr(example_environments["prod"], section)):
            nested = dataclasses.is_dataclass(getattr(getattr(example_environments["prod"], section), field.name))
            assert (f"## `{section}.{field.name}`" if nested else f"| `{field.name}` |") in page
    assert "## `observability.slo`" in page


def test_a_changed_value_shows_in_its_environments_column(
    example_service: ServiceDefinition, example_environments: dict[str, ServiceConfig]
) -> None:
    prod = example_environments["prod"]
    changed = {**example_environments, "prod": replace(prod, function=replace(prod.function, memory_mb=1769))}

    page = configuration_page(example_service, changed)

    memory = [f"`{config.function.memory_mb}`" for config in changed.values()]
    assert f"| `memory_mb` | {' | '.join(memory)} |" in page
    assert "`1769`" in memory
