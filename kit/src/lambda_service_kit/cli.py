"""``service-kit``: the developer tools a service's Makefile calls, one subcommand each.

Every subcommand works on the service in the working directory (its ``service.toml``)::

    service-kit build [--host]          the Lambda asset (.build/lambda), without Docker
    service-kit synth                   every environment's template into cdk.out/, without the CDK CLI
    service-kit local [--env dev]       the API on 127.0.0.1 from cdk.out
    service-kit invoke GET /health      the handler, called in this process
    service-kit cost --stack NAME       what a synthesized stack costs, before deploy
    service-kit openapi [--check]       the API's OpenAPI document (openapi.json) from the routes
    service-kit openapi-diff BASE NEW   fail on a breaking change from one OpenAPI document to another
    service-kit secrets                 fail on a file that looks like it holds a secret
    service-kit doc-paths [ROOT]        fail on a path the docs name that does not exist
    service-kit localstack-url NAME     the LocalStack URL of a deployed stack's API
    service-kit loadtest --profile P    a Locust load profile, judged against the SLOs
    service-kit gameday --scenario S    a game day rehearsed locally: load, inject, which alarms fire
    service-kit rollback [--env prod]   send an environment's traffic back to the previous version
    service-kit github-oidc-provider    the account's GitHub OIDC provider, if it has one
    service-kit stack-name [--env dev]  the CloudFormation stack of an environment
    service-kit region                  the region the service deploys to
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from lambda_service_kit import __version__
from lambda_service_kit.config import ServiceFileError
from lambda_service_kit.project import UnknownEnvironmentError, current_service, environment

# Subcommand -> module whose main(argv) runs it; imported only when called, so each starts quickly.
TOOLS = {
    "build": "lambda_service_kit.tools.build_lambda_asset",
    "synth": "lambda_service_kit.tools.synth",
    "local": "lambda_service_kit.tools.local_api.__main__",
    "invoke": "lambda_service_kit.tools.invoke",
    "cost": "lambda_service_kit.tools.cost_report",
    "openapi": "lambda_service_kit.tools.openapi",
    "openapi-diff": "lambda_service_kit.tools.openapi_diff",
    "secrets": "lambda_service_kit.tools.scan_secrets",
    "doc-paths": "lambda_service_kit.tools.doc_paths",
    "localstack-url": "lambda_service_kit.tools.localstack_api_url",
    "loadtest": "lambda_service_kit.tools.loadtest",
    "gameday": "lambda_service_kit.tools.gameday",
    "rollback": "lambda_service_kit.tools.rollback",
    "github-oidc-provider": "lambda_service_kit.tools.github_oidc",
}


def stack_name(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="service-kit stack-name", description="Print an environment's stack name.")
    parser.add_argument("--env", default="dev")
    print(environment(current_service(), parser.parse_args(argv).env).stack_name)
    return 0


def region(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="service-kit region", description="Print the service's region.").parse_args(argv)
    print(current_service().region)
    return 0


QUERIES: dict[str, Callable[[list[str]], int]] = {"stack-name": stack_name, "region": region}


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    commands = [*TOOLS, *QUERIES]
    if not arguments or arguments[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if arguments[0] == "--version":
        print(f"lambda-service-kit {__version__}")
        return 0
    command, rest = arguments[0], arguments[1:]
    if command not in QUERIES and command not in TOOLS:
        print(f"service-kit: unknown command {command!r}; one of: {', '.join(commands)}", file=sys.stderr)
        return 2
    try:
        return _run(command, rest)
    except (ServiceFileError, UnknownEnvironmentError) as error:
        print(f"service-kit {command}: {error}", file=sys.stderr)
        return 2


def _run(command: str, rest: list[str]) -> int:
    if command in QUERIES:
        return QUERIES[command](rest)
    sys.argv = [f"service-kit {command}", *rest]
    tool_main: Callable[[list[str] | None], int] = importlib.import_module(TOOLS[command]).main
    return tool_main(rest)


if __name__ == "__main__":
    sys.exit(main())
