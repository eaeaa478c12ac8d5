"""One construct per concern, each taking the environment's ``config`` as a keyword argument.

A service's stack composes these (the template's ``infra/service_stack.py`` shows how); every
construct keeps its construct ids across kit versions, so an upgrade never replaces a stateful
resource.
"""

from lambda_service_kit.constructs.api import ServiceApi
from lambda_service_kit.constructs.auth import ApiAuthorization, api_authorization
from lambda_service_kit.constructs.budget import ServiceBudget
from lambda_service_kit.constructs.chaos import ChaosExperiments
from lambda_service_kit.constructs.compliance import acknowledge, add_compliance_checks
from lambda_service_kit.constructs.cost_anomaly import CostAnomalyDetection
from lambda_service_kit.constructs.encryption import ServiceKey
from lambda_service_kit.constructs.function import ServiceFunction
from lambda_service_kit.constructs.github_deploy import GitHubDeployRole, github_oidc_provider
from lambda_service_kit.constructs.monitoring import ServiceMonitoring
from lambda_service_kit.constructs.safe_deployment import SafeDeployment
from lambda_service_kit.constructs.tagging import apply_service_tags
from lambda_service_kit.constructs.time_to_live import StackTimeToLive
from lambda_service_kit.constructs.trace_sampling import TraceSampling
from lambda_service_kit.constructs.waf import ApiFirewall

__all__ = [
    "ApiAuthorization",
    "ApiFirewall",
    "ChaosExperiments",
    "CostAnomalyDetection",
    "GitHubDeployRole",
    "SafeDeployment",
    "ServiceApi",
    "ServiceBudget",
    "ServiceFunction",
    "ServiceKey",
    "ServiceMonitoring",
    "StackTimeToLive",
    "TraceSampling",
    "acknowledge",
    "add_compliance_checks",
    "api_authorization",
    "apply_service_tags",
    "github_oidc_provider",
]
