"""The JSON Schemas (draft-04, as API Gateway models want them) the gateway validates bodies with.

``service-kit schemas`` generates them from the service's pydantic models into ``infra/schemas/`` and
they are checked in, so synth never imports runtime code; ``service-kit schemas --check`` (and the
service's tests) fail when a file and its model drift apart. No CDK here: ``ServiceApi`` reads the
schemas at synth, and ``service-kit schemas`` starts without loading the CDK.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

JSON_CONTENT_TYPE = "application/json"


def schema_path(schema_dir: Path, name: str) -> Path:
    return schema_dir / f"{name}.json"


def load_schema(schema_dir: Path, name: str) -> dict[str, Any]:
    return json.loads(schema_path(schema_dir, name).read_text(encoding="utf-8"))
