"""What GitHub Actions needs to deploy one environment, with no stored keys: `make bootstrap-ci ENV=...`.

The account's GitHub OIDC provider (imported when it has one) and the environment's deploy role, which
only the repository's jobs in the GitHub environment of the same name can assume (.github/workflows/deploy.yml).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aws_cdk import Stack
from constructs import Construct
from lambda_service_kit.config import CiConfig, ServiceConfig
from lambda_service_kit.constructs import GitHubDeployRole, apply_service_tags, github_oidc_provider

# `make bootstrap-ci` sets it to the provider the account has already (blank: none, create it).
EXISTING_PROVIDER_CONTEXT = "github-oidc-provider-arn"


class CiStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: ServiceConfig, ci: CiConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, description=f"GitHub Actions deploy {config.stack_name}", **kwargs)
        existing = self.node.try_get_context(EXISTING_PROVIDER_CONTEXT)
        if existing and not ci.oidc_provider_arn:
            ci = replace(ci, oidc_provider_arn=existing)
        provider_arn = github_oidc_provider(self, "GitHubOidcProvider", ci=ci)
        self.deploy_role = GitHubDeployRole(self, "Deploy", config=config, ci=ci, provider_arn=provider_arn).role
        apply_service_tags(self, config)
