"""Print the ARN of the account's GitHub OIDC provider, or nothing when it has none.

`make bootstrap-ci` passes it to the CI stack, which then imports the provider instead of failing to
create a second one (IAM holds one provider per issuer and account).

    service-kit github-oidc-provider
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from lambda_service_kit.constructs.github_deploy import GITHUB_ISSUER


def existing_provider(iam: Any) -> str:
    """The ARN of the provider for GitHub's issuer, or "" (ARNs end in ``oidc-provider/<issuer host>``)."""
    for provider in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]:
        if provider["Arn"].endswith(f":oidc-provider/{GITHUB_ISSUER}"):
            return str(provider["Arn"])
    return ""


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="service-kit github-oidc-provider", description=__doc__.split("\n\n")[0]).parse_args(
        argv
    )
    try:
        print(existing_provider(boto3.client("iam")))
    except (ClientError, BotoCoreError) as error:
        print(f"service-kit github-oidc-provider: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
