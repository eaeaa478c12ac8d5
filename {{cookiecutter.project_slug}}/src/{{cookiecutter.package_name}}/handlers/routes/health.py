"""``GET /health``: answers as long as the function can start and route a request."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()


@router.get("/health")
def get_health() -> dict[str, str]:
    return {"status": "ok"}
