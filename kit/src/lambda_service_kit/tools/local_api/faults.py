"""Faults injected around the function, the way the Fault Injection Service's Lambda actions do.

``aws:lambda:invocation-add-delay`` delays a share of invocations before the handler runs;
``aws:lambda:invocation-error`` fails a share of them without running it (API Gateway answers 502).
The handler carries no chaos switch: the local server does this, between the gateway and the function.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from lambda_service_kit.tools.local_api.function_process import Invocation

INJECTED_ERROR = "injected fault: invocation error (aws:lambda:invocation-error)"


@dataclass(frozen=True, kw_only=True)
class FaultSettings:
    latency_ms: int = 0
    latency_percent: float = 100.0  # of invocations delayed by latency_ms
    error_percent: float = 0.0  # of invocations failed

    def __post_init__(self) -> None:
        for name in ("latency_percent", "error_percent"):
            if not 0 <= getattr(self, name) <= 100:  # noqa: PLR2004 - a percentage
                raise ValueError(f"{name}={getattr(self, name)} must be between 0 and 100")
        if self.latency_ms < 0:
            raise ValueError(f"latency_ms={self.latency_ms} must not be negative")

    @property
    def active(self) -> bool:
        return self.latency_ms > 0 or self.error_percent > 0

    def describe(self) -> str:
        if not self.active:
            return "no fault"
        parts = []
        if self.latency_ms:
            parts.append(f"+{self.latency_ms} ms on {self.latency_percent:g}% of invocations")
        if self.error_percent:
            parts.append(f"errors on {self.error_percent:g}% of invocations")
        return ", ".join(parts)


class FaultInjector:
    """Applies the current settings to each invocation; a game day changes them while the server runs."""

    def __init__(
        self,
        settings: FaultSettings | None = None,
        *,
        chance: Callable[[], float] = random.random,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._settings = settings or FaultSettings()
        self._chance = chance  # a number in [0, 1)
        self._sleep = sleep
        self._lock = threading.Lock()

    @property
    def settings(self) -> FaultSettings:
        with self._lock:
            return self._settings

    def update(self, **changes: float) -> FaultSettings:
        with self._lock:
            self._settings = replace(self._settings, **changes)
            return self._settings

    def invoke(self, call_function: Callable[[], Invocation]) -> Invocation:
        settings = self.settings
        if settings.latency_ms and self._chance() * 100 < settings.latency_percent:
            self._sleep(settings.latency_ms / 1000)
        if settings.error_percent and self._chance() * 100 < settings.error_percent:
            return Invocation(failure=INJECTED_ERROR)
        return call_function()
