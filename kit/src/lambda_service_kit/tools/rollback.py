"""``make rollback ENV=...``: send an environment's traffic back to the version that served it before.

Reads the deployed stack's outputs (``SafeDeployment`` writes them), then:

- a CodeDeploy deployment in flight: stop it with rollback; CodeDeploy moves the alias back itself;
- none in flight: point the ``live`` alias at the previous published version (or ``--version N``),
  all of the traffic at once.

The rolled-back alias stays there until the next deploy of a new version shifts traffic again; the
service's runbook (docs/runbooks.md, "Roll back a deploy") says when to use which.

    service-kit rollback --env prod [--version 41]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from lambda_service_kit.project import current_service, environment

# SafeDeployment's stack outputs (lambda_service_kit.constructs.safe_deployment).
FUNCTION_OUTPUT = "DeployFunctionName"
ALIAS_OUTPUT = "DeployAliasName"
APPLICATION_OUTPUT = "DeployDeploymentApplication"
GROUP_OUTPUT = "DeployDeploymentGroupName"
# A deployment in any of these can still be stopped.
IN_FLIGHT = ["Created", "Queued", "InProgress", "Baking", "Ready"]


class RollbackError(RuntimeError):
    """Nothing to roll back to, or the stack is not one SafeDeployment built."""


@dataclass(frozen=True)
class Clients:
    cloudformation: Any
    codedeploy: Any
    lambda_: Any

    @classmethod
    def for_region(cls, region: str | None) -> Clients:
        session = boto3.Session(region_name=region or None)
        return cls(session.client("cloudformation"), session.client("codedeploy"), session.client("lambda"))


def stack_outputs(clients: Clients, stack_name: str) -> dict[str, str]:
    (stack,) = clients.cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    outputs = {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}
    missing = [key for key in (FUNCTION_OUTPUT, ALIAS_OUTPUT) if key not in outputs]
    if missing:
        raise RollbackError(f"{stack_name} has no output {', '.join(missing)}: was it deployed with SafeDeployment?")
    return outputs


def deployments_in_flight(clients: Clients, outputs: dict[str, str]) -> list[str]:
    if APPLICATION_OUTPUT not in outputs:  # the strategy is "off": no CodeDeploy group
        return []
    response = clients.codedeploy.list_deployments(
        applicationName=outputs[APPLICATION_OUTPUT],
        deploymentGroupName=outputs[GROUP_OUTPUT],
        includeOnlyStatuses=IN_FLIGHT,
    )
    deployments: list[str] = response["deployments"]
    return deployments


def published_versions(clients: Clients, function_name: str) -> list[int]:
    versions: list[int] = []
    paginator = clients.lambda_.get_paginator("list_versions_by_function")
    for page in paginator.paginate(FunctionName=function_name):
        versions += [int(version["Version"]) for version in page["Versions"] if version["Version"].isdigit()]
    return sorted(versions)


def rollback(clients: Clients, stack_name: str, *, version: int | None = None) -> str:
    """Roll ``stack_name``'s traffic back; return what was done, in a sentence."""
    outputs = stack_outputs(clients, stack_name)
    function_name, alias_name = outputs[FUNCTION_OUTPUT], outputs[ALIAS_OUTPUT]
    in_flight = deployments_in_flight(clients, outputs)
    if in_flight and version is None:
        for deployment_id in in_flight:
            clients.codedeploy.stop_deployment(deploymentId=deployment_id, autoRollbackEnabled=True)
        return (
            f"Stopped deployment {', '.join(in_flight)} of {stack_name} with rollback: CodeDeploy returns "
            f"alias {alias_name} to the version it served before."
        )
    if in_flight:
        raise RollbackError(
            f"deployment {', '.join(in_flight)} of {stack_name} is in flight: run without --version to stop it "
            "with rollback, then choose a version."
        )
    current = int(clients.lambda_.get_alias(FunctionName=function_name, Name=alias_name)["FunctionVersion"])
    versions = published_versions(clients, function_name)
    if version is None:
        earlier = [number for number in versions if number < current]
        if not earlier:
            raise RollbackError(f"alias {alias_name} serves version {current} of {function_name}: no earlier version")
        version = earlier[-1]
    elif version not in versions:
        raise RollbackError(f"{function_name} has no version {version} (published: {versions})")
    clients.lambda_.update_alias(
        FunctionName=function_name,
        Name=alias_name,
        FunctionVersion=str(version),
        RoutingConfig={"AdditionalVersionWeights": {}},
    )
    return (
        f"Alias {alias_name} of {function_name} now sends all traffic to version {version} (it served {current}); "
        "the next deploy of a new version shifts traffic again."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="service-kit rollback", description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", default="dev")
    parser.add_argument("--version", type=int, help="the published version to return to (default: the previous one)")
    arguments = parser.parse_args(argv)
    config = environment(current_service(), arguments.env)
    try:
        print(rollback(Clients.for_region(config.region), config.stack_name, version=arguments.version))
    except (RollbackError, ClientError, BotoCoreError) as error:
        print(f"service-kit rollback: {config.stack_name}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
