"""Saved CloudWatch Logs Insights queries: the questions asked in every incident.

Function log groups are collected as the stack's functions are discovered, so a
function added later is searched too.
"""

from __future__ import annotations

import jsii
from aws_cdk import IStableListProducer, Lazy
from aws_cdk import aws_logs as logs
from constructs import Construct

from lambda_service_kit.config import ServiceConfig

ERRORS_BY_ROUTE = """fields @timestamp, httpMethod, resourcePath, status
| filter status >= 400
| stats count(*) as requests by status, httpMethod, resourcePath
| sort requests desc"""

SLOWEST_REQUESTS = """fields @timestamp, requestId, httpMethod, resourcePath, status,
  responseLatency, integrationLatency
| sort responseLatency desc
| limit 50"""

COLD_STARTS = """filter type = "platform.report" and ispresent(record.metrics.initDurationMs)
| stats count(*) as cold_starts, avg(record.metrics.initDurationMs) as avg_init_ms,
  max(record.metrics.initDurationMs) as max_init_ms by bin(1h)"""

ONE_REQUEST = """fields @timestamp, @log, level, message, status, resourcePath
| filter correlation_id = "REQUEST_ID" or requestId = "REQUEST_ID" or trace_id = "REQUEST_ID"
  or xray_trace_id = "REQUEST_ID" or xrayTraceId = "REQUEST_ID"
| sort @timestamp asc"""


@jsii.implements(IStableListProducer)
class _LogGroupNames:
    """Log group names known at construction, then those of functions found later."""

    def __init__(self, fixed: list[str], discovered: list[str]) -> None:
        self._fixed = fixed
        self._discovered = discovered

    def produce(self) -> list[str]:
        return [*self._fixed, *self._discovered]


class LogQueries(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: ServiceConfig, access_log_group: logs.ILogGroup
    ) -> None:
        super().__init__(scope, construct_id)
        self._function_log_group_names: list[str] = []
        access_groups = [access_log_group.log_group_name]
        function_groups = Lazy.list(_LogGroupNames([], self._function_log_group_names))
        all_groups = Lazy.list(_LogGroupNames(access_groups, self._function_log_group_names))
        prefix = f"{config.stack_name}/"
        for query_id, name, query, groups in (
            ("ErrorsByRoute", "errors by route", ERRORS_BY_ROUTE, access_groups),
            ("SlowestRequests", "slowest requests", SLOWEST_REQUESTS, access_groups),
            ("ColdStarts", "cold starts", COLD_STARTS, function_groups),
            ("OneRequest", "one request (replace REQUEST_ID)", ONE_REQUEST, all_groups),
        ):
            logs.CfnQueryDefinition(self, query_id, name=prefix + name, query_string=query, log_group_names=groups)

    def add_log_group(self, log_group: logs.ILogGroup) -> None:
        self._function_log_group_names.append(log_group.log_group_name)
