"""Package the host executor as a wheel, so LocalStack's pip installs it and plux finds its entry point."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

NAME = "template_host_lambda_executor"
VERSION = "0.1.0"
MODULES = ("host_lambda_executor.py", "host_lambda_worker.py")
ENTRY_POINTS = "[localstack.lambda.runtime_executor]\nhost = host_lambda_executor:HostRuntimeExecutorPlugin\n"


def build_wheel(output_dir: Path) -> Path:
    source = Path(__file__).parent
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files = {name: (source / name).read_bytes() for name in MODULES}
    files[f"{dist_info}/METADATA"] = f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode()
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{dist_info}/entry_points.txt"] = ENTRY_POINTS.encode()
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    wheel = output_dir / f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
