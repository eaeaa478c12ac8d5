"""The Lambda asset CDK uploads: its size unzipped and zipped, what is in it, and its bytecode.

Dependencies ship as bytecode only (``<module>.pyc`` where ``<module>.py`` was), the service's package as
sources with ``__pycache__``: both count as bytecode here.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

MIB = 1024 * 1024
# Deflate at zlib's default level; the CDK's own zip of the same folder lands within a few percent.
COMPRESS_LEVEL = 6
POWERTOOLS = "aws_lambda_powertools"
# A Python layer's files sit under python/ in its zip; Lambda adds /opt/python to the path.
LAYER_PREFIX = "python/"


def measure(asset: Path, *, python_tag: str, package: str) -> dict[str, object]:
    files = [path for path in sorted(asset.rglob("*")) if path.is_file() and path.name != ".fingerprint"]
    unzipped: dict[str, int] = defaultdict(int)
    zipped: dict[str, int] = defaultdict(int)
    bytecode_zipped = 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for path in files:
            relative = path.relative_to(asset).as_posix()
            archive.write(path, relative)
            info = archive.getinfo(relative)
            unzipped[_component(relative)] += info.file_size
            zipped[_component(relative)] += info.compress_size
            bytecode_zipped += info.compress_size if relative.endswith(".pyc") else 0
    zip_bytes = len(buffer.getvalue())
    contents = [
        {"name": name, "unzipped_kib": round(unzipped[name] / 1024), "zipped_kib": round(zipped[name] / 1024)}
        for name in sorted(unzipped, key=unzipped.__getitem__, reverse=True)
    ]
    in_layer = [path for path in files if _is_powertools(path.relative_to(asset).as_posix())]
    function_files = [path for path in files if not _is_powertools(path.relative_to(asset).as_posix())]
    return {
        "unzipped_mib": round(sum(unzipped.values()) / MIB, 2),
        "zipped_mib": round(zip_bytes / MIB, 2),
        "zipped_bytecode_mib": round(bytecode_zipped / MIB, 2),
        "files": len(files),
        "contents": contents,
        "bytecode": _bytecode(asset, python_tag),
        "handler_bytecode": (asset / package / "handlers" / "__pycache__" / f"api.{python_tag}.pyc").is_file(),
        "aws_sdk_bundled": any((asset / name).exists() for name in ("boto3", "botocore", "s3transfer")),
        # Powertools moved to a layer built from the same files (pruned, bytecode only): each zip measured.
        # AWS's public Powertools layer is larger: it carries the whole package and its extras.
        "with_powertools_layer": {
            "function_zip_mib": round(_zip_size(asset, function_files) / MIB, 2),
            "layer_zip_mib": round(_zip_size(asset, in_layer, prefix=LAYER_PREFIX) / MIB, 2),
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
    return top.removesuffix(".py").removesuffix(".pyc")


def _is_powertools(relative: str) -> bool:
    top = relative.split("/", 1)[0]
    return top == POWERTOOLS or (top.startswith(POWERTOOLS + "-") and top.endswith(".dist-info"))


def _zip_size(asset: Path, files: Iterable[Path], *, prefix: str = "") -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for path in files:
            archive.write(path, prefix + path.relative_to(asset).as_posix())
    return len(buffer.getvalue())


def _bytecode(asset: Path, python_tag: str) -> dict[str, int]:
    """Modules shipped (``sources``: as ``.py`` or bytecode only) and how many of them have bytecode."""
    sources = [path for path in asset.rglob("*.py") if path.is_file()]
    bytecode_only = [path for path in asset.rglob("*.pyc") if path.is_file() and path.parent.name != "__pycache__"]
    compiled = sum(1 for path in sources if (path.parent / "__pycache__" / f"{path.stem}.{python_tag}.pyc").is_file())
    return {
        "sources": len(sources) + len(bytecode_only),
        "compiled": compiled + len(bytecode_only),
        "bytecode_only": len(bytecode_only),
    }
