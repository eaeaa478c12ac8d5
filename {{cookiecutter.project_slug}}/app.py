"""CDK entry point: one stack per environment, from infra/config.py."""

from __future__ import annotations

import aws_cdk as cdk
from lambda_service_kit.constructs import add_compliance_checks

from infra.ci_stack import CiStack
from infra.config import CI, ENVIRONMENTS
from infra.service_stack import ServiceStack

# `make deploy-local` sets it: LocalStack has no CodeDeploy, so the alias moves to each new version at once.
NO_TRAFFIC_SHIFTING = "no-traffic-shifting"


def build_app() -> cdk.App:
    app = cdk.App()
    without_shifting = str(app.node.try_get_context(NO_TRAFFIC_SHIFTING)).lower() == "true"
    for config in ENVIRONMENTS.values():
        deployed = config.without_traffic_shifting() if without_shifting else config
        # A blank account or region is the deploying credentials' (infra/config.py, target).
        environment = cdk.Environment(account=deployed.account, region=deployed.region or None)
        ServiceStack(app, deployed.stack_name, config=deployed, env=environment)
        # `make bootstrap-ci ENV=...` deploys it once per environment, before the deploy workflow runs.
        CiStack(app, f"{deployed.stack_name}-ci", config=deployed, ci=CI, env=environment)
    add_compliance_checks(app)
    return app


if __name__ == "__main__":
    build_app().synth()
