"""GitHub Actions deploys with OIDC: the account's GitHub identity provider and one deploy role per environment.

The role trusts tokens of one repository's workflow jobs that run in the GitHub environment of the same
name (``repo:<owner>/<name>:environment:<env>``) and may do three things: assume the CDK bootstrap roles
(which deploy, publish assets and look up context), read its environment's stack (outputs, for
``make rollback``), and call its environment's stage (the deployed tests sign their requests). No keys.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, CfnOutput, Duration, Stack, Token
from aws_cdk import aws_iam as iam
from aws_cdk.region_info import RegionInfo
from constructs import Construct

from lambda_service_kit.config import CiConfig, ServiceConfig
from lambda_service_kit.constructs.compliance import acknowledge

GITHUB_ISSUER = "token.actions.githubusercontent.com"
STS_AUDIENCE = "sts.amazonaws.com"
# The roles `cdk bootstrap` creates, which the CLI assumes to deploy, upload assets and read context.
BOOTSTRAP_ROLES = ("deploy", "file-publishing", "lookup")


def github_oidc_provider(scope: Construct, construct_id: str, *, ci: CiConfig) -> str:
    """The ARN of the account's GitHub OIDC provider: ``ci``'s, else a new one (CloudFormation's own type)."""
    if ci.oidc_provider_arn:
        return ci.oidc_provider_arn
    provider = iam.CfnOIDCProvider(scope, construct_id, url=f"https://{GITHUB_ISSUER}", client_id_list=[STS_AUDIENCE])
    return provider.attr_arn


class GitHubDeployRole(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: ServiceConfig, ci: CiConfig, provider_arn: str
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.role = iam.Role(
            self,
            "Role",
            role_name=f"{config.stack_name}-github-deploy",
            description=f"GitHub Actions of {ci.github_repository} deploy {config.stack_name}",
            max_session_duration=Duration.hours(1),
            assumed_by=iam.WebIdentityPrincipal(
                provider_arn,
                conditions={
                    "StringEquals": {
                        f"{GITHUB_ISSUER}:aud": STS_AUDIENCE,
                        f"{GITHUB_ISSUER}:sub": f"repo:{ci.github_repository}:environment:{config.environment}",
                    }
                },
            ),
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["sts:AssumeRole"],
                resources=[
                    stack.format_arn(
                        service="iam",
                        region="",
                        resource="role",
                        resource_name=f"cdk-{ci.cdk_qualifier}-{kind}-role-{stack.account}-{stack.region}",
                    )
                    for kind in BOOTSTRAP_ROLES
                ],
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["cloudformation:DescribeStacks"],
                resources=[
                    stack.format_arn(service="cloudformation", resource="stack", resource_name=f"{config.stack_name}/*")
                ],
            )
        )
        invoke_stage = stack.format_arn(
            service="execute-api",
            resource="*",
            resource_name=f"{config.environment}/*",
            arn_format=ArnFormat.SLASH_RESOURCE_NAME,
        )
        self.role.add_to_policy(iam.PolicyStatement(actions=["execute-api:Invoke"], resources=[invoke_stage]))
        for service, resource, reason in (
            (
                "cloudformation",
                f"stack/{config.stack_name}/*",
                "The stack's id ends in a UUID CloudFormation picks at creation; the name before it is this "
                "environment's.",
            ),
            (
                "execute-api",
                f"*/{config.environment}/*",
                "The deployed tests call the stage this role's environment names; the API's id is only known once "
                "the service stack exists, which this stack must not depend on.",
            ),
        ):
            for arn_start in _as_nag_reads(stack, service):
                acknowledge(self.role, f"AwsSolutions-IAM5[Resource::{arn_start}:{resource}]", reason)
        CfnOutput(
            self, "RoleArn", value=self.role.role_arn, description="AWS_DEPLOY_ROLE_ARN of the GitHub environment."
        )


def _as_nag_reads(stack: Stack, service: str) -> list[str]:
    """The starts of an ARN of ``service`` in ``stack``'s account and region, as cdk-nag may write them in a
    finding: the partition is a literal when the region is known and the app enables partition literals."""
    region = "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
    account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
    partitions = ["<AWS::Partition>"]
    if not Token.is_unresolved(stack.region) and (partition := RegionInfo.get(stack.region).partition):
        partitions.append(partition)
    return [f"arn:{partition}:{service}:{region}:{account}" for partition in partitions]
