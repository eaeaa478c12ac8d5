"""LogQueries: the saved Logs Insights questions of every incident, over the right log groups."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig

from tests.constructs.cloudformation import only


def queries_by_name(template: Template, config: ServiceConfig) -> dict[str, dict]:
    return {
        query["Properties"]["Name"].removeprefix(f"{config.stack_name}/"): query["Properties"]
        for query in template.find_resources("AWS::Logs::QueryDefinition").values()
    }


def test_the_queries_cover_errors_latency_cold_starts_and_one_request(
    template: Template, config: ServiceConfig
) -> None:
    assert set(queries_by_name(template, config)) == {
        "errors by route",
        "slowest requests",
        "cold starts",
        "one request (replace REQUEST_ID)",
    }


def test_each_query_searches_the_log_groups_that_hold_its_answer(template: Template, config: ServiceConfig) -> None:
    access_logs, _ = only(template, "AWS::Logs::LogGroup", under="ApiAccessLogs")
    function_logs, _ = only(template, "AWS::Logs::LogGroup", under="ApiFunction")
    queries = queries_by_name(template, config)

    assert queries["errors by route"]["LogGroupNames"] == [{"Ref": access_logs}]
    assert queries["slowest requests"]["LogGroupNames"] == [{"Ref": access_logs}]
    assert queries["cold starts"]["LogGroupNames"] == [{"Ref": function_logs}]
    assert queries["one request (replace REQUEST_ID)"]["LogGroupNames"] == [
        {"Ref": access_logs},
        {"Ref": function_logs},
    ]
    assert "filter status >= 400" in queries["errors by route"]["QueryString"]
    assert "REQUEST_ID" in queries["one request (replace REQUEST_ID)"]["QueryString"]
