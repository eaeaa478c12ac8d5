"""The configuration reference: the answers (``service.toml``) and every value of every environment
(``infra/config.py``), read from the typed configuration, so a new field or a changed value shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.docs.markdown import table


def configuration_page(service: ServiceDefinition, environments: Mapping[str, ServiceConfig]) -> str:
    answers = [
        [f"`{field.name}`", _value(getattr(service, field.name))]
        for field in dataclasses.fields(service)
        if field.name != "root"
    ]
    lines = [
        "# Configuration reference",
        "",
        "Generated when the site builds from `service.toml` (the answers, read once) and `infra/config.py`",
        "(one `ServiceConfig` per environment). Edit those files; this page follows.",
        "",
        "## Answers (`service.toml`)",
        "",
        table(["answer", "value"], answers),
        "",
    ]
    for section, rows in _sections(environments).items():
        lines += [f"## `{section}`", "", table(["field", *[f"`{name}`" for name in environments]], rows), ""]
    return "\n".join(lines)


def _sections(environments: Mapping[str, ServiceConfig]) -> dict[str, list[list[str]]]:
    """``{"function": [[field, dev value, prod value], ...], "observability.slo": [...], ...}``."""
    flattened = {name: _flatten(config) for name, config in environments.items()}
    sections: dict[str, list[list[str]]] = {}
    for key in next(iter(flattened.values()), {}):
        section, _, field = key.rpartition(".")
        row = [f"`{field}`", *[_value(values.get(key)) for values in flattened.values()]]
        sections.setdefault(section or "environment", []).append(row)
    return sections


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        if field.name in ("service", "environment"):  # the answers have a section; the environment is a column
            continue
        item = getattr(value, field.name)
        key = f"{prefix}{field.name}"
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            flat.update(_flatten(item, f"{key}."))
        else:
            flat[key] = item
    return flat


def _value(value: Any) -> str:
    if value is None:
        return "none"
    return f"`{value}`"
