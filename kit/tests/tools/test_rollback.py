"""``service-kit rollback`` against botocore's Stubber: every request and response is checked against the
services' own models (CloudFormation, CodeDeploy, Lambda), so the shapes are the ones AWS answers with.

The stack outputs it reads are the ones SafeDeployment writes (tests/constructs/test_safe_deployment.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.tools import rollback
from lambda_service_kit.tools.rollback import Clients, RollbackError

STACK = "greeting-service-prod"
FUNCTION = "greeting-service-prod-ApiFunction1A2B3C4D-abcdefgh"
STACK_ID = f"arn:aws:cloudformation:eu-west-1:123456789012:stack/{STACK}/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
SHIFTING_OUTPUTS = {
    "DeployFunctionName": FUNCTION,
    "DeployAliasName": "live",
    "DeployDeploymentApplication": STACK,
    "DeployDeploymentGroupName": f"{STACK}-api",
}


class Stubbed:
    """Real boto3 clients, each answering from a queue of stubbed responses, in order."""

    def __init__(self) -> None:
        session = boto3.Session(
            region_name="eu-west-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",  # noqa: S106 - stubbed
        )
        self.clients = Clients(session.client("cloudformation"), session.client("codedeploy"), session.client("lambda"))
        self.cloudformation = Stubber(self.clients.cloudformation)
        self.codedeploy = Stubber(self.clients.codedeploy)
        self.lambda_ = Stubber(self.clients.lambda_)

    def stack(self, outputs: dict[str, str]) -> None:
        self.cloudformation.add_response(
            "describe_stacks",
            {
                "Stacks": [
                    {
                        "StackId": STACK_ID,
                        "StackName": STACK,
                        "CreationTime": "2026-11-30T09:00:00Z",
                        "StackStatus": "UPDATE_COMPLETE",
                        "Outputs": [{"OutputKey": key, "OutputValue": value} for key, value in outputs.items()],
                    }
                ]
            },
            {"StackName": STACK},
        )

    def deployments(self, *ids: str) -> None:
        self.codedeploy.add_response(
            "list_deployments",
            {"deployments": list(ids)},
            {
                "applicationName": STACK,
                "deploymentGroupName": f"{STACK}-api",
                "includeOnlyStatuses": rollback.IN_FLIGHT,
            },
        )

    def alias_at(self, version: str) -> None:
        self.lambda_.add_response(
            "get_alias",
            {
                "AliasArn": f"arn:aws:lambda:eu-west-1:123456789012:function:{FUNCTION}:live",
                "Name": "live",
                "FunctionVersion": version,
            },
            {"FunctionName": FUNCTION, "Name": "live"},
        )

    def versions(self, *versions: str) -> None:
        self.lambda_.add_response(
            "list_versions_by_function",
            {"Versions": [{"FunctionName": FUNCTION, "Version": version} for version in versions]},
            {"FunctionName": FUNCTION},
        )

    def alias_moved_to(self, version: str) -> None:
        self.lambda_.add_response(
            "update_alias",
            {"Name": "live", "FunctionVersion": version, "RoutingConfig": {"AdditionalVersionWeights": {}}},
            {
                "FunctionName": FUNCTION,
                "Name": "live",
                "FunctionVersion": version,
                "RoutingConfig": {"AdditionalVersionWeights": {}},
            },
        )


@pytest.fixture
def aws() -> Iterator[Stubbed]:
    stubbed = Stubbed()
    with ExitStack() as stack:
        for stubber in (stubbed.cloudformation, stubbed.codedeploy, stubbed.lambda_):
            stack.enter_context(stubber)
        yield stubbed
        for stubber in (stubbed.cloudformation, stubbed.codedeploy, stubbed.lambda_):
            stubber.assert_no_pending_responses()


def test_a_deployment_in_flight_is_stopped_with_rollback(aws: Stubbed) -> None:
    aws.stack(SHIFTING_OUTPUTS)
    aws.deployments("d-ABCDEF123")
    aws.codedeploy.add_response(
        "stop_deployment",
        {"status": "Pending", "statusMessage": "Stopping"},
        {"deploymentId": "d-ABCDEF123", "autoRollbackEnabled": True},
    )

    said = rollback.rollback(aws.clients, STACK)

    assert "Stopped deployment d-ABCDEF123" in said
    assert "with rollback" in said


@pytest.mark.parametrize(("chosen", "expected"), [(None, "6"), (5, "5")], ids=["previous", "chosen"])
def test_without_a_deployment_in_flight_the_alias_returns_to_an_earlier_version(
    aws: Stubbed, chosen: int | None, expected: str
) -> None:
    aws.stack(SHIFTING_OUTPUTS)
    aws.deployments()
    aws.alias_at("7")
    aws.versions("$LATEST", "5", "6", "7")
    aws.alias_moved_to(expected)

    said = rollback.rollback(aws.clients, STACK, version=chosen)

    assert f"now sends all traffic to version {expected} (it served 7)" in said


def test_a_stack_without_codedeploy_rolls_the_alias_back_without_asking_it(aws: Stubbed) -> None:
    aws.stack({"DeployFunctionName": FUNCTION, "DeployAliasName": "live"})
    aws.alias_at("3")
    aws.versions("$LATEST", "2", "3")
    aws.alias_moved_to("2")

    assert "version 2 (it served 3)" in rollback.rollback(aws.clients, STACK)


def test_the_first_version_has_nothing_to_return_to(aws: Stubbed) -> None:
    aws.stack(SHIFTING_OUTPUTS)
    aws.deployments()
    aws.alias_at("1")
    aws.versions("$LATEST", "1")

    with pytest.raises(RollbackError, match="no earlier version"):
        rollback.rollback(aws.clients, STACK)


def test_a_version_that_was_never_published_is_refused(aws: Stubbed) -> None:
    aws.stack(SHIFTING_OUTPUTS)
    aws.deployments()
    aws.alias_at("7")
    aws.versions("$LATEST", "6", "7")

    with pytest.raises(RollbackError, match="has no version 4"):
        rollback.rollback(aws.clients, STACK, version=4)


def test_a_version_is_not_chosen_while_codedeploy_is_shifting(aws: Stubbed) -> None:
    aws.stack(SHIFTING_OUTPUTS)
    aws.deployments("d-ABCDEF123")

    with pytest.raises(RollbackError, match="in flight"):
        rollback.rollback(aws.clients, STACK, version=5)


def test_a_stack_not_built_by_safe_deployment_is_refused(aws: Stubbed) -> None:
    aws.stack({"ApiUrl": "https://example.execute-api.eu-west-1.amazonaws.com/prod/"})

    with pytest.raises(RollbackError, match="no output DeployFunctionName, DeployAliasName"):
        rollback.rollback(aws.clients, STACK)


def test_the_command_reports_an_aws_error_in_one_line(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stubbed = Stubbed()
    stubbed.cloudformation.add_client_error(
        "describe_stacks", "ValidationError", f"Stack with id {STACK} does not exist", 400
    )
    monkeypatch.chdir(Path(example_service.root))
    monkeypatch.setattr(Clients, "for_region", classmethod(lambda cls, region: stubbed.clients))

    with stubbed.cloudformation:
        assert rollback.main(["--env", "prod"]) == 1

    assert capsys.readouterr().err.strip() == (
        f"service-kit rollback: {STACK}: An error occurred (ValidationError) when calling the DescribeStacks "
        f"operation: Stack with id {STACK} does not exist"
    )
