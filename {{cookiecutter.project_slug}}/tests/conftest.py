"""The function's environment as the dev stack sets it, before any test imports its code (settings are read
at import); the kit's pytest plugin adds the ``service``, ``log_records``, ``host_asset`` and ``api`` fixtures."""

from __future__ import annotations

import os

from infra.config import ENVIRONMENTS

os.environ.update({**ENVIRONMENTS["dev"].function_environment(), "AWS_REGION": ENVIRONMENTS["dev"].region})
