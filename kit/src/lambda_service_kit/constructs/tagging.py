"""Tags on every taggable resource: who owns and pays for it, which service and environment it belongs to.

They double as cost-allocation tags: activate ``service``, ``environment``, ``owner`` and
``cost-center`` once in the Billing console (README.md, "Cost") and Cost Explorer, the budgets and the
anomaly monitor can split the bill by them.
"""

from __future__ import annotations

import re

from aws_cdk import Tags
from constructs import IConstruct

from lambda_service_kit.config import ServiceConfig

MAX_TAG_VALUE_LENGTH = 256
# AWS tag values allow letters and digits of any script, spaces and _ . : / = + - @
_REFUSED_IN_TAG_VALUES = re.compile(r"[^\w\s.:/=+\-@]")


def aws_tag_value(text: str) -> str:
    """``text`` with the characters AWS refuses in tag values removed, whitespace collapsed."""
    kept = _REFUSED_IN_TAG_VALUES.sub("", text)
    return " ".join(kept.split())[:MAX_TAG_VALUE_LENGTH]


def service_tags(config: ServiceConfig) -> dict[str, str]:
    return {
        "service": config.service_name,
        "environment": config.environment,
        "owner": aws_tag_value(config.owner),
        "cost-center": aws_tag_value(config.cost.cost_center),
    }


def apply_service_tags(scope: IConstruct, config: ServiceConfig) -> None:
    for key, value in service_tags(config).items():
        Tags.of(scope).add(key, value)
