"""The Lambda asset CDK uploads: its size unzipped and zipped, what is in it, and its bytecode."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from pathlib import Path

MIB = 1024 * 1024
# Deflate at zlib's default level; the CDK's own zip of the same folder lands within a few percent.
COMPRESS_LEVEL = 6
POWERTOOLS = "aws_lambda_powertools"


def measure(asset: Path, *, python_tag: str, package: str) -> dict[str, object]:
    unzipped: dict[str, int] = defaultdict(int)
    zipped: dict[str, int] = defaultdict(int)
    bytecode_zipped = 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for path in sorted(asset.rglob("*")):
            if path.is_file() and path.name != ".fingerprint":
                relative = path.relative_to(asset).as_posix()
                archive.write(path, relative)
                info = archive.getinfo(relative)
                unzipped[_component(relative)] += info.file_size
                zipped[_component(relative)] += info.compress_size
                bytecode_zipped += info.compress_size if "/__pycache__/" in f"/{relative}" else 0
    zip_bytes = len(buffer.getvalue())
    contents = [
        {"name": name, "unzipped_kib": round(unzipped[name] / 1024), "zipped_kib": round(zipped[name] / 1024)}
        for name in sorted(unzipped, key=unzipped.__getitem__, reverse=True)
    ]
    powertools_zipped = zipped.get(POWERTOOLS, 0)
    return {
        "unzipped_mib": round(sum(unzipped.values()) / MIB, 2),
        "zipped_mib": round(zip_bytes / MIB, 2),
        "zipped_bytecode_mib": round(bytecode_zipped / MIB, 2),
        "files": sum(1 for path in asset.rglob("*") if path.is_file()),
        "contents": contents,
        "bytecode": _bytecode(asset, python_tag),
        "handler_bytecode": (asset / package / "handlers" / "__pycache__" / f"api.{python_tag}.pyc").is_file(),
        "aws_sdk_bundled": any((asset / name).exists() for name in ("boto3", "botocore", "s3transfer")),
        "with_powertools_layer": {
            "function_zip_mib": round((zip_bytes - powertools_zipped) / MIB, 2),
            "layer_zip_mib": round(powertools_zipped / MIB, 2),
        },
    }


def _component(relative: str) -> str:
    """The top-level package a file belongs to; every ``*.dist-info`` is counted as packaging metadata."""
    parts = relative.split("/")
    top = parts[0]
    if top == "__pycache__":  # bytecode of a top-level module, typing_extensions.py's for one
        return parts[1].split(".", 1)[0]
    if top.endswith(".dist-info"):
        return "*.dist-info"
    return top.removesuffix(".py")


def _bytecode(asset: Path, python_tag: str) -> dict[str, int]:
    sources = [path for path in asset.rglob("*.py") if path.is_file()]
    compiled = sum(1 for path in sources if (path.parent / "__pycache__" / f"{path.stem}.{python_tag}.pyc").is_file())
    return {"sources": len(sources), "compiled": compiled}
