"""The stage's throttling, applied as API Gateway applies it: a token bucket per stage.

The bucket holds ``burst`` tokens and refills at ``rate`` tokens a second; a request takes one
token or is answered 429 with the template's ``THROTTLED`` gateway response, before any function runs.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lambda_service_kit.tools.local_api.template import GatewayResponse, LocalApi

THROTTLED_STATUS = 429
THROTTLED_MESSAGE = "Too Many Requests"
# MethodSettings that apply to every method of the stage.
EVERY_METHOD = ("/*", "*")


@dataclass(frozen=True)
class StageLimits:
    rate: float  # requests a second, sustained
    burst: int  # requests at once


def stage_limits(template_path: Path) -> StageLimits | None:
    """The throttling the template's stage sets for every method, or None when it sets none."""
    resources: dict[str, dict[str, Any]] = json.loads(template_path.read_text(encoding="utf-8"))["Resources"]
    for resource in resources.values():
        if resource["Type"] != "AWS::ApiGateway::Stage":
            continue
        for setting in resource["Properties"].get("MethodSettings", []):
            if (setting.get("ResourcePath"), setting.get("HttpMethod")) != EVERY_METHOD:
                continue
            if "ThrottlingRateLimit" in setting and "ThrottlingBurstLimit" in setting:
                return StageLimits(
                    rate=float(setting["ThrottlingRateLimit"]), burst=int(setting["ThrottlingBurstLimit"])
                )
    return None


class TokenBucket:
    """Thread-safe: the local server answers each request on a thread of its own."""

    def __init__(self, limits: StageLimits, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._tokens = float(limits.burst)
        self._updated = clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        """True when the request may go on; False when the stage is over its limits."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.limits.burst, self._tokens + (now - self._updated) * self.limits.rate)
            self._updated = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True


def throttled_response(api: LocalApi) -> GatewayResponse:
    """The template's THROTTLED response; else its DEFAULT_4XX one, at 429, as API Gateway does."""
    if "THROTTLED" in api.gateway_responses:
        return api.gateway_responses["THROTTLED"]
    if "DEFAULT_4XX" in api.gateway_responses:
        default = api.gateway_responses["DEFAULT_4XX"]
        return GatewayResponse(status=THROTTLED_STATUS, headers=default.headers, templates=default.templates)
    return GatewayResponse(
        status=THROTTLED_STATUS,
        headers={"Content-Type": "application/json"},
        templates={"application/json": '{"message":$context.error.messageString}'},
    )
