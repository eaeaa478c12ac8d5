"""cdk-nag's AwsSolutions and Serverless packs run on every synth; findings fail it.

A finding is either fixed or acknowledged on the one construct it concerns, with a reason a
reviewer can check: ``acknowledge(construct, "AwsSolutions-APIG4", "why")``. There is no
stack- or app-wide acknowledgement. `cdk synth` (and `service-kit synth`) exits non-zero while any
finding is left; the kit's ``tests/constructs/test_compliance.py`` checks the template's example stack.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, App, Validations
from cdk_nag import AwsSolutionsChecks, ServerlessChecks
from constructs import IConstruct

MIN_REASON_LENGTH = 20


def add_compliance_checks(app: App) -> None:
    """Run the AwsSolutions and Serverless rule packs on everything in ``app`` at synth."""
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    """Accept one rule's finding on one construct, e.g. ``rule="AwsSolutions-IAM5[Resource::*]"``.

    CDK matches acknowledgements to findings by rule id alone, whatever the construct; the kit's
    ``tests/constructs/test_compliance.py`` checks that every acknowledged finding lies under a
    construct that acknowledged it, so an acknowledgement cannot silence the same rule elsewhere.
    """
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValueError(f"acknowledging {rule} needs a reason a reviewer can check, got {reason!r}")
    pack = rule.split("-", 1)[0]
    qualified_id = f"{pack}::{rule}"
    if "::" in rule:
        # A granular finding (AwsSolutions-IAM5[Resource::*]): Validations.acknowledge refuses a second "::"
        # in an id, so record the acknowledgement as it would, in the construct's metadata.
        construct.node.add_metadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {qualified_id: reason})
    else:
        Validations.of(construct).acknowledge(Acknowledgment(id=qualified_id, reason=reason))
