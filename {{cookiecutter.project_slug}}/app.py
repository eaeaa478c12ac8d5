"""CDK entry point: one stack per environment, from infra/config.py."""

from __future__ import annotations

import aws_cdk as cdk
from lambda_service_kit.constructs import add_compliance_checks

from infra.config import ENVIRONMENTS
from infra.service_stack import ServiceStack


def build_app() -> cdk.App:
    app = cdk.App()
    for config in ENVIRONMENTS.values():
        ServiceStack(app, config.stack_name, config=config, env=cdk.Environment(region=config.region))
    add_compliance_checks(app)
    return app


if __name__ == "__main__":
    build_app().synth()
